"""The pages' language: gettext catalogues, the language of each request, and `_` for templates and code.

Everything about the interface language is here, so it can move as one piece:

- the catalogues, `frontend/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory once at start-up
  (no .mo files to keep in step; see docs/i18n.md for extracting and updating them with Babel);
- the language of a request: `?lang=` when it names a supported language, else the best match of the
  `Accept-Language` header, else English. LocaleMiddleware sets it once per request in a context
  variable, so templates (`_`), view models (`gettext`) and links (`with_language`) read the same one
  without a language being passed through every function;
- links keep a `?lang=` that was given, so a chosen language survives every click and form; a language
  that came from the browser's header needs no parameter, the next request negotiates it again.
"""

from __future__ import annotations

import gettext as gettext_module
import io
from collections.abc import Awaitable, Callable, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol
from babel.support import Translations
from jinja2 import Environment
from markupsafe import Markup, escape
from starlette.datastructures import Headers, QueryParams

from service.languages import by_name, language_names
from service.settings import REPO_ROOT

if TYPE_CHECKING:
    from service.taxonomy import Taxonomy

LOCALE_DIR = REPO_ROOT / "frontend" / "locale"
DEFAULT_LANGUAGE = "en"
# Each language named in itself, for the language menu; the order the menu shows them in.
LANGUAGES: dict[str, str] = {
    "en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "it": "Italiano", "pl": "Polski",
    "bg": "Български",
}
PARAM = "lang"
# Pages written for staff in English only: they answer in English whatever is asked, and offer no menu.
ENGLISH_ONLY = ("/admin",)


@dataclass(frozen=True)
class PageLanguage:
    code: str
    explicit: bool  # chosen by ?lang=: every link the page makes carries it on
    translations: gettext_module.NullTranslations


def load_catalogue(po_path: Path) -> Translations:
    """A .po file compiled to a gettext catalogue in memory; fuzzy entries are left out, as msgfmt does."""
    with po_path.open("rb") as po:
        catalog = read_po(po, locale=po_path.parent.parent.name)
    mo = io.BytesIO()
    write_mo(mo, catalog, use_fuzzy=False)
    mo.seek(0)
    return Translations(fp=mo)


@cache
def catalogues(locale_dir: Path = LOCALE_DIR) -> dict[str, gettext_module.NullTranslations]:
    """Every supported language's catalogue; English is the source text itself."""
    found: dict[str, gettext_module.NullTranslations] = {DEFAULT_LANGUAGE: gettext_module.NullTranslations()}
    for code in LANGUAGES:
        po_path = locale_dir / code / "LC_MESSAGES" / "messages.po"
        if code != DEFAULT_LANGUAGE and po_path.exists():
            found[code] = load_catalogue(po_path)
    return found


def prepare() -> None:
    """Everything a page in any language needs, loaded at start-up rather than by the first page in it:
    the catalogues (a broken one stops the service, not a page) and CLDR's names and number symbols."""
    catalogues()
    for code in LANGUAGES:
        _locale(code).territories  # noqa: B018 - loads the locale's data now
        _decimal_symbol(code)


def accepted_languages(header: str) -> list[str]:
    """The primary language tags of an Accept-Language header, most wanted first (q=0 left out)."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary and quality > 0:
            weighted.append((-quality, position, primary))
    return [tag for _, _, tag in sorted(weighted)]


def choose_language(requested: str | None, accept_language: str | None) -> tuple[str, bool]:
    """(language, whether ?lang= chose it): a supported ?lang=, else the header's best, else English."""
    if requested is not None and requested.strip().lower() in LANGUAGES:
        return requested.strip().lower(), True
    for tag in accepted_languages(accept_language or ""):
        if tag in LANGUAGES:
            return tag, False
    return DEFAULT_LANGUAGE, False


_ENGLISH = PageLanguage(DEFAULT_LANGUAGE, False, gettext_module.NullTranslations())
_current: ContextVar[PageLanguage] = ContextVar("page_language", default=_ENGLISH)


def use_language(code: str, *, explicit: bool = False) -> None:
    """Make `code` the current request's language (LocaleMiddleware does this; tests may too)."""
    translations = catalogues().get(code) or gettext_module.NullTranslations()
    _current.set(PageLanguage(code, explicit, translations))


def current_language() -> str:
    return _current.get().code


def link_language() -> str | None:
    """The language links must carry: the one ?lang= chose, or None."""
    language = _current.get()
    return language.code if language.explicit else None


def gettext(message: str) -> str:
    return _current.get().translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.get().translations.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.get().translations.pgettext(context, message)


@cache
def _decimal_symbol(code: str) -> str:
    return get_decimal_symbol(code)


def decimal_mark() -> str:
    """"." in English, "," in the other page languages (CLDR, through Babel)."""
    return _decimal_symbol(current_language())


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "extract this, translate it later"
    """Marks a string for extraction where it is defined; it is translated where it is shown."""
    return message


def taxonomy_label(taxonomy: Taxonomy, facet: str, slug: str) -> str:
    """A facet value's label in the page's language: seed/taxonomy_labels/, then (for countries) CLDR's
    name of the territory, then the English label."""
    code = current_language()
    if code == DEFAULT_LANGUAGE:
        return taxonomy.label(facet, slug)
    found = taxonomy.translated_label(code, facet, slug)
    if found is None and facet == "country":
        found = _locale(code).territories.get(slug)
    return found or taxonomy.label(facet, slug)


def page_labels(taxonomy: Taxonomy) -> Callable[[str, str], str]:
    """`taxonomy_label(facet, slug)` for a template, in the page's language."""
    return partial(taxonomy_label, taxonomy)


def page_options(taxonomy: Taxonomy, options: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """A form's choices (facet -> slug -> label) with their labels in the page's language; countries and
    languages sorted by the names the reader sees."""
    shown = {facet: ({slug: taxonomy_label(taxonomy, facet, slug) for slug in values} if facet in taxonomy.facets
                     else values) for facet, values in options.items()}
    if "language" in shown:
        shown["language"] = language_names(current_language())
    if "country" in shown:
        shown["country"] = by_name(shown["country"])
    return shown


def language_name(code: str | None) -> str | None:
    """A language code named in the page's language: "de" is "German" in English, "Deutsch" in German."""
    if not code:
        return code
    return _locale(current_language()).languages.get(code.lower(), code)


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


def language_params() -> list[tuple[str, str]]:
    """The (lang, code) pair for a link's query string, or nothing."""
    code = link_language()
    return [(PARAM, code)] if code else []


def with_language(url: str, code: str | None = None) -> str:
    """`url` with ?lang= set to `code` (default: the language links carry); other parameters kept."""
    code = code or link_language()
    if code is None:
        return url
    parts = urlsplit(url)
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARAM]
    return urlunsplit(parts._replace(query=urlencode([*params, (PARAM, code)])))


def language_field() -> Markup:
    """The hidden field that keeps ?lang= in a form's submission (empty when links carry no language)."""
    code = link_language()
    return Markup(f'<input type="hidden" name="{PARAM}" value="{escape(code)}">') if code else Markup("")


def english_only(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in ENGLISH_ONLY)


def language_menu(path_and_query: str) -> list[dict[str, Any]]:
    """The page itself in each language: code, name (in that language), url and whether it is this one."""
    if english_only(urlsplit(path_and_query).path):
        return []
    here = current_language()
    return [{"code": code, "name": name, "url": with_language(path_and_query, code), "current": code == here}
            for code, name in LANGUAGES.items()]


def install(env: Environment) -> None:
    """Give a Jinja environment `_`, `gettext`, `ngettext` and `{% trans %}` in the request's language,
    and the helpers that keep the language: `page_language()`, `link(url)`, `language_field()`,
    `language_menu(url)`.

    newstyle: `_("%(n)s practices", n=3)` formats after translating, and escapes the values it inserts.
    """
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(gettext, ngettext, newstyle=True,  # type: ignore[attr-defined]
                                   pgettext=pgettext)
    env.globals.update(page_language=current_language, link=with_language, language_field=language_field,
                       language_menu=language_menu, language_name=language_name)


ASGIApp = Callable[[MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
                   Awaitable[None]]


class LocaleMiddleware:
    """Sets each HTTP request's page language, and labels HTML answers with it (Content-Language, and
    Vary: Accept-Language, since the same URL answers in the language the browser asks for)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        prepare()

    async def __call__(self, scope: MutableMapping[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if english_only(scope.get("path", "")):
            code, explicit = DEFAULT_LANGUAGE, False
        else:
            code, explicit = choose_language(QueryParams(scope.get("query_string", b"")).get(PARAM),
                                             Headers(scope=scope).get("accept-language"))
        use_language(code, explicit=explicit)

        async def send_labelled(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
                    headers.extend([(b"content-language", code.encode()), (b"vary", b"Accept-Language")])
            await send(message)

        await self.app(scope, receive, send_labelled)
