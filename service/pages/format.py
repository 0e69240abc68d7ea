"""Numbers formatted for people: € 12 500, 2.4 years, 180 MWh/year, 95 t CO2e/year, in the page's language.

A no-break space groups thousands and joins a number to its unit, so "€ 12 500" never wraps apart. The
decimal mark and the words ("years", "/year") follow the page's language (service.pages.i18n).
"""

from __future__ import annotations

from service.pages.i18n import decimal_mark, gettext, ngettext, pgettext

NBSP = "\u00a0"


def number(value: float | int | None) -> str:
    """Whole numbers from 100 up, one decimal below that, two below one; thousands grouped."""
    if value is None:
        return ""
    value = float(value)
    if abs(value) >= 100:
        text = f"{round(value):,}"
    elif abs(value) >= 1 or value == 0:
        text = f"{value:,.1f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(",", NBSP).replace(".", decimal_mark())


def eur(value: float | int | None) -> str:
    return "" if value is None else f"€{NBSP}{number(value)}"


def _unbreakable(text: str) -> str:
    return text.replace(" ", NBSP)


def years(value: float | int | None) -> str:
    """One decimal at most, at every size (0.8 years beside 0.9 years, never 0.76)."""
    if value is None:
        return ""
    rounded = round(float(value), 1)
    text = f"{rounded:,.1f}".removesuffix(".0").replace(",", NBSP).replace(".", decimal_mark())
    if rounded.is_integer():
        return _unbreakable(ngettext("%(num)s year", "%(num)s years", int(rounded)) % {"num": text})
    # Plural rules count whole things; a fraction of years has a form of its own in some languages.
    return _unbreakable(pgettext("a number with decimals", "%(num)s years") % {"num": text})


def per_year(value: float | int | None, unit: str) -> str:
    """180 MWh/year; `unit` is a symbol (MWh, t, m³, €), the same in every language."""
    return "" if value is None else gettext("%(amount)s/year") % {"amount": f"{number(value)}{NBSP}{unit}"}


def eur_per_year(value: float | int | None) -> str:
    return "" if value is None else gettext("%(amount)s/year") % {"amount": eur(value)}


def payback(value: float | int | None) -> str:
    """A practice's payback: 0 only ever means nothing was invested, which is what people should read."""
    return gettext("immediate (no investment)") if value == 0 else years(value)
