"""The pages' language: gettext catalogues, the language of each request, and `_` for templates and code.

Everything about the interface language is here, so it can move as one piece. A request's language is
set once (by LocaleMiddleware) in a context variable; `gettext`/`ngettext` below, the Jinja `_`, and
the view-model code all read it, so nothing has to pass a language through every function.
"""

from __future__ import annotations

import gettext as gettext_module
from contextvars import ContextVar

from jinja2 import Environment

# No catalogue yet: every message is its English source text.
_NULL = gettext_module.NullTranslations()
_translations: ContextVar[gettext_module.NullTranslations] = ContextVar("translations", default=_NULL)


def gettext(message: str) -> str:
    return _translations.get().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.get().ngettext(singular, plural, n)


def install(env: Environment) -> None:
    """Give a Jinja environment `_`, `gettext`, `ngettext` and `{% trans %}`, in the request's language.

    newstyle: `_("%(n)s practices", n=3)` formats after translating, and escapes the values it inserts.
    """
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
