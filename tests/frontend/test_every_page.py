"""Every kind of page at 1280 and 375 px in Chromium: no serious or critical axe-core violation, no
sideways scrolling, no console error; and the pieces the issue named, seen in the browser."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page

from service.settings import Settings
from tests.conftest import LiveServer, load_fixture_records, load_records, start_live_server, stop_live_server
from tests.frontend.conftest import axe_violations

pytestmark = pytest.mark.browser
TOKEN = "browser-admin-token-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, str]]:
    data = tmp_path_factory.mktemp("every-page")
    load_records(Settings(env="test", data_dir=data), load_fixture_records())
    live = start_live_server(data, env={"GTS_ENV": "development", "GTS_ADMIN_TOKEN": TOKEN})
    body: dict[str, Any] = {
        "title": "Oven heat recovery in an artisan bakery", "country": "FR", "sectors": ["food-beverages"],
        "summary": "A bakery recovers heat from its ovens to warm the water used for cleaning the trays.",
        "impacts": ["energy-efficiency"], "investment_eur": 18000, "annual_savings_eur": 6000,
        "submitter_name": "Ann", "submitter_email": "ann@example.org", "consent": True}
    tracking = httpx.post(live.url("/api/submissions"), json=body).json()["tracking_url"]
    yield live, tracking
    stop_live_server(live)


PAGES = ["/search", "/search?q=heat&sector=food-beverages&payback_max=5", "/search?q=zzzzqx",
         "/practices/fx-heat-pump-dairy", "/practices/fx-spent-grain", "/embed?q=heat", "/submit",
         "/admin", "/admin/submissions/1", "/admin/history", "/admin/practices/fx-led-warehouse",
         "/toolkit", "/toolkit/consolidation?id=fx-spent-grain&id=fx-heat-pump-dairy",
         "/symbiosis?output=spent+grain", "/symbiosis?input=waste+heat", "/practices/nope"]


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_is_accessible_and_fits(browser: Browser, axe_source: str, server: tuple[LiveServer, str],
                                           width: int) -> None:
    live, tracking = server
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live.url(f"/admin/login?token={TOKEN}"))  # the development login link
    assert page.url.endswith("/admin")
    problems: dict[str, Any] = {}
    for path in [*PAGES, tracking.replace(live.base_url, "")]:
        page.goto(live.url(path))
        if violations := axe_violations(page, axe_source):
            problems[path] = violations
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            problems[f"{path} overflow"] = overflow
    context.close()
    assert problems == {} and errors == []


def test_the_moderation_queue_reflows_at_375_px(browser: Browser, server: tuple[LiveServer, str]) -> None:
    live, _ = server
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page: Page = context.new_page()
    page.goto(live.url(f"/admin/login?token={TOKEN}"))
    cell = page.locator("table.reflow td[data-label='Country']").first
    assert cell.evaluate("c => getComputedStyle(c, '::before').content") == '"Country"'
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


def test_the_status_page_copies_its_link(browser: Browser, server: tuple[LiveServer, str]) -> None:
    live, tracking = server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(tracking)
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("button", name="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == tracking
    context.close()


def test_the_payback_chart_narrows_the_search(browser: Browser, server: tuple[LiveServer, str]) -> None:
    live, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live.url("/search"))
    column = page.locator(".payback-chart a").first
    name = column.get_attribute("aria-label") or ""
    count = int(name.rsplit(": ", 1)[1].split()[0])
    column.click()
    page.wait_for_url("**payback_band=**")
    page.wait_for_function(f"document.querySelector('#summary strong').textContent.startsWith('{count} ')")
    context.close()


def test_a_practice_page_prints_without_navigation(browser: Browser, server: tuple[LiveServer, str]) -> None:
    live, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live.url("/practices/fx-heat-pump-dairy"))
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator(".similar").is_hidden()
    assert page.locator("h1").is_visible() and page.locator(".figures").is_visible()
    context.close()


def test_every_field_of_the_submission_form_has_one_height_and_the_page_font(
        browser: Browser, server: tuple[LiveServer, str]) -> None:
    live, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live.url("/submit"))
    heights = {field: page.locator(f"#{field}").bounding_box()["height"]  # type: ignore[index]
               for field in ("title", "source_url", "submitter_name", "submitter_email", "country", "language")}
    assert max(heights.values()) - min(heights.values()) <= 1, heights
    body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
    summary = page.evaluate("getComputedStyle(document.getElementById('summary'))")
    assert summary["fontFamily"] == body_font and summary["fontSize"] == "16px"
    context.close()
