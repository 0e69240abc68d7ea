"""The /toolkit pages as served HTML: complete, escaped, readable without JavaScript."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from service.settings import SEED_DIR
from service.taxonomy import load_taxonomy
from service.toolkit.service import load_toolkit

TOOLKIT = load_toolkit(SEED_DIR, load_taxonomy(SEED_DIR))
HTML = {"accept": "text/html"}


def get_page(client: TestClient, path: str, status: int = 200) -> str:
    response = client.get(path, headers=HTML)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_the_overview_introduces_and_lists_every_step(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/toolkit")
    assert "<h1>Industrial symbiosis toolkit</h1>" in text
    for step in TOOLKIT.steps:
        assert f'href="/toolkit/{step.slug}"' in text
        assert str(escape(step.summary)) in text
    assert 'href="/symbiosis"' in text


@pytest.mark.parametrize("step", TOOLKIT.steps, ids=lambda s: s.slug)
def test_a_step_page_shows_all_its_parts(fixture_client: TestClient, step) -> None:  # type: ignore[no-untyped-def]
    text = get_page(fixture_client, f"/toolkit/{step.slug}")
    def escaped(value: str) -> str:
        return str(escape(value))

    assert escaped(step.aim) in text
    for part in [*(s.title for s in step.substeps), *step.clusters, *step.public_authorities,
                 *(p.title for p in step.pitfalls), *(i.name for i in step.indicators)]:
        assert escaped(part) in text, part
    for tool in step.tools:
        assert f'<a href="{escaped(tool.url)}" rel="noopener" target="_blank">' in text
    # The checklist is a plain list of labelled checkboxes, readable without JavaScript.
    for item in step.checklist:
        assert re.search(rf'<input type="checkbox" id="check-{item.id}" data-check-id="{item.id}"> '
                         rf'<label for="check-{item.id}">{re.escape(escaped(item.text))}</label>', text)
    links = re.findall(r'<li><a href="(/search\?[^"]+)">[^<]+</a> <span class="tk-count">(\d+) practices?</span>', text)
    assert len(links) == len(step.practice_links) and all(int(count) > 0 for _, count in links)
    assert re.search(r"<h2[^>]*>Checklist</h2>", text) and text.count("<h1>") == 1


def test_an_unknown_step_page_is_a_404_page_with_the_steps(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/toolkit/%3Cscript%3Ealert(1)", status=404)
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
    assert 'href="/toolkit/planning"' in text


def test_the_calculator_sums_the_selection_without_javascript(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/toolkit/consolidation?id=sx-sawmill&id=sx-formula-title&find=heat")
    assert "Yearly totals of 2 selected practices" in text
    # The money format of every other page (€ 33 000/year), and "not reported" rather than a made-up 0.
    assert "<td>€\u00a033\u00a0000/year</td><td>2 of 2</td>" in text
    assert "<td>120&nbsp;MWh/year</td><td>1 of 2</td>" in text
    assert '<td><span class="not-reported">not reported</span></td><td>0 of 2</td>' in text
    assert 'href="/api/toolkit/monitoring.csv?id=sx-sawmill&amp;id=sx-formula-title"' in text
    assert 'value="sx-sawmill" id="sel-sx-sawmill" checked' in text
    assert "=HYPERLINK(&#34;http://x.example&#34;)" in text  # escaped, shown as text
    assert "Results for “heat”" in text


def test_a_malformed_selection_is_explained_on_the_page(fixture_client: TestClient) -> None:
    text = get_page(fixture_client, "/toolkit/consolidation?id=%3Cb%3E")
    assert 'role="alert"' in text and "&lt;b&gt;" in text and "<b>" not in text


def test_pages_send_the_security_headers(fixture_client: TestClient) -> None:
    for path in ("/toolkit", "/toolkit/planning", "/symbiosis"):
        response = fixture_client.get(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]


def test_the_calculator_names_countries_rather_than_codes(fixture_client: TestClient) -> None:
    import re

    text = get_page(fixture_client, "/toolkit/consolidation?id=sx-sawmill&find=heat")
    labels = re.findall(r'<label for="(?:sel|cand)-[^"]+">[^<]*\(([^)]+)\)</label>', text)
    assert labels and not any(re.fullmatch(r"[A-Z]{2}", country) for country in labels)
