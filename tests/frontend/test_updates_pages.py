"""/news, /events, /calls, their item pages, the proposal form and the home page's panels, in a real
Chromium against a real service process: accessible (axe-core: no serious or critical violations) and
usable at 1280 and 375 px, with nothing wider than the screen."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from service.settings import Settings
from tests.conftest import LiveServer, load_fixture_records, load_records, start_live_server, stop_live_server
from tests.frontend.conftest import ConsoleLog, axe_violations
from tests.service.updates.conftest import load_items, load_seed

pytestmark = pytest.mark.browser

PAGES = ["/", "/news", "/news?q=heat&sector=food-beverages", "/events", "/events?show=past", "/events?show=all",
         "/events?q=nothing+matches+this", "/calls", "/calls?show=closed", "/calls?country=DE",
         "/events/ev-soon", "/calls/call-soon", "/news/news-new", "/submit/event", "/submit/call", "/submit/news",
         "/events/no-such-event"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    from tests.service.updates.conftest import known_items

    data_dir = tmp_path_factory.mktemp("updates-browser")
    settings = Settings(env="test", data_dir=data_dir)
    load_records(settings, load_fixture_records())
    load_seed(settings)
    load_items(settings, known_items())
    live = start_live_server(data_dir)
    yield live
    stop_live_server(live)


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_have_no_serious_accessibility_violations_and_fit_the_screen(
        server: LiveServer, browser: Browser, axe_source: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    console = ConsoleLog()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    problems: dict[str, object] = {}
    for path in PAGES:
        page.goto(server.url(path))
        if violations := axe_violations(page, axe_source):
            problems[path] = violations
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems[f"{path} overflow"] = overflow
    page.goto(server.url("/events"))
    context.close()
    assert problems == {}
    assert [e for e in console.errors if "404" not in e] == []


def test_events_page_lists_upcoming_first_and_the_toggle_shows_past_ones(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/events"))
    titles = page.locator("ol.hits h2").all_inner_texts()
    assert titles[0] == "Heat pump day in Ghent"  # the known event two days ahead is the soonest
    assert "Foundry sand forum" not in titles
    page.get_by_role("link", name="Past").click()
    expect(page.get_by_role("link", name="Past")).to_have_attribute("aria-current", "page")
    past = page.locator("ol.hits h2").all_inner_texts()
    assert "Foundry sand forum" in past and "Heat pump day in Ghent" not in past
    assert page.url.endswith("/events?show=past")


def test_filters_and_search_narrow_the_calls(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/calls"))
    page.get_by_label("Search open calls").fill("heat pump vouchers")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("ol.hits h2").first).to_have_text("Heat pump vouchers")
    page.goto(server.url("/calls"))
    page.locator("#f-country-DE").check()
    page.get_by_role("button", name="Apply filters").click()
    assert "country=DE" in page.url
    assert page.locator("ol.hits h2").count() >= 1
    page.get_by_role("link", name="Remove filter Country: Germany").click()
    assert "country" not in page.url


def test_the_home_page_and_a_practice_page_tie_items_in(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/"))
    for heading in ("Latest green news", "Upcoming events", "Open calls"):
        panel = page.locator("section", has=page.get_by_role("heading", name=heading))
        assert panel.locator("li").count() == 3, heading
    page.goto(server.url("/search?sector=food-beverages"))
    page.locator("ol.hits a").first.click()
    expect(page.get_by_role("heading", name="Open calls that could fund this")).to_be_visible()
    expect(page.get_by_role("heading", name="Upcoming events on its topics")).to_be_visible()


def test_the_lists_speak_the_pages_language(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/events?lang=de"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Veranstaltungen")
    expect(page.get_by_role("link", name="Vergangen")).to_have_attribute("href", re.compile(r"show=past.*lang=de"))
    page.goto(server.url("/calls?lang=pl&country=DE"))
    expect(page.get_by_role("link", name="Usuń filtr Kraj: Niemcy")).to_be_visible()
