"""Meilisearch filter expressions built from a SearchQuery: allow-listed attributes, quoted values.

Meilisearch's filter parser reads a double-quoted value up to the first unescaped `"`; inside it, `\\"`
stands for a quote and `\\\\` for a backslash (documented since v1.4: "The JSON layer unescapes \\\\\\\\ to
\\\\, and then Meilisearch unescapes \\\\ to a single \\"). Quoting every value this way means no user text
can end the value early, so `AND`, `OR 1=1` or `"; DROP` are only ever compared as literal strings.
"""

from __future__ import annotations

import math
from decimal import Decimal

from service.search.query import SearchQuery
from service.taxonomy import FACET_FIELDS

# The only attributes a filter may name: the facet fields, the numeric range fields and the id.
RANGE_FIELDS = {"investment": "investment_eur", "payback": "payback_years", "savings": "annual_savings_eur"}
FILTERABLE = frozenset({*FACET_FIELDS.values(), *RANGE_FIELDS.values(), "id"})


def quote(value: str) -> str:
    """A string value as a double-quoted Meilisearch filter literal that matches exactly that string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def number(value: float) -> str:
    """A finite number in plain positional notation (the filter grammar has no exponent form)."""
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))), "f")


def _attribute(name: str) -> str:
    if name not in FILTERABLE:
        raise ValueError(f"not a filterable attribute: {name!r}")
    return name


def any_of(attribute: str, values: tuple[str, ...] | list[str]) -> str:
    """Documents whose attribute equals (or, for a list, contains) any of the values."""
    attribute = _attribute(attribute)
    if not values:
        raise ValueError("any_of needs at least one value")
    return f"{attribute} IN [{', '.join(quote(v) for v in values)}]"


def range_conditions(query: SearchQuery) -> list[str]:
    """Inclusive numeric bounds; a record without the number fails every bound, as in the embedded index."""
    conditions = []
    for attribute, low, high in ((RANGE_FIELDS["investment"], query.investment_min, query.investment_max),
                                 (RANGE_FIELDS["payback"], query.payback_min, query.payback_max),
                                 (RANGE_FIELDS["savings"], query.savings_min, None)):
        if low is not None:
            conditions.append(f"{_attribute(attribute)} >= {number(low)}")
        if high is not None:
            conditions.append(f"{_attribute(attribute)} <= {number(high)}")
    return conditions


def build_filter(query: SearchQuery, *, without: str | None = None) -> str | None:
    """All active filters AND-ed (values OR-ed within a facet), leaving out facet ``without``.

    Returns None when nothing is filtered, so that the request carries no filter at all.
    """
    conditions = range_conditions(query)
    for facet, field in FACET_FIELDS.items():
        values = query.filters.get(facet)
        if values and facet != without:
            conditions.append(any_of(field, values))
    if not conditions:
        return None
    return " AND ".join(f"({c})" for c in conditions)
