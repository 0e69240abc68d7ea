"""Names of languages, and lists sorted by name, in the page's language (CLDR data, through Babel)."""

from __future__ import annotations

import unicodedata
from functools import cache

from babel import Locale


def by_name(pairs: dict[str, str]) -> dict[str, str]:
    """Sorted by the name people read, accents ignored (Spain under S, Österreich beside Ost…)."""
    def key(item: tuple[str, str]) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", item[1]) if not unicodedata.combining(c)).casefold()
    return dict(sorted(pairs.items(), key=key))


@cache
def language_names(locale: str = "en") -> dict[str, str]:
    """ISO 639-1 code -> the language's name in ``locale``, by name (CLDR, through Babel)."""
    names = Locale.parse(locale).languages
    return by_name({code: name[:1].upper() + name[1:] for code, name in names.items()
                    if len(code) == 2 and code.isalpha() and code.islower()})

