"""URL parameters → SearchQuery: the contract of SPEC §3 and its errors."""

from __future__ import annotations

import pytest

from service.errors import BadRequest
from service.search.query import SearchQuery, parse_query
from service.taxonomy import load_taxonomy

TAXONOMY = load_taxonomy()


def parse(*pairs: tuple[str, str]) -> SearchQuery:
    return parse_query(list(pairs), TAXONOMY)


def test_defaults() -> None:
    assert parse() == SearchQuery()


def test_filters_are_repeatable_normalised_and_deduplicated() -> None:
    query = parse(("sector", "Food & beverages"), ("sector", "metals,food-beverages"), ("country", "germany"),
                  ("country", "fr"), ("payback_band", "1-3y"))
    assert query.filters == {"sector": ("food-beverages", "metals"), "country": ("DE", "FR"),
                             "payback_band": ("1-3y",)}


def test_canonical_params_round_trip() -> None:
    query = parse(("q", "heat pump"), ("impact", "energy-efficiency"), ("investment_max", "50000"),
                  ("sort", "payback"), ("page", "2"), ("per_page", "50"), ("utm_source", "newsletter"))
    assert parse(*query.to_params()) == query
    assert ("utm_source", "newsletter") not in query.to_params()


@pytest.mark.parametrize(("pairs", "fragment"), [
    ((("sector", "space-mining"),), "sector: unknown value 'space-mining'; allowed: agriculture, food-beverages"),
    ((("impact", "<script>"),), "allowed: energy-efficiency"),
    ((("country", "XX"),), "country: unknown value 'XX'; allowed: AD, AE"),
    ((("investment_band", "cheap"),), "allowed: none, under-10k, 10k-100k, 100k-500k, over-500k"),
    ((("payback_band", "1y"),), "allowed: under-1y, 1-3y, 3-5y, 5-10y, over-10y"),
    ((("company_size", "huge"),), "allowed: micro, small, medium, large"),
    ((("sort", "random"),), "sort: unknown value 'random'; allowed: relevance, payback, investment, savings, newest"),
    ((("page", "0"),), "page: expected a whole number from 1 to 10000"),
    ((("page", "²"),), "page: expected a whole number"),
    ((("page", "1e3"),), "page: expected a whole number"),
    ((("per_page", "101"),), "per_page: expected a whole number from 1 to 100"),
    ((("per_page", "-1"),), "per_page"),
    ((("investment_min", "abc"),), "investment_min: expected a number ≥ 0"),
    ((("payback_max", "-1"),), "payback_max: expected a number ≥ 0"),
    ((("savings_min", "nan"),), "savings_min: expected a number ≥ 0"),
    ((("investment_min", "inf"),), "investment_min"),
    ((("investment_min", "10"), ("investment_max", "5")), "investment_min (10) is greater than investment_max (5)"),
    ((("q", "x" * 1001),), "q: at most 1000 characters"),
])
def test_bad_parameters_are_400s_that_say_what_is_allowed(pairs: tuple, fragment: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse(*pairs)
    assert fragment in caught.value.message


def test_empty_values_mean_not_set() -> None:
    assert parse(("q", ""), ("sector", ""), ("page", ""), ("investment_min", " ")) == SearchQuery()
