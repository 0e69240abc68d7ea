"""GET /api/symbiosis/matches over the fixture practices and over the seed data."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.service.symbiosis.data import seed_records

FIGURES = ("investment_eur", "annual_savings_eur", "payback_years", "energy_saved_mwh", "co2_avoided_t")


def matches(client: TestClient, **params: str) -> dict[str, Any]:
    response = client.get("/api/symbiosis/matches", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def ids(body: dict[str, Any]) -> list[str]:
    return [m["id"] for m in body["matches"]]


@pytest.mark.parametrize(("resource", "expected"), [
    ("spent grain", {"sx-dairy-farm-feed", "sx-bakery-grain-bread"}),
    ("brewers grains", {"sx-dairy-farm-feed", "sx-bakery-grain-bread"}),
    ("Brewer's grains", {"sx-dairy-farm-feed", "sx-bakery-grain-bread"}),
    ("waste heat", {"sx-greenhouse-heat", "sx-district-heating"}),
    ("waste heat at 60 °C", {"sx-greenhouse-heat", "sx-district-heating"}),
    ("surplus heat", {"sx-greenhouse-heat", "sx-district-heating"}),
    ("sawdust", {"sx-pellet-plant"}),
    ("sawdst", {"sx-pellet-plant"}),
    ("plastik scrapp", {"sx-recycler-plastic"}),
    ("FLY ASH", {"sx-cement-flyash"}),
    ("lactosérum", {"sx-whey-protein"}),
    ("lactoserum", {"sx-whey-protein"}),
    ("digestate", {"sx-farm-digestate"}),
])
def test_output_finds_practices_that_take_the_stream_in(fixture_client: TestClient, resource: str,
                                                        expected: set[str]) -> None:
    body = matches(fixture_client, output=resource)
    assert set(ids(body)) == expected
    assert body["total"] == len(expected)
    assert body["searched"] == "inputs"
    for match in body["matches"]:
        assert match["matched_streams"], match
        assert {"sectors", "country", "organisation", "url", *FIGURES} <= match.keys()


@pytest.mark.parametrize(("resource", "expected"), [
    ("spent grain", {"sx-brewery-grain"}),
    ("waste heat", {"sx-datacentre-heat"}),
    ("sawdust", {"sx-sawmill"}),
    ("whey", {"sx-cheese-whey-out", "sx-whey-protein"}),  # whey permeate is in the whey group
    ("fly ash", {"sx-power-plant-ash"}),
    ("co2", {"sx-brewery-co2"}),
    ("carbon dioxide", {"sx-brewery-co2"}),
])
def test_input_finds_practices_that_give_the_stream_off(fixture_client: TestClient, resource: str,
                                                        expected: set[str]) -> None:
    body = matches(fixture_client, input=resource)
    assert set(ids(body)) == expected
    assert body["searched"] == "outputs"


def test_exact_matches_come_before_synonyms_and_typos(fixture_client: TestClient) -> None:
    body = matches(fixture_client, output="waste heat")
    assert [m["match"] for m in body["matches"]] == ["exact", "synonym"]
    assert ids(body) == ["sx-greenhouse-heat", "sx-district-heating"]
    streams = {m["id"]: m["matched_streams"][0] for m in body["matches"]}
    assert streams["sx-district-heating"] == {"stream": "excess heat", "match": "synonym", "resource": "waste heat"}


def test_a_typo_is_reported_as_a_correction(fixture_client: TestClient) -> None:
    body = matches(fixture_client, output="sawdst")
    assert body["corrections"] == [{"typed": "sawdst", "corrected": "sawdust"}]
    assert body["matches"][0]["match"] == "typo"
    assert body["understood_as"] == ["sawdust"]


def test_a_shared_word_finds_a_more_specific_stream(fixture_client: TestClient) -> None:
    body = matches(fixture_client, input="ash")
    assert ids(body) == ["sx-power-plant-ash"]
    assert body["matches"][0]["match"] == "word"


def test_results_show_the_figures_and_the_organisations(fixture_client: TestClient) -> None:
    body = matches(fixture_client, output="fly ash")
    match = body["matches"][0]
    assert match["sectors"] == ["construction"] and match["country"] == "PL"
    assert match["investment_eur"] == 600000 and match["co2_avoided_t"] == 25000
    assert match["url"] == "/practices/sx-cement-flyash"
    assert body["organisations"] == [{"name": "CemPol", "country": "PL", "practices": 1,
                                      "practice_ids": ["sx-cement-flyash"],
                                      "links": [{"title": match["title"], "url": "/practices/sx-cement-flyash",
                                                 "source_url": match["source_url"]}]}]


def test_a_practice_without_streams_is_never_a_match(fixture_client: TestClient) -> None:
    for resource in ("led", "lighting", "water", "heat"):
        for direction in ("output", "input"):
            assert "sx-led-office" not in ids(matches(fixture_client, **{direction: resource}))


@pytest.mark.parametrize("resource", ["unobtainium", "<script>alert(1)</script>", "'; DROP TABLE practices; --",
                                      "waste", "ß∂ƒ"])
def test_an_unknown_resource_is_an_empty_answer_with_a_hint(fixture_client: TestClient, resource: str) -> None:
    body = matches(fixture_client, output=resource)
    assert body["matches"] == [] and body["total"] == 0
    hint = body["hint"]
    assert hint["message"]
    assert hint["common"], "the hint lists the common streams"
    assert all(c["practices"] >= 1 for c in hint["common"])


def test_the_hint_suggests_close_stream_names_and_the_other_direction(fixture_client: TestClient) -> None:
    hint = matches(fixture_client, output="saw dust")["hint"]
    assert hint["suggestions"] == ["sawdust"]
    hint = matches(fixture_client, output="wood pellets")["hint"]
    assert hint["other_direction"] == {"direction": "input", "total": 1}
    assert "1 practice(s) give it off too" in hint["message"]
    hint = matches(fixture_client, input="paper sludge")["hint"]
    assert hint["other_direction"] == {"direction": "output", "total": 1}
    assert "1 practice(s) take it in: they may know who supplies it" in hint["message"]


def test_limit_caps_the_list_but_not_the_total(fixture_client: TestClient) -> None:
    body = matches(fixture_client, output="waste heat", limit="1")
    assert body["total"] == 2 and len(body["matches"]) == 1


@pytest.mark.parametrize("params", [
    {},
    {"output": ""},
    {"output": "   "},
    {"input": "x" * 201},
    {"output": "heat\x00"},
    {"output": "bad\x1bname"},
    {"output": "%%%"},
    {"output": "123 456"},
    {"output": "heat", "input": "heat"},
    {"output": "heat", "limit": "0"},
    {"output": "heat", "limit": "201"},
    {"output": "heat", "limit": "abc"},
    {"q": "heat"},
])
def test_bad_parameters_are_400_in_the_error_shape(fixture_client: TestClient, params: dict[str, str]) -> None:
    response = fixture_client.get("/api/symbiosis/matches", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "bad_request" and error["message"]


def test_a_repeated_parameter_is_400(fixture_client: TestClient) -> None:
    response = fixture_client.get("/api/symbiosis/matches?output=heat&output=sawdust")
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == "output"


@pytest.mark.parametrize("resource", ["spent grain", "brewers grains", "waste heat", "sawdst"])
def test_on_the_seed_data_each_issue_query_finds_takers(seed_client: TestClient, resource: str) -> None:
    body = matches(seed_client, output=resource)
    assert body["total"] > 0, body["hint"]
    records = {r.get("id"): r for r in seed_records()}
    for match in body["matches"]:
        record = records.get(match["id"])
        assert record is None or record.get("inputs"), "a match takes something in"


@pytest.mark.parametrize("resource", ["spent grain", "waste heat", "digestate"])
def test_on_the_seed_data_input_finds_givers(seed_client: TestClient, resource: str) -> None:
    assert matches(seed_client, input=resource)["total"] > 0
