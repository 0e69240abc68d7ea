"""The search page in a real Chromium against a real service process (tests/conftest.py live_server)."""

from __future__ import annotations

import json
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.conftest import LiveServer
from tests.frontend.conftest import ConsoleLog, axe_violations

pytestmark = pytest.mark.browser


def params_of(url: str) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(url).query)


def result_titles(page: Page) -> list[str]:
    return page.locator(".hits .hit-title").all_inner_texts()


def facet(page: Page, label: str) -> Locator:
    return page.get_by_role("checkbox", name=label)


def summary_total(page: Page) -> int:
    return int(page.locator("#summary strong").inner_text().split()[0].replace("\u00a0", ""))


def test_ticking_a_facet_updates_url_and_results_and_reload_and_back_agree(
        live_server: LiveServer, page: Page, console: ConsoleLog) -> None:
    page.goto(live_server.url("/search"))
    expect(page.locator("#summary")).to_contain_text("12 practices")

    facet(page, "Food & beverages").check()
    page.wait_for_url("**/search?sector=food-beverages")
    expect(page.locator("#summary")).to_contain_text("2 practices")
    # The summary and the list are swapped in separately: wait for the list, not only the count.
    expect(page.locator(".hits .hit-title")).to_have_count(2)
    filtered = result_titles(page)
    api = httpx.get(live_server.url("/api/search?sector=food-beverages")).json()
    assert filtered == [hit["title"] for hit in api["hits"]]
    expect(page.locator(".chip")).to_have_text("Sector: Food & beverages ×")

    page.reload()
    assert params_of(page.url) == [("sector", "food-beverages")]
    assert result_titles(page) == filtered
    expect(facet(page, "Food & beverages")).to_be_checked()

    page.go_back()
    page.wait_for_url(live_server.url("/search"))
    expect(page.locator("#summary")).to_contain_text("12 practices")
    expect(facet(page, "Food & beverages")).not_to_be_checked()
    page.go_forward()
    page.wait_for_url("**/search?sector=food-beverages")
    expect(page.locator("#summary")).to_contain_text("2 practices")
    assert console.errors == []


def test_or_within_a_facet_and_across_facets(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url("/search"))
    facet(page, "Food & beverages").check()
    expect(page.locator("#summary")).to_contain_text("2 practices")
    facet(page, "Healthcare").check()  # same facet: OR, more results
    expect(page.locator("#summary")).to_contain_text("3 practices")
    assert params_of(page.url) == [("sector", "food-beverages"), ("sector", "healthcare")]
    facet(page, "Austria").check()  # another facet: AND, fewer results
    expect(page.locator("#summary")).to_contain_text("1 practice")
    page.get_by_role("link", name="Clear all filters").click()
    page.wait_for_url(live_server.url("/search"))
    expect(page.locator("#summary")).to_contain_text("12 practices")


def test_search_as_you_type_highlights_and_keeps_one_history_entry_per_burst(
        live_server: LiveServer, page: Page, console: ConsoleLog) -> None:
    page.goto(live_server.url("/search"))
    page.get_by_label("Search practices").press_sequentially("heat pum", delay=30)
    page.wait_for_url("**/search?q=heat+pum")
    expect(page.locator(".hits mark").first).to_be_visible()
    assert "Heat pump" in " ".join(result_titles(page))
    page.go_back()
    page.wait_for_url(live_server.url("/search"))
    expect(page.get_by_label("Search practices")).to_have_value("")
    expect(page.locator("#summary")).to_contain_text("12 practices")
    assert console.errors == []


def test_sort_ranges_pagination_and_chips(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url("/search?per_page=5"))
    page.get_by_label("Sort by").select_option("investment")
    page.wait_for_url("**sort=investment**")
    api = httpx.get(live_server.url("/api/search?sort=investment&per_page=5")).json()
    assert result_titles(page) == [hit["title"] for hit in api["hits"]]

    page.get_by_role("link", name="Page 2").click()
    page.wait_for_url("**page=2**")
    page2 = httpx.get(live_server.url("/api/search?sort=investment&per_page=5&page=2")).json()
    expect(page.locator(".hits .hit-title").first).to_have_text(page2["hits"][0]["title"])

    page.locator("#payback_max").fill("3")
    page.locator("#payback_max").press("Enter")
    page.wait_for_url("**payback_max=3**")
    assert "page" not in dict(params_of(page.url))
    expected = httpx.get(live_server.url("/api/search?payback_max=3")).json()["total"]
    assert summary_total(page) == expected
    page.get_by_role("link", name="Remove filter Payback up to 3 years").click()
    page.wait_for_url(lambda url: "payback_max" not in url)
    expect(page.locator("#payback_max")).to_have_value("")


def test_zero_results_says_which_filter_to_drop(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url("/search?q=led&sector=healthcare"))
    expect(page.locator(".empty h2")).to_have_text("No practices match this search")
    expect(page.locator(".suggestions")).to_contain_text("Without Sector: Healthcare: 2 practices")
    page.get_by_role("link", name="Without Sector: Healthcare").click()
    page.wait_for_url("**/search?q=led")
    expect(page.locator("#summary")).to_contain_text("2 practices")


def test_form_works_without_javascript(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url("/search"))
        facet(page, "Food & beverages").check()
        page.locator("#payback_max").fill("10")
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_load_state()
        params = dict(params_of(page.url))
        assert params["sector"] == "food-beverages" and params["payback_max"] == "10"
        expect(page.locator("#summary")).to_contain_text("practice")
        page.get_by_label("Search practices").fill("spent grain")
        page.get_by_role("button", name="Search", exact=True).click()
        page.wait_for_load_state()
        assert result_titles(page)[0].startswith("Brewery supplies spent grain")
        expect(page.get_by_role("button", name="Copy link")).to_be_hidden()  # needs JavaScript
        expect(page.locator("#share-url")).to_have_value(
            live_server.url("/search?q=spent+grain&sector=food-beverages&payback_max=10"))
    finally:
        context.close()


def test_invalid_parameters_show_an_html_error_page(live_server: LiveServer, page: Page) -> None:
    response = page.goto(live_server.url("/search?sector=not-a-sector"))
    assert response is not None and response.status == 400
    expect(page.locator("h1")).to_have_text("This search cannot be run")
    expect(page.locator("main")).to_contain_text("allowed: agriculture")


def test_copy_link_puts_the_canonical_url_on_the_clipboard(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(live_server.url("/search?impact=energy-efficiency&q=led&utm_source=x"))
        page.get_by_role("button", name="Copy link").click()
        expect(page.get_by_role("button", name="Copied")).to_be_visible()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == live_server.url("/search?q=led&impact=energy-efficiency")
    finally:
        context.close()


def test_hostile_practice_renders_as_text(live_server: LiveServer, page: Page, console: ConsoleLog) -> None:
    for path in ("/search?q=hostile", "/practices/fx-hostile", "/embed?q=hostile"):
        page.goto(live_server.url(path))
        expect(page.locator("body")).to_contain_text("<script>alert(1)</script>")
        assert page.locator("script:not([src])").count() == 0
        assert page.locator("img").count() == 0
        assert page.locator("b").count() == 0
    page.goto(live_server.url("/practices/fx-hostile"))
    expect(page.locator("body")).to_contain_text("<img src=x onerror=alert(1)>")
    expect(page.locator("body")).to_contain_text("<b>bold</b> tech")
    assert console.errors == []  # no dialog fired either


def test_embed_page_is_bare_frameable_and_opens_links_in_new_tab(live_server: LiveServer, page: Page) -> None:
    response = page.goto(live_server.url("/embed?q=led"))
    assert response is not None
    assert "x-frame-options" not in response.headers
    assert "frame-ancestors *" in response.headers["content-security-policy"]
    assert page.locator("header, footer, form").count() == 0
    first = page.locator(".hits a").first
    assert first.get_attribute("target") == "_blank"
    page.set_content(f'<iframe src="{live_server.url("/embed?q=led")}" title="practices"></iframe>')
    frame = page.frame_locator("iframe")
    expect(frame.locator(".hits .hit")).to_have_count(2)


def test_downloads_and_feed_work_from_the_page(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url("/search?sector=food-beverages"))
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="CSV").click()
    text = csv_download.value.path().read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("id,title,summary,description")
    assert len(text.strip().splitlines()) == 3
    with page.expect_download() as json_download:
        page.get_by_role("link", name="JSON").click()
    records = json.loads(json_download.value.path().read_text(encoding="utf-8"))
    assert sorted(r["id"] for r in records) == ["fx-heat-pump-dairy", "fx-spent-grain"]
    feed = httpx.get(live_server.url(page.locator("link[rel=alternate]").get_attribute("href") or ""))
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.text.count("<entry>") == 2


@pytest.mark.parametrize("path", ["/search", "/search?q=heat&sector=food-beverages", "/practices/fx-led-warehouse",
                                  "/practices/fx-hostile", "/embed?q=led", "/search?q=led&sector=healthcare"])
def test_no_serious_accessibility_violations(live_server: LiveServer, page: Page, console: ConsoleLog,
                                             axe_source: str, path: str) -> None:
    page.goto(live_server.url(path))
    assert axe_violations(page, axe_source) == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert axe_violations(page, axe_source) == []
    assert console.errors == []


def test_keyboard_reaches_and_ticks_a_facet(live_server: LiveServer, page: Page) -> None:
    page.goto(live_server.url("/search"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    facet(page, "Food & beverages").focus()
    page.keyboard.press("Space")
    page.wait_for_url("**/search?sector=food-beverages")
    expect(facet(page, "Food & beverages")).to_be_focused()  # focus survives the swap
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("width", [1280, 375])
def test_search_and_practice_fit_the_screen(live_server: LiveServer, page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url("/search?q=heat"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    page.goto(live_server.url("/practices/fx-heat-pump-dairy"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width
