"""Meilisearch filter strings: allow-listed attributes, and values that can only ever be literal strings.

`meili_parse_quoted` below follows Meilisearch's own filter parser for a double-quoted value
(crates/filter-parser/src/value.rs: `quoted_by` ends the value at the first quote not preceded by a
backslash and turns `\\"` into `"`; then `unescaper::unescape` turns `\\\\` into `\\`). Each hostile value
must come back out exactly, with the parser stopping at our closing quote and not a character earlier.
"""

from __future__ import annotations

import pytest

from service.search.meili_filters import FILTERABLE, any_of, build_filter, number, quote, range_conditions
from service.search.query import SearchQuery

HOSTILE_VALUES = [
    "plain", "", " ", '"', '""', "'", "\\", "\\\\", '\\"', '"\\', 'a"b', "a\\b", "a\\\"b", 'end\\', "OR 1=1",
    '" OR 1=1', '" OR "1"="1', '"; DROP TABLE practices; --', "AND", "OR", "NOT", "IN", "TO", "EXISTS",
    "a AND b", "x] OR country IN [y", "(a) OR (b)", "country = DE", "_geoRadius(0, 0, 1)", "\\u{41}", "\\n", "\n",
    "\t", "\x00", "Ελλάδα", "Île-de-France", "Kärnten", "東京", "😀", "🔥\"🔥", "e\u0301", "\u202eevil", "x" * 500,
]


def meili_parse_quoted(text: str) -> tuple[str, str]:
    """Parse one double-quoted value at the start of ``text`` as Meilisearch does; returns (value, rest)."""
    assert text.startswith('"')
    i, body_end = 1, None
    while i < len(text):
        if text[i] == '"':
            body_end = i
            break
        if text[i] == "\\":
            assert i + 1 < len(text), "a trailing backslash is malformed"
            i += 2
            continue
        i += 1
    assert body_end is not None, "no closing quote"
    raw = text[1:body_end].replace('\\"', '"')
    out, j = [], 0
    while j < len(raw):  # unescaper: only `\\` and `\"` can occur in what quote() writes
        if raw[j] == "\\":
            assert raw[j + 1] in '\\"', f"unexpected escape \\{raw[j + 1]}"
            out.append(raw[j + 1])
            j += 2
        else:
            out.append(raw[j])
            j += 1
    return "".join(out), text[body_end + 1:]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_quoted_value_parses_back_to_itself_and_ends_at_our_quote(value: str) -> None:
    literal = quote(value)
    parsed, rest = meili_parse_quoted(literal + " AND tail")
    assert parsed == value
    assert rest == " AND tail"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_an_in_list_of_hostile_values_keeps_its_structure(value: str) -> None:
    expression = any_of("country", [value, "DE"])
    assert expression.startswith('country IN ["') and expression.endswith('"DE"]')
    first, rest = meili_parse_quoted(expression[len("country IN ["):])
    assert first == value and rest == ', "DE"]'


@pytest.mark.parametrize(("value", "expected"), [
    ('" OR 1=1', r'"\" OR 1=1"'),
    ('"; DROP', r'"\"; DROP"'),
    ("a\\b", r'"a\\b"'),
    ('end\\', '"end\\\\"'),
    ("AND", '"AND"'),
    ("Kärnten 😀", '"Kärnten 😀"'),
])
def test_exact_escaping(value: str, expected: str) -> None:
    assert quote(value) == expected


def test_only_allow_listed_attributes_can_be_filtered() -> None:
    assert {"sectors", "country", "investment_eur", "id"} <= FILTERABLE
    for attribute in ("title", "description", "country = DE OR id", "", "sectors)"):
        with pytest.raises(ValueError):
            any_of(attribute, ["x"])
    with pytest.raises(ValueError):
        any_of("country", [])


@pytest.mark.parametrize(("value", "expected"), [
    (0, "0"), (42000.0, "42000"), (0.5, "0.5"), (2.125, "2.125"), (1e-7, "0.0000001"), (1e20, "100000000000000000000"),
])
def test_numbers_are_written_without_exponents(value: float, expected: str) -> None:
    assert number(value) == expected


def test_non_finite_numbers_are_refused() -> None:
    for value in (float("inf"), float("nan")):
        with pytest.raises(ValueError):
            number(value)


def test_ranges_are_inclusive_bounds() -> None:
    query = SearchQuery(investment_min=1000, investment_max=5000.5, payback_max=3, savings_min=0)
    assert range_conditions(query) == ["investment_eur >= 1000", "investment_eur <= 5000.5", "payback_years <= 3",
                                       "annual_savings_eur >= 0"]


def test_build_filter_ands_facets_ors_values_and_can_leave_one_facet_out() -> None:
    query = SearchQuery(filters={"sector": ("food-beverages", "retail"), "country": ("DE",)}, payback_max=3)
    assert build_filter(query) == ('(payback_years <= 3) AND (sectors IN ["food-beverages", "retail"]) '
                                   'AND (country IN ["DE"])')
    assert build_filter(query, without="sector") == '(payback_years <= 3) AND (country IN ["DE"])'
    assert build_filter(SearchQuery()) is None
    assert build_filter(SearchQuery(filters={"sector": ("retail",)}), without="sector") is None
