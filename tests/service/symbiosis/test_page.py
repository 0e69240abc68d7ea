"""The /symbiosis finder page: a plain GET form whose results are rendered on the server."""

from __future__ import annotations

from fastapi.testclient import TestClient


def get_page(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == status, response.text[:500]
    return response.text


def test_the_empty_finder_shows_the_form_and_common_streams(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/symbiosis")
    assert '<label for="resource">Resource stream</label>' in text
    assert 'name="direction" value="output" checked' in text
    assert 'href="/symbiosis?output=waste%20heat"' in text  # a stream practices take in
    assert 'href="/symbiosis?input=sawdust"' in text        # a stream practices give off


def test_the_form_finds_takers_grouped_by_kind_of_match(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/symbiosis?direction=output&resource=waste+heat+at+60+%C2%B0C")
    assert "2 practices take in “waste heat at 60 °C”" in text
    assert text.index("Same stream (1)") < text.index("Same resource under another name (1)")
    assert 'href="/practices/sx-greenhouse-heat"' in text and 'href="/practices/sx-district-heating"' in text
    assert "Stadtwerke Hütte" in text and "Austria" in text and "Energy" in text
    assert "<mark>excess heat</mark> (waste heat)" in text
    assert "€\u00a03\u00a0500\u00a0000" in text.replace("&nbsp;", "\u00a0")


def test_the_api_parameters_work_on_the_page_too(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/symbiosis?input=sawdst")
    assert "1 practice gives off “sawdst”" in text
    assert "“sawdst” read as “sawdust”" in text and 'id="dir-input" name="direction" value="input" checked' in text


def test_an_unknown_stream_shows_the_hint(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/symbiosis?output=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "0 practices take in" in text and "Common streams" in text
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_bad_input_is_a_400_page_with_the_message(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/symbiosis?output=" + "x" * 300, status=400)
    assert 'role="alert"' in text and "at most 200 characters" in text
    assert get_page(fixture_client, "/symbiosis?resource=+&direction=input").count('role="alert"') == 0


def test_a_common_stream_counts_each_practice_once_as_the_finder_does(fixture_client: TestClient) -> None:
    import re

    text = get_page(fixture_client, "/symbiosis")
    chips = dict(re.findall(r'<a href="/symbiosis\?input=([^"]+)">[^<]+</a> \((\d+)\)', text))
    assert chips, "the finder lists streams given off"
    for resource, count in chips.items():
        found = fixture_client.get(f"/api/symbiosis/matches?input={resource}").json()["total"]
        assert found >= int(count), (resource, count, found)
    grain = fixture_client.get("/api/symbiosis/matches?input=spent%20grain").json()["total"]
    assert chips.get("spent%20grain") in (None, str(grain))


def test_organisations_link_to_their_practices_and_sources(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/symbiosis?output=fly+ash")
    assert '<strong>CemPol</strong> (Poland):' in text
    assert '<a href="/practices/sx-cement-flyash">' in text.split("Organisations to contact")[1]
