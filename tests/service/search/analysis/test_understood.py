"""Budgets and payback typed in words become filters, and their words leave the text search."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.search.analysis import Analyzer, load_analyzer

SEED = Path(__file__).resolve().parents[4] / "seed"


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return load_analyzer(SEED)


def read(analyzer: Analyzer, q: str) -> tuple[dict[str, object], list[str]]:
    analysis = analyzer.analyse(q)
    return {f.name: f.value for f in analysis.filters}, [c.typed for c in analysis.concepts]


@pytest.mark.parametrize(("q", "name", "value"), [
    ("LED payback under 3 years", "payback_max", 3.0),
    # a connector between the payback words and the amount
    ("LED pays back in under 2 years", "payback_max", 2.0),
    ("LED pays back in 2 years", "payback_max", 2.0),
    ("LED that pays for itself in 2 years", "payback_max", 2.0),
    ("amortisiert sich in 2 Jahren LED", "payback_max", 2.0),
    # "return on investment" names the investment but says payback
    ("LED return on investment under 2 years", "payback_max", 2.0),
    ("LED payback period below 4 years", "payback_max", 4.0),
    ("LED pay-back under 2 years", "payback_max", 2.0),
    # numbers in words, before a duration
    ("LED pays back within a year", "payback_max", 1.0),
    ("LED payback less than one year", "payback_max", 1.0),
    ("LED under two years payback", "payback_max", 2.0),
    ("LED moins de deux ans", "payback_max", 2.0),
    ("LED se amortiza en dos años", "payback_max", 2.0),
    # the comparator after the amount, or with a full stop
    ("LED 5000 EUR max", "investment_max", 5000.0),
    ("LED max. 5000 EUR", "investment_max", 5000.0),
    ("LED 20k or more", "investment_min", 20000.0),
    ("LED affordable", "investment_max", 10000.0),
])
def test_amounts_in_words_become_a_filter_and_leave_the_text(analyzer: Analyzer, q: str, name: str,
                                                             value: float) -> None:
    filters, words = read(analyzer, q)
    assert filters == {name: value}
    assert words == ["led"]


@pytest.mark.parametrize("q", ["ISO 50001", "one heat pump", "a 10 year old boiler", "heat pump a year"])
def test_numbers_that_say_no_amount_stay_words(analyzer: Analyzer, q: str) -> None:
    filters, _ = read(analyzer, q)
    assert not {"payback_max", "payback_min", "investment_max", "investment_min"} & set(filters)


def test_one_year_is_said_in_the_singular(analyzer: Analyzer) -> None:
    assert [f.label for f in analyzer.analyse("LED pays back within a year").filters] == ["Payback ≤ 1 year"]


@pytest.mark.parametrize(("q", "codes"), [
    ("Nordic cold store", ("DK", "FI", "IS", "NO", "SE")),
    ("biomass in Scandinavia", ("DK", "NO", "SE")),
    ("Baltic laundry", ("EE", "LT", "LV")),
    ("Benelux brewery", ("BE", "LU", "NL")),
    ("DACH heat pump", ("AT", "CH", "DE")),
])
def test_a_region_becomes_the_filter_of_its_countries(analyzer: Analyzer, q: str, codes: tuple[str, ...]) -> None:
    filters, _ = read(analyzer, q)
    assert sorted(filters["country"]) == sorted(codes)  # type: ignore[call-overload]


@pytest.mark.parametrize(("q", "rest"), [
    ("heat recovery in Poland", "heat recovery"),
    ("heat recovery in the Nordic countries", "heat recovery"),
    ("Wärmerückgewinnung in Polen", "Wärmerückgewinnung"),
    ("pompe à chaleur en France under 10k", "pompe à chaleur"),
    ("Polish foundry waste heat", "foundry waste heat"),
    ("cold stores from Italy and Spain", "cold stores and"),
])
def test_the_word_before_a_place_leaves_the_query_with_it(analyzer: Analyzer, q: str, rest: str) -> None:
    """The search page shows (and links) the query without what became filters: not "heat recovery in"."""
    assert analyzer.analyse(q).rest_q == rest


def test_a_word_of_a_region_s_name_in_another_sense_stays_a_word(analyzer: Analyzer) -> None:
    filters, words = read(analyzer, "Wärmedämmung Dach")
    assert "country" not in filters and "dach" in words


@pytest.mark.parametrize(("q", "low", "high"), [
    ("LED between 10k and 50k", ("investment_min", 10000.0), ("investment_max", 50000.0)),
    ("LED from 5000 to 20000 EUR", ("investment_min", 5000.0), ("investment_max", 20000.0)),
    ("LED 10-50k", ("investment_min", 10000.0), ("investment_max", 50000.0)),
    ("LED €10k–€50k", ("investment_min", 10000.0), ("investment_max", 50000.0)),
    ("zwischen 10.000 und 50.000 € LED", ("investment_min", 10000.0), ("investment_max", 50000.0)),
    ("LED payback of 2-3 years", ("payback_min", 2.0), ("payback_max", 3.0)),
    ("LED payback between 2 and 5 years", ("payback_min", 2.0), ("payback_max", 5.0)),
])
def test_a_range_becomes_a_minimum_and_a_maximum(analyzer: Analyzer, q: str, low: tuple[str, float],
                                                  high: tuple[str, float]) -> None:
    filters, words = read(analyzer, q)
    assert filters == dict([low, high]) and words == ["led"]


@pytest.mark.parametrize(("q", "value"), [("LED around 10k", 10000.0), ("LED for less than 10 grand", 10000.0),
                                          ("LED under a million", 1000000.0)])
def test_more_ways_of_saying_a_budget(analyzer: Analyzer, q: str, value: float) -> None:
    assert read(analyzer, q) == ({"investment_max": value}, ["led"])


@pytest.mark.parametrize("q", ["2019-2021 LED", "heat pump 10 to 20 kW", "Grand Hotel Newport"])
def test_numbers_that_are_no_range_of_money_or_years_stay_words(analyzer: Analyzer, q: str) -> None:
    filters, _ = read(analyzer, q)
    assert not filters
