"""Cells a spreadsheet would run: text starting with = + - @, tab or CR is a formula to Excel and
LibreOffice (OWASP "CSV injection"). CSV meant for people gets such cells prefixed with a quote, which
spreadsheets show as text; exact round trips use JSON, NDJSON or the raw CSV (docs/pages.md)."""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The cell as a spreadsheet shows it without running it: formula-like text gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value
