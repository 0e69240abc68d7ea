"""/docs in a real browser: Swagger UI runs under its Content-Security-Policy, and "Try it out" on the
search offers each facet's values."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.conftest import LiveServer
from tests.frontend.conftest import ConsoleLog

pytestmark = pytest.mark.browser


def test_try_it_out_on_search_offers_the_taxonomy(live_server: LiveServer, page: Page, console: ConsoleLog) -> None:
    page.goto(live_server.url("/docs"))
    page.wait_for_selector(".opblock", timeout=20_000)
    page.locator("#operations-search-search_api_search_get").click()
    page.get_by_role("button", name="Try it out").click()
    sectors = page.locator("tr[data-param-name='sector'] select option").all_inner_texts()
    assert "agriculture" in sectors and "food-beverages" in sectors
    page.locator("tr[data-param-name='q'] input").fill("heat")
    page.get_by_role("button", name="Execute").click()
    status = page.locator(".live-responses-table tr.response .response-col_status").first
    status.wait_for(timeout=20_000)
    assert status.inner_text().strip() == "200"
    assert console.errors == []  # a script blocked by the policy would show here
