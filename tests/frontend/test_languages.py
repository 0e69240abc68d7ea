"""The pages in every interface language, in a real Chromium: accessibility, the language menu, lang kept."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from service.pages.i18n import LANGUAGES
from tests.conftest import LiveServer
from tests.frontend.conftest import ConsoleLog, axe_violations

pytestmark = pytest.mark.browser

PAGES = ["/search?q=heat&sector=food-beverages", "/search?q=nothing-matches-this&sector=healthcare",
         "/practices/fx-heat-pump-dairy", "/submit", "/embed?q=led", "/practices/no-such-practice"]


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_serious_accessibility_violations_in_any_language(live_server: LiveServer, page: Page,
                                                             console: ConsoleLog, axe_source: str,
                                                             language: str) -> None:
    for path in PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url(f"{path}{'&' if '?' in path else '?'}lang={language}"))
        assert page.evaluate("document.documentElement.lang") == language
        assert axe_violations(page, axe_source) == [], (language, path)
        page.set_viewport_size({"width": 375, "height": 800})  # longer words must not push the page sideways
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, (language, path)
    # The browser reports the 404 page's own status as a console error; nothing else may be logged.
    assert [e for e in console.errors if "status of 404" not in e] == []


def test_the_language_menu_switches_and_ticking_a_facet_keeps_the_language(live_server: LiveServer,
                                                                           page: Page) -> None:
    page.goto(live_server.url("/search?q=heat"))
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Deutsch").click()
    page.wait_for_url("**lang=de")
    expect(page.get_by_label("Praxisbeispiele durchsuchen")).to_have_value("heat")
    page.get_by_role("checkbox", name="Lebensmittel und Getränke").check()  # the script fetches the new page
    page.wait_for_url("**sector=food-beverages**")
    assert ("lang", "de") in parse_qsl(urlsplit(page.url).query)
    expect(page.locator("#summary")).to_contain_text("Praxisbeispiel")
    page.locator(".hits .hit-title a").first.click()
    page.wait_for_url("**/practices/**")
    assert ("lang", "de") in parse_qsl(urlsplit(page.url).query)
    expect(page.get_by_role("heading", name="Über das Praxisbeispiel")).to_be_visible()


def test_the_browser_language_is_used_without_a_parameter(live_server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(locale="pl-PL")
    try:
        page = context.new_page()
        page.goto(live_server.url("/search"))
        assert page.evaluate("document.documentElement.lang") == "pl"
        expect(page.get_by_label("Szukaj praktyk")).to_be_visible()
    finally:
        context.close()


def test_a_long_facet_label_keeps_its_count_inside_the_filters_column(live_server: LiveServer, page: Page) -> None:
    # "Büros und Unternehmensdienstleistungen": one word wider than the column once pushed its count out.
    page.goto(live_server.url("/search?lang=de"))
    column = page.evaluate("document.querySelector('.filters').getBoundingClientRect().right")
    label = page.locator("label[for=f-sector-offices]")
    expect(label).to_be_visible()
    rights = page.evaluate("[...document.querySelectorAll('.filters .check .count')].map(e => "
                           "e.getBoundingClientRect().right)")
    assert rights and max(rights) <= column + 0.5
