"""Numbers formatted for people: € 12 500, 2.4 years, 180 MWh/year, 95 t CO2e/year.

A no-break space groups thousands and joins a number to its unit, so "€ 12 500" never wraps apart.
"""

from __future__ import annotations

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
    return text.replace(",", NBSP)


def eur(value: float | int | None) -> str:
    return "" if value is None else f"€{NBSP}{number(value)}"


def years(value: float | int | None) -> str:
    """One decimal at most, at every size (0.8 years beside 0.9 years, never 0.76)."""
    if value is None:
        return ""
    text = f"{float(value):,.1f}".removesuffix(".0").replace(",", NBSP)
    return f"{text}{NBSP}year" if text == "1" else f"{text}{NBSP}years"


def per_year(value: float | int | None, unit: str) -> str:
    return "" if value is None else f"{number(value)}{NBSP}{unit}/year"


def payback(value: float | int | None) -> str:
    """A practice's payback: 0 only ever means nothing was invested, which is what people should read."""
    return "immediate (no investment)" if value == 0 else years(value)
