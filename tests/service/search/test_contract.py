"""The behaviour every search backend must share: one suite, run against each backend (see conftest.py).

The answers are about the 12 fixture practices in tests/fixtures/practices.json. A backend that passes
here can replace another by changing a setting: same matches, counts, orders and pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from service.search.backend import SearchBackend
from service.search.documents import HIT_FIELDS
from service.search.query import SearchQuery, SearchResult, parse_query
from service.settings import Settings
from service.taxonomy import FACET_FIELDS, load_taxonomy
from tests.conftest import load_fixture_records, load_records
from tests.service.search.conftest import BACKENDS, backend_for

TAXONOMY = load_taxonomy()
ALL_IDS = {r["id"] for r in load_fixture_records()}


def run(backend: SearchBackend, q: str = "", **params: Any) -> SearchResult:
    pairs = [("q", q)]
    params.setdefault("per_page", 100)
    for key, value in params.items():
        pairs.extend((key, str(v)) for v in (value if isinstance(value, list) else [value]))
    return backend.search(parse_query(pairs, TAXONOMY))


def ids(backend: SearchBackend, q: str = "", **params: Any) -> list[str]:
    return [hit["id"] for hit in run(backend, q, **params).hits]


def counts(result: SearchResult, facet: str) -> dict[str, int]:
    return {v.value: v.count for v in result.facets[facet]}


# --- matching ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("q", "expected"), [
    ("brewery", "fx-spent-grain"),
    ("dairy refrigeration", "fx-heat-pump-dairy"),
    ("Compressed air leaks", "fx-compressed-air"),
    ("rainwater", "fx-rainwater"),
    ("cartonboard", "fx-vsd-pumps"),
    ("Brandt Logistik", "fx-led-warehouse"),  # organisation
    ("motion sensors", "fx-led-warehouse"),  # technologies
    ("spent grain", "fx-spent-grain"),  # outputs
])
def test_words_find_their_practice_first(backend: SearchBackend, q: str, expected: str) -> None:
    assert ids(backend, q)[0] == expected


def test_a_word_found_nowhere_finds_nothing(backend: SearchBackend) -> None:
    result = run(backend, "zeppelin ")
    assert result.total == 0 and result.hits == []
    assert all(v.count == 0 for values in result.facets.values() for v in values)


def test_matching_ignores_case(backend: SearchBackend) -> None:
    assert ids(backend, "BREWERY") == ids(backend, "brewery") == ["fx-spent-grain"]


@pytest.mark.parametrize(("q", "expected"), [
    ("compresed air", "fx-compressed-air"),  # 10 letters: one typo allowed
    ("photovoltiac", "fx-pv-roof"),  # a swap of two letters is one typo
    ("refrigaration", "fx-heat-pump-dairy"),  # 13 letters: two typos allowed
    ("brewey", "fx-spent-grain"),  # 6 letters: one typo
])
def test_typos_within_the_budget_still_match(backend: SearchBackend, q: str, expected: str) -> None:
    assert expected in ids(backend, q)[:3]


@pytest.mark.parametrize("q", ["bras ", "heet ", "lef ", "bruwary ", "reffrigaratin "])
def test_typos_beyond_the_budget_do_not_match(backend: SearchBackend, q: str) -> None:
    # 4 letters or fewer: no typo; 5-8 letters: one; 9+: two. Trailing space: no prefix matching either.
    found = ids(backend, q)
    assert not {"fx-textile-water", "fx-heat-pump-dairy", "fx-led-warehouse", "fx-spent-grain"} & set(found)


@pytest.mark.parametrize(("q", "expected"), [
    ("rainwater harv", "fx-rainwater"),
    ("photovol", "fx-pv-roof"),
    ("cartonbo", "fx-vsd-pumps"),
])
def test_the_last_word_matches_as_a_prefix(backend: SearchBackend, q: str, expected: str) -> None:
    assert ids(backend, q)[0] == expected


def test_a_complete_last_word_is_not_a_prefix(backend: SearchBackend) -> None:
    assert ids(backend, "cartonbo ") == []


@pytest.mark.parametrize(("q", "expected"), [
    ("cordoba", "fx-rainwater"),  # Córdoba
    ("karnten", "fx-heat-pump-dairy"),  # Kärnten
    ("ile de france", "fx-led-supermarket"),  # Île-de-France
    ("CAFÉ repair", "fx-no-figures"),
])
def test_accents_are_folded(backend: SearchBackend, q: str, expected: str) -> None:
    assert ids(backend, q)[0] == expected


@pytest.mark.parametrize(("q", "expected"), [
    ("PV", "fx-pv-roof"),  # group: pv = photovoltaic
    ("CHP", "fx-chp-hospital"),  # group: chp = combined heat and power
    ("cogeneration", "fx-chp-hospital"),
    ("VSD", "fx-vsd-pumps"),  # group: vsd = variable speed drives
])
def test_synonyms_from_the_seed_list(backend: SearchBackend, q: str, expected: str) -> None:
    assert ids(backend, q)[0] == expected


def test_labels_of_country_and_sector_are_searchable(backend: SearchBackend) -> None:
    assert set(ids(backend, "Ireland ")) == {"fx-spent-grain"}
    assert "fx-chp-hospital" in ids(backend, "Healthcare ")


# --- hits ----------------------------------------------------------------------------------------


def test_hits_carry_the_record_fields_and_highlights(backend: SearchBackend) -> None:
    hit = run(backend, "brewery").hits[0]
    assert set(HIT_FIELDS) <= set(hit)
    assert hit["sectors"] == ["food-beverages", "agriculture"] and hit["country"] == "IE"
    assert set(hit["highlight"]) == {"title", "summary", "description"}
    assert "<mark>" in hit["highlight"]["title"] + hit["highlight"]["summary"]


def test_highlights_escape_record_text_but_keep_our_marks(backend: SearchBackend) -> None:
    hit = run(backend, "hostile script").hits[0]
    assert hit["id"] == "fx-hostile"
    highlight = hit["highlight"]
    assert "<mark>Hostile</mark>" in highlight["title"]
    assert "&lt;" in highlight["title"] and "<script" not in highlight["title"]
    assert "<img" not in highlight["summary"] and "&lt;img" in highlight["summary"]
    assert highlight["title"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_browsing_without_words_highlights_nothing(backend: SearchBackend) -> None:
    for hit in run(backend).hits:
        assert "<mark>" not in "".join(hit["highlight"].values())
        assert hit["highlight"]["description"] == ""


# --- facets --------------------------------------------------------------------------------------


def test_every_facet_lists_its_values_in_taxonomy_order_with_zero_counts(backend: SearchBackend) -> None:
    result = run(backend)
    assert set(result.facets) == set(FACET_FIELDS)
    for name in FACET_FIELDS:
        if name == "country":
            continue
        assert [v.value for v in result.facets[name]] == list(TAXONOMY.facet(name).values)
        assert all(v.label == TAXONOMY.label(name, v.value) for v in result.facets[name])
    sectors = counts(result, "sector")
    assert sectors["logistics"] == 2 and sectors["food-beverages"] == 2 and sectors["chemicals"] == 0
    assert counts(result, "investment_band") == {"none": 1, "under-10k": 2, "10k-100k": 2, "100k-500k": 4,
                                                 "over-500k": 2}
    paybacks = counts(result, "payback_band")
    # A payback of exactly 10 years is the upper edge of "Over 5, up to 10 years", as in payback_max=10.
    assert paybacks["over-10y"] == 1 and paybacks["5-10y"] == run(backend, payback_min=5.0001, payback_max=10).total


def test_countries_present_are_sorted_by_count(backend: SearchBackend) -> None:
    countries = run(backend).facets["country"]
    values = [(v.value, v.count) for v in countries]
    assert values[:2] == [("DE", 2), ("FR", 2)]
    assert len(values) == 10 and all(n > 0 for _, n in values)
    assert [n for _, n in values] == sorted((n for _, n in values), reverse=True)
    assert next(v for v in countries if v.value == "IE").label == TAXONOMY.label("country", "IE")


def test_values_within_a_facet_are_ored_and_the_facet_counts_ignore_its_own_filter(backend: SearchBackend) -> None:
    one = run(backend, sector="logistics")
    two = run(backend, sector=["logistics", "retail"])
    assert one.total == 2 and two.total == 3
    assert set(ids(backend, sector=["logistics", "retail"])) == {"fx-led-warehouse", "fx-rainwater",
                                                                  "fx-led-supermarket"}
    # Ticking a second sector shows what it adds: the sector counts are those of the unfiltered set.
    assert counts(two, "sector") == counts(run(backend), "sector")
    assert {v.value for v in two.facets["sector"] if v.selected} == {"logistics", "retail"}
    assert counts(two, "country") == {"DE": 1, "FR": 1, "ES": 1}


def test_facets_are_anded_and_each_is_counted_without_its_own_filter(backend: SearchBackend) -> None:
    result = run(backend, sector="logistics", country="DE")
    assert result.total == 1 and [h["id"] for h in result.hits] == ["fx-led-warehouse"]
    assert counts(result, "country") == {"DE": 1, "ES": 1}  # counted with the sector filter only
    sectors = counts(result, "sector")  # counted with the country filter only
    assert sectors["logistics"] == 1 and sectors["metals"] == 1 and sum(sectors.values()) == 2
    assert counts(result, "impact")["energy-efficiency"] == 1 and counts(result, "impact")["water-efficiency"] == 0
    assert [v.value for v in result.facets["country"] if v.selected] == ["DE"]


def test_multi_valued_facets_match_any_listed_value(backend: SearchBackend) -> None:
    assert set(ids(backend, impact="emission-reduction")) == {"fx-led-supermarket", "fx-heat-pump-dairy",
                                                             "fx-pv-roof", "fx-chp-hospital"}
    assert set(ids(backend, impact="emission-reduction", key_area="energy-supply")) == {
        "fx-heat-pump-dairy", "fx-pv-roof", "fx-chp-hospital"}


def test_a_selected_value_without_matches_is_still_listed(backend: SearchBackend) -> None:
    result = run(backend, country="SE")
    assert result.total == 0
    sweden = [v for v in result.facets["country"] if v.value == "SE"]
    assert len(sweden) == 1 and sweden[0].selected and sweden[0].count == 0
    assert counts(result, "country")["DE"] == 2  # the country facet ignores its own filter


def test_facet_counts_follow_the_text_query(backend: SearchBackend) -> None:
    result = run(backend, "lighting")
    assert {h["id"] for h in result.hits} >= {"fx-led-warehouse", "fx-led-supermarket"}
    assert counts(result, "sector")["retail"] == 1 and counts(result, "sector")["healthcare"] == 0


# --- numeric ranges ------------------------------------------------------------------------------


@pytest.mark.parametrize(("params", "expected"), [
    ({"investment_min": 42000, "investment_max": 150000}, {"fx-led-warehouse", "fx-rainwater", "fx-heat-pump-dairy"}),
    ({"investment_max": 0}, {"fx-spent-grain"}),
    ({"payback_max": 2}, {"fx-led-warehouse", "fx-hostile", "fx-vsd-pumps", "fx-spent-grain", "fx-compressed-air"}),
    ({"payback_min": 10}, {"fx-rainwater", "fx-textile-water"}),
    ({"savings_min": 95000}, {"fx-led-supermarket", "fx-chp-hospital", "fx-vsd-pumps"}),
    ({"savings_min": 95000, "investment_max": 400000}, {"fx-led-supermarket", "fx-vsd-pumps"}),
    ({"investment_min": 0.5, "investment_max": 9800.0}, {"fx-compressed-air", "fx-hostile"}),
])
def test_ranges_are_inclusive_and_exclude_unknown_numbers(backend: SearchBackend, params: dict[str, Any],
                                                          expected: set[str]) -> None:
    result = run(backend, **params)
    assert {h["id"] for h in result.hits} == expected and result.total == len(expected)
    assert "fx-no-figures" not in {h["id"] for h in result.hits}


def test_ranges_and_facets_combine(backend: SearchBackend) -> None:
    result = run(backend, investment_max=100000, sector=["logistics", "metals"])
    assert {h["id"] for h in result.hits} == {"fx-led-warehouse", "fx-rainwater", "fx-compressed-air"}
    assert counts(result, "sector")["retail"] == 0  # the supermarket costs more than the range allows


# --- sorting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sort", "field", "descending"), [
    ("payback", "payback_years", False),
    ("investment", "investment_eur", False),
    ("savings", "annual_savings_eur", True),
    ("newest", "year", True),
])
def test_sorts_order_by_the_number_with_unknown_values_last(backend: SearchBackend, sort: str, field: str,
                                                           descending: bool) -> None:
    hits = run(backend, sort=sort).hits
    assert {h["id"] for h in hits} == ALL_IDS
    values = [h[field] for h in hits]
    known = [v for v in values if v is not None]
    assert values[:len(known)] == known, "records without the number come last"
    assert known == sorted(known, reverse=descending)
    if field != "year":
        assert values[-1] is None and hits[-1]["id"] == "fx-no-figures"


def test_sorting_applies_to_a_text_query_too(backend: SearchBackend) -> None:
    assert ids(backend, "lighting", sort="investment")[:2] == ["fx-led-warehouse", "fx-led-supermarket"]
    assert ids(backend, "lighting", sort="savings")[:2] == ["fx-led-supermarket", "fx-led-warehouse"]


def test_browsing_shows_the_newest_first(backend: SearchBackend) -> None:
    years = [h["year"] for h in run(backend).hits]
    assert years[0] == 2023 and years == sorted(years, reverse=True)


# --- pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("sort", ["relevance", "payback", "newest"])
def test_pages_partition_the_results(backend: SearchBackend, sort: str) -> None:
    pages = [run(backend, sort=sort, per_page=5, page=n) for n in (1, 2, 3, 4)]
    assert [len(p.hits) for p in pages] == [5, 5, 2, 0]
    assert all(p.total == 12 and p.total_is_exact and p.per_page == 5 for p in pages)
    seen = [h["id"] for p in pages for h in p.hits]
    assert len(seen) == len(set(seen)) == 12
    assert seen == ids(backend, sort=sort)  # the pages are slices of one order


def test_page_edges(backend: SearchBackend) -> None:
    single = run(backend, "rainwater", per_page=1)
    assert single.total == 1 and len(single.hits) == 1 and single.page == 1
    far = run(backend, page=10000, per_page=100)
    assert far.total == 12 and far.hits == [] and far.page == 10000
    assert run(backend, per_page=100).as_dict()["pages"] == 1


# --- hostile input -------------------------------------------------------------------------------

HOSTILE_QUERIES = [
    "heat-pump", "c++", "50%", '"abc', 'abc"', '"heat pump"', "AND", "OR", "NOT", "a AND", "AND OR NOT",
    "NEAR(a b)", "title:heat", "^heat", "heat*", "*", "-heat", "-", "+heat", "(heat", "heat)", "[]", "{}", "'",
    "\\", '\\"', "'; DROP TABLE docs; --", "1 OR 1=1", '" OR ""="', "%_%", "\x00", "heat\x00pump", "\x01\x02",
    "\t\n\r", "   ", "😀", "heat 😀 pump", "ß", "İstanbul", "ﬁlter", "<script>alert(1)</script>", "<mark>x</mark>",
    "&amp;", "x" * 1000, "a " * 400, "e\u0301", "\u202eevil", "\ufeffheat", "NULL", "_geoRadius(1, 2, 3)",
    "sectors = retail", "0", "-1", "1e308", "CO₂",
]


@pytest.mark.parametrize("q", HOSTILE_QUERIES)
def test_no_query_text_raises(backend: SearchBackend, q: str) -> None:
    result = run(backend, q, per_page=20)
    assert 0 <= result.total <= 12 and len(result.hits) <= 20
    for hit in result.hits:
        assert "<script" not in hit["highlight"]["title"] and "<img" not in hit["highlight"]["summary"]


@pytest.mark.parametrize("value", ['" OR 1=1', '"; DROP', "DE\" OR country = \"FR", "\\", "AND", "é😀", ""])
def test_hostile_filter_values_match_only_themselves(backend: SearchBackend, value: str) -> None:
    # parse_query refuses unknown values; a backend must still be safe when handed one directly.
    result = backend.search(SearchQuery(filters={"country": (value,), "sector": ("logistics",)}))
    assert result.total == 0 and result.hits == []
    assert counts(result, "sector")["logistics"] == 0
    assert [v.value for v in result.facets["country"] if v.selected] == [value]


# --- letters the tokenizers fold differently, and numbers ----------------------------------------
# Meilisearch's tokenizer folds accents (ó, ä, é) but not ł, ø, ß, æ; the embedded index indexes a
# plain-Latin spelling of such words beside the text, and Meilisearch documents carry the same spellings
# in their `aliases` field (meili_settings.to_meili_document), so both find Łódź by `lodz`. Numbers
# get no typo on either backend (`typoTolerance.disableOnNumbers` on Meilisearch).

LETTER_RECORDS = [
    {"id": "lt-lodz", "title": "Waste heat from a Łódź textile dyehouse", "country": "PL", "region": "Łódzkie",
     "summary": "A dyehouse feeds the heat of its hot effluent back into the dye baths.",
     "sectors": ["textiles"], "impacts": ["energy-efficiency"], "year": 2022},
    {"id": "lt-kobenhavn", "title": "Seawater district cooling in København", "country": "DK",
     "organisation": "Søren Ørsted ApS", "summary": "Office blocks are cooled with seawater instead of chillers.",
     "sectors": ["energy"], "impacts": ["energy-efficiency"], "year": 2021},
    {"id": "lt-strasse", "title": "Heat pump for the Hauptstraße bakery", "country": "DE",
     "organisation": "Bäckerei Großmann", "summary": "The ovens' exhaust heat warms the shop and the dough room.",
     "sectors": ["food-beverages"], "impacts": ["energy-efficiency"], "year": 2020},
    {"id": "lt-iso", "title": "ISO 50001 energy management at a foundry", "country": "CZ",
     "summary": "A foundry certified to ISO 50001 cut its gas use by metering every furnace.",
     "sectors": ["metals"], "impacts": ["energy-efficiency"], "year": 2019},
]


@pytest.fixture(scope="module", params=BACKENDS)
def letters_backend(request: pytest.FixtureRequest,
                    tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("letters") / "data")
    load_records(settings, LETTER_RECORDS)
    yield from backend_for(request.param, settings)


@pytest.mark.parametrize(("q", "expected"), [
    ("lodz ", "lt-lodz"), ("Łódź ", "lt-lodz"), ("lodzkie ", "lt-lodz"),
    ("kobenhavn ", "lt-kobenhavn"), ("København ", "lt-kobenhavn"), ("orsted ", "lt-kobenhavn"),
    ("hauptstrasse ", "lt-strasse"), ("Hauptstraße ", "lt-strasse"), ("grossmann ", "lt-strasse"),
])
def test_letters_without_a_decomposition_are_found_by_their_plain_latin_spelling(
        letters_backend: SearchBackend, q: str, expected: str) -> None:
    assert ids(letters_backend, q) == [expected]


def test_numbers_match_exactly_and_never_through_a_typo(letters_backend: SearchBackend) -> None:
    assert ids(letters_backend, "50001 ") == ["lt-iso"]
    assert ids(letters_backend, "50002 ") == []
    assert ids(letters_backend, "iso 50011 ") == ["lt-iso"]  # found by `iso`; the number adds nothing


# --- query analysis: what both backends must read the same way -----------------------------------


def test_budget_in_words_becomes_a_filter_and_is_reported(backend: SearchBackend) -> None:
    result = run(backend, "LED under 50000 euro")
    assert [hit["id"] for hit in result.hits] == ["fx-led-warehouse"]
    assert result.understood is not None
    assert [(f["name"], f["value"]) for f in result.understood["filters"]] == [("investment_max", 50000.0)]


def test_understand_false_reads_the_words_as_words(backend: SearchBackend) -> None:
    result = run(backend, "LED under 50000 euro", understand="false")
    assert result.understood is not None and result.understood["filters"] == []
    # The words match no practice together, so they are given up and said; no budget filters the LED cases.
    assert {hit["id"] for hit in result.hits} == {"fx-led-warehouse", "fx-led-supermarket"}
    assert "euro" in result.understood["dropped"]


def test_country_in_words_becomes_a_filter(backend: SearchBackend) -> None:
    assert ids(backend, "LED lighting in Germany") == ["fx-led-warehouse"]
    assert ids(backend, "German LED lighting") == ["fx-led-warehouse"]


def test_quoted_phrase_and_exclusion(backend: SearchBackend) -> None:
    assert ids(backend, '"daylight dimming"') == ["fx-led-supermarket"]
    assert ids(backend, '"dimming daylight"') == []
    assert "fx-led-supermarket" not in ids(backend, "LED -supermarkets")
    assert "fx-led-warehouse" in ids(backend, "LED -supermarkets")


def test_totals_count_practices_matching_every_concept(backend: SearchBackend) -> None:
    both = run(backend, "heat pump dairy ")
    assert [hit["id"] for hit in both.hits] == ["fx-heat-pump-dairy"] and both.total == 1
    assert both.understood is not None and both.understood["dropped"] == []


def test_words_found_nowhere_are_dropped_and_said(backend: SearchBackend) -> None:
    result = run(backend, "unicornly brewery ")
    assert [hit["id"] for hit in result.hits] == ["fx-spent-grain"]
    assert result.understood is not None and result.understood["dropped"] == ["unicornly"]
    assert "showing practices that match brewery" in result.understood["message"]


def test_hostile_syntax_is_read_as_words(backend: SearchBackend) -> None:
    for q in ['"', '-', '--', '-"', '""', '"-" -"" heat', 'a"b"c -', '-"unclosed phrase', '"""heat"""']:
        run(backend, q)  # no error; and syntax characters never reach a backend as syntax


TERM_RECORDS = [
    {"id": "tr-de", "title": "Recycled plastic in garden furniture", "country": "DE",
     "summary": "A moulder replaced virgin granulate with recycled plastic from household collection.",
     "sectors": ["plastics"], "impacts": ["material-efficiency"], "year": 2021},
    {"id": "tr-pt", "title": "Recyclate instead of virgin polymer at a pipe plant", "country": "PT",
     "summary": "A pipe maker extrudes the core layer of its pipes from post-consumer recyclate.",
     "sectors": ["plastics"], "impacts": ["material-efficiency"], "year": 2022},
]


@pytest.fixture(scope="module", params=BACKENDS)
def terms_backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SearchBackend]:
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("terms") / "data")
    load_records(settings, TERM_RECORDS)
    yield from backend_for(request.param, settings)


def test_a_precise_term_said_nowhere_within_the_filters_is_searched_as_its_concept(
        terms_backend: SearchBackend) -> None:
    assert ids(terms_backend, "recycled plastic ") == ["tr-de"]  # said as typed: precise
    # Within Portugal nobody says "recycled plastic"; the practice that says "recyclate" answers.
    assert ids(terms_backend, "recycled plastic pipes in Portugal ") == ["tr-pt"]


def test_precise_terms_are_read_as_their_concepts_before_a_word_is_given_up(terms_backend: SearchBackend) -> None:
    # Nobody says both "recycled plastic" and "pipes"; the pipe plant says "recyclate".
    result = run(terms_backend, "recycled plastic pipes ")
    assert [hit["id"] for hit in result.hits] == ["tr-pt"]
    assert result.understood is not None and result.understood["dropped"] == []
