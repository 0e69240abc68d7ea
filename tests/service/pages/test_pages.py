"""The pages through the app in-process: URL round trips, error pages, practice page, headers."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.search.query import parse_query
from service.settings import Settings
from service.taxonomy import load_taxonomy
from tests.conftest import load_fixture_records, load_records

HTML = {"Accept": "text/html,application/xhtml+xml"}


class Form(HTMLParser):
    """The state a search page's form would submit: checked boxes, field values, the selected sort."""

    def __init__(self) -> None:
        super().__init__()
        self.checked: list[tuple[str, str]] = []
        self.values: dict[str, str] = {}
        self.sort = ""
        self.links: dict[str, dict[str, str]] = {}
        self._option: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.checked.append((a["name"], a["value"]))
        elif tag == "input" and a.get("id"):
            self.values[a["id"]] = a.get("value", "")
        elif tag == "option" and "selected" in a:
            self.sort = a["value"]
        elif tag == "link":
            self.links[a.get("rel", "")] = a


def form_of(html: str) -> Form:
    parser = Form()
    parser.feed(html)
    return parser


@pytest.fixture
def records() -> list[dict[str, Any]]:
    records = load_fixture_records()
    dairy = next(r for r in records if r["id"] == "fx-heat-pump-dairy")
    dairy["source_url"] = 'https://example.org/report?a=1&b="x"'
    return records


@pytest.fixture
def pages(settings: Settings, records: list[dict[str, Any]]) -> Iterator[TestClient]:
    load_records(settings, records)
    with TestClient(create_app(settings)) as client:
        yield client


ROUND_TRIPS = [
    "",
    "q=heat+pump",
    "sector=food-beverages&sector=healthcare",
    "q=led&impact=energy-efficiency&country=DE&company_size=medium",
    "investment_band=10k-100k&payback_band=1-3y&key_area=buildings",
    "investment_min=1000&investment_max=500000&payback_max=3.5&savings_min=200",
    "sort=payback&per_page=5&page=2",
]


@pytest.mark.parametrize("qs", ROUND_TRIPS)
def test_page_state_round_trips_through_the_url(pages: TestClient, qs: str) -> None:
    response = pages.get(f"/search?{qs}", headers=HTML)
    assert response.status_code == 200
    form = form_of(response.text)
    query = parse_query(parse_qsl(qs), load_taxonomy())
    # The form submits exactly the search the URL asked for...
    submitted = [*([("q", form.values["q"])] if form.values["q"] else []), *form.checked,
                 *[(n, form.values[n]) for n in ("investment_min", "investment_max", "payback_min",
                                                 "payback_max", "savings_min") if form.values[n]]]
    if form.sort != "relevance":
        submitted.append(("sort", form.sort))
    if "per_page" in form.values:
        submitted.append(("per_page", form.values["per_page"]))
    assert parse_query(submitted, load_taxonomy()) == replace(query, page=1)  # the form starts on page 1
    # ...and the copy link and canonical link are the canonical form of it.
    canonical = form.links["canonical"]["href"]
    assert parse_qsl(urlsplit(canonical).query) == query.to_params()
    assert form.values["share-url"] == canonical


def test_page_and_api_agree(pages: TestClient) -> None:
    qs = "q=heat&sort=investment&impact=energy-efficiency"
    api = pages.get(f"/api/search?{qs}").json()
    html = pages.get(f"/search?{qs}", headers=HTML).text
    ids = re.findall(r'<h3 class="hit-title"><a href="/practices/([a-z0-9-]+)[?"]', html)
    assert ids == [hit["id"] for hit in api["hits"]]
    assert f"<strong>{api['total']} practices</strong>" in html


def test_root_is_the_search_page(pages: TestClient) -> None:
    root = pages.get("/", headers=HTML)
    assert root.status_code == 200
    assert form_of(root.text).links["canonical"]["href"] == "http://testserver/search"


@pytest.mark.parametrize("qs, message", [
    ("sector=nope", "allowed: agriculture"),
    ("sort=cheapest", "allowed: relevance"),
    ("page=0", "page: expected a whole number"),
    ("investment_min=-5", "investment_min: expected a number"),
    ("payback_min=5&payback_max=1", "greater than"),
])
def test_bad_parameters_give_an_html_400_page(pages: TestClient, qs: str, message: str) -> None:
    response = pages.get(f"/search?{qs}", headers=HTML)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "This search cannot be run" in response.text and message in response.text
    assert "Traceback" not in response.text
    # The same mistake on the API keeps the one JSON error shape.
    api = pages.get(f"/api/search?{qs}")
    assert api.status_code == 400 and api.json()["error"]["status"] == 400


@pytest.mark.parametrize("path", ["/embed?sector=nope", "/search.csv?sort=x", "/search.json?page=-1",
                                  "/feed.atom?country=XX"])
def test_every_page_route_refuses_bad_parameters_with_400(pages: TestClient, path: str) -> None:
    assert pages.get(path, headers=HTML).status_code == 400
    assert pages.get(path).json()["error"]["code"] == "bad_request"


def test_unknown_practice_and_unknown_path_are_html_404_pages(pages: TestClient) -> None:
    for path in ("/practices/no-such-practice", "/no/such/page"):
        response = pages.get(path, headers=HTML)
        assert response.status_code == 404
        assert "<h1>Page not found</h1>" in response.text


def test_hostile_text_is_escaped_everywhere(pages: TestClient) -> None:
    for path in ("/search?q=hostile", "/practices/fx-hostile", "/embed?q=hostile"):
        html = pages.get(path, headers=HTML).text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages.get("/practices/fx-hostile", headers=HTML).text


def test_highlights_are_the_only_markup_from_the_backend(pages: TestClient) -> None:
    html = pages.get("/search?q=hostile+script", headers=HTML).text
    assert re.search(r"<mark>\w+</mark>", html)
    assert "&lt;<mark>script</mark>&gt;" in html or "&lt;script&gt;" in html


def test_practice_page_shows_every_field_formatted(pages: TestClient, records: list[dict[str, Any]]) -> None:
    html = pages.get("/practices/fx-led-warehouse", headers=HTML).text
    for text in ("€\u00a042\u00a0000", "€\u00a021\u00a0000/year", "2\u00a0years", "180\u00a0MWh/year",
                 "70\u00a0t CO2e/year", "Brandt Logistik GmbH", "Bavaria", "Germany", "Medium (50-249 staff)",
                 "2021", "Transport &amp; logistics", "Energy efficiency", "Buildings &amp; facilities",
                 "LED lighting", "motion sensors", "fell by 65%"):
        assert text in html, text
    assert html.count('<p class="para"') == 2  # paragraphs split on blank lines
    assert "Similar practices" in html and 'href="/practices/fx-led-supermarket"' in html
    assert 'href="/practices/fx-led-warehouse"' not in html.split("Similar practices", 1)[1]


def test_practice_page_symbiosis_and_source_link(pages: TestClient) -> None:
    grain = pages.get("/practices/fx-spent-grain", headers=HTML).text
    assert "Industrial symbiosis" in grain and "Takes in" in grain and "Gives off" in grain
    dairy = pages.get("/practices/fx-heat-pump-dairy", headers=HTML).text
    assert ('<a href="https://example.org/report?a=1&amp;b=&#34;x&#34;" rel="noopener nofollow">'
            in dairy)


def test_unpublished_practice_is_not_shown(settings: Settings, records: list[dict[str, Any]]) -> None:
    from service.db import make_engine, make_sessionmaker, session_scope
    from service.practices import service as practices

    load_records(settings, records)
    engine = make_engine(settings.store_url)
    with session_scope(make_sessionmaker(engine)) as session:
        practices.set_status(session, practice_id="fx-rainwater", status="unpublished")
    engine.dispose()
    with TestClient(create_app(settings)) as client:
        assert client.get("/practices/fx-rainwater", headers=HTML).status_code == 404


def test_zero_results_page_counts_each_dropped_condition(pages: TestClient) -> None:
    html = pages.get("/search?q=led&sector=healthcare&payback_max=50", headers=HTML).text
    assert "No practices match this search" in html
    without_sector = pages.get("/api/search?q=led&payback_max=50").json()["total"]
    assert f"Without Sector: Healthcare</a>: {without_sector} practices" in html
    assert 'href="/search?q=led&amp;payback_max=50"' in html


def test_chips_remove_one_value_and_clear_all_keeps_the_words(pages: TestClient) -> None:
    html = pages.get("/search?q=heat&sector=food-beverages&sector=healthcare&payback_max=8", headers=HTML).text
    assert 'href="/search?q=heat&amp;sector=healthcare&amp;payback_max=8" aria-label="Remove filter Sector: Food' \
        in html
    assert 'aria-label="Remove filter Payback up to 8\u00a0years"' in html
    assert '<a class="clear" href="/search?q=heat">' in html


def test_security_headers(pages: TestClient) -> None:
    for path in ("/search", "/practices/fx-led-warehouse", "/practices/nope"):
        response = pages.get(path, headers=HTML)
        assert response.headers["x-frame-options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
        assert "script-src 'self'" in response.headers["content-security-policy"]
    embed = pages.get("/embed?q=led", headers=HTML)
    assert "x-frame-options" not in embed.headers
    assert "frame-ancestors *" in embed.headers["content-security-policy"]
    assert "<header" not in embed.text and "<footer" not in embed.text
    assert '<base target="_blank">' in embed.text


def test_search_page_with_20_results_is_small(settings: Settings) -> None:
    base = load_fixture_records()
    records = []
    for n in range(3):
        for record in base:
            copy_ = copy.deepcopy(record)
            copy_["id"] = f"{record['id']}-{n}"
            copy_["title"] = f"{record['title']} {n}"
            records.append(copy_)
    load_records(settings, records)
    with TestClient(create_app(settings)) as client:
        response = client.get("/search?q=heat+led+water", headers=HTML)
        plain = client.get("/search", headers=HTML)
    assert plain.text.count('<article class="hit">') == 20
    assert len(plain.content) < 60_000 and len(response.content) < 60_000


def test_assets_are_local_and_small(pages: TestClient) -> None:
    html = pages.get("/search", headers=HTML).text
    assets = re.findall(r'<link rel="(?:stylesheet|icon)" href="([^"]+)"|<script src="([^"]+)"', html)
    assets = [a or b for a, b in assets]
    assert set(assets) == {"/static/app.css", "/static/favicon.svg", "/static/copy.js",
                          "/static/search.js"}  # no CDN, no fonts
    total = sum(len(pages.get(asset).content) for asset in assets)
    assert total < 150_000


def test_a_hit_leads_to_its_practice_and_the_practice_back_to_the_same_search(pages: TestClient) -> None:
    search = pages.get("/search?q=heat&sector=food-beverages&payback_max=8", headers=HTML).text
    href = re.search(r'<a href="(/practices/fx-heat-pump-dairy\?[^"]+)"', search)
    assert href, "the hit link carries the search"
    practice = pages.get(href.group(1).replace("&amp;", "&"), headers=HTML).text
    back = re.search(r'<p class="crumbs"><a href="([^"]+)">‹ Back to your search</a>', practice)
    assert back and dict(parse_qsl(urlsplit(back.group(1).replace("&amp;", "&")).query)) == {
        "q": "heat", "sector": "food-beverages", "payback_max": "8"}
    assert '<link rel="canonical" href="/practices/fx-heat-pump-dairy">' in practice
    plain = pages.get("/practices/fx-heat-pump-dairy", headers=HTML).text
    assert '<p class="crumbs"><a href="/search">All practices</a>' in plain
    broken = pages.get("/practices/fx-heat-pump-dairy?sector=nonsense", headers=HTML)
    assert broken.status_code == 200 and "All practices" in broken.text


def test_the_practice_page_names_the_language_links_streams_and_words_no_investment(pages: TestClient) -> None:
    dairy = pages.get("/practices/fx-heat-pump-dairy", headers=HTML).text
    assert "<dt>Language</dt><dd>English</dd>" in dairy
    assert '<a href="/symbiosis?input=waste%20heat"' in dairy
    grain = pages.get("/practices/fx-spent-grain", headers=HTML).text
    assert '<a href="/symbiosis?output=spent%20grain"' in grain
    assert "0\u00a0years" not in grain
