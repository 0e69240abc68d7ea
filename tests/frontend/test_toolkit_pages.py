"""The toolkit and by-product finder pages in a real Chromium against a real service process."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from service.settings import Settings
from tests.conftest import LiveServer, load_records, start_live_server, stop_live_server
from tests.frontend.conftest import ConsoleLog, axe_violations
from tests.service.symbiosis.data import fixture_records

pytestmark = pytest.mark.browser

PAGES = ["/toolkit", "/toolkit/pre-planning", "/toolkit/planning", "/toolkit/implementation",
         "/toolkit/expansion", "/toolkit/consolidation", "/toolkit/consolidation?id=sx-sawmill&id=sx-biogas",
         "/symbiosis", "/symbiosis?output=waste+heat", "/symbiosis?output=sawdst",
         "/symbiosis?output=unobtainium", "/toolkit/no-such-step"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir = tmp_path_factory.mktemp("toolkit-browser")
    load_records(Settings(env="test", data_dir=data_dir), fixture_records())
    live = start_live_server(data_dir)
    yield live
    stop_live_server(live)


def checklist_box(page: Page, item_id: str):  # type: ignore[no-untyped-def]
    return page.locator(f"#check-{item_id}")


def test_the_checklist_persists_across_reload_and_shows_progress(server: LiveServer, page: Page,
                                                                 console: ConsoleLog) -> None:
    page.goto(server.url("/toolkit/planning"))
    progress = page.locator(".tk-checklist-section .tk-progress")
    expect(progress).to_have_text("Checklist: 0 of 8 done")
    page.get_by_label(page.locator("label[for=check-pl-1]").inner_text()).check()
    checklist_box(page, "pl-3").focus()
    page.keyboard.press("Space")  # the keyboard ticks as well as the mouse
    expect(progress).to_have_text("Checklist: 2 of 8 done")

    page.reload()
    expect(checklist_box(page, "pl-1")).to_be_checked()
    expect(checklist_box(page, "pl-3")).to_be_checked()
    expect(checklist_box(page, "pl-2")).not_to_be_checked()
    expect(progress).to_have_text("Checklist: 2 of 8 done")

    checklist_box(page, "pl-1").uncheck()
    page.goto(server.url("/toolkit"))
    expect(page.locator('.tk-progress[data-step="planning"]')).to_have_text("Checklist: 1 of 8 done")
    expect(page.locator('.tk-progress[data-step="pre-planning"]')).to_have_text("Checklist: 0 of 8 done")
    assert console.errors == []


def test_the_checklist_exports_as_csv_and_json(server: LiveServer, page: Page, console: ConsoleLog,
                                               tmp_path: Path) -> None:
    page.goto(server.url("/toolkit/implementation"))
    checklist_box(page, "im-2").check()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download (CSV)").click()
    path = tmp_path / "checklist.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == [f"im-{n}" for n in range(1, 10)]
    assert {r["id"] for r in rows if r["done"] == "yes"} == {"im-2"}
    assert rows[1]["ticked_at"] and rows[1]["step"] == "implementation"

    page.goto(server.url("/toolkit"))  # the overview exports every step
    with page.expect_download() as info:
        page.get_by_role("button", name="Download checklist (JSON)").click()
    info.value.save_as(tmp_path / "all.json")
    items = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))["items"]
    assert len(items) == 40 and [i["id"] for i in items if i["done"]] == ["im-2"]
    assert console.errors == []


def test_without_javascript_the_checklist_is_a_plain_readable_list(server: LiveServer, browser: Browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url("/toolkit/expansion"))
    items = page.locator(".tk-checklist li")
    expect(items).to_have_count(7)
    expect(items.first).to_be_visible()
    expect(page.locator(".tk-export")).to_be_hidden()
    # The calculator and the finder are plain GET forms and work too.
    page.goto(server.url("/toolkit/consolidation"))
    page.get_by_label("Cement works replaces clinker with fly ash – CemPol (Poland)").check()
    page.get_by_role("button", name="Update totals").click()
    expect(page.locator("#calc-totals-title")).to_have_text("Yearly totals of 1 selected practice")
    page.goto(server.url("/symbiosis"))
    page.get_by_label("Resource stream").fill("brewers grains")
    page.get_by_role("button", name="Find matches").click()
    expect(page.locator("#results-title")).to_have_text("2 practices take in “brewers grains”")
    context.close()


def test_the_calculator_selects_practices_and_downloads_csv(server: LiveServer, page: Page,
                                                            console: ConsoleLog, tmp_path: Path) -> None:
    page.goto(server.url("/toolkit/consolidation"))
    page.get_by_label("Find practices").fill("heat")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator(".tk-calc-form legend").last).to_contain_text("Results for “heat”")
    page.locator(".tk-picks input[value=sx-district-heating]").check()
    page.locator(".tk-picks input[value=sx-greenhouse-heat]").check()
    page.get_by_role("button", name="Update totals").click()
    totals = page.locator(".tk-totals")
    expect(totals).to_contain_text("49\u00a0000 MWh/year")   # 40 000 + 9 000
    expect(totals).to_contain_text("9\u00a0800 t CO2e/year")  # 8 000 + 1 800
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the selection as CSV").click()
    info.value.save_as(tmp_path / "m.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "m.csv").read_text(encoding="utf-8"))))
    assert rows[-1]["id"] == "TOTAL" and float(rows[-1]["energy_saved_mwh"]) == 49000
    assert console.errors == []


def test_the_finder_form_finds_takers(server: LiveServer, page: Page, console: ConsoleLog) -> None:
    page.goto(server.url("/symbiosis"))
    page.get_by_label("We give off this stream: who takes it in?").check()
    page.get_by_label("Resource stream").fill("sawdst")
    page.get_by_role("button", name="Find matches").click()
    expect(page.locator("#results-title")).to_have_text("1 practice takes in “sawdst”")
    matches = page.locator(".tk-matches")  # the organisations to contact link the same practice again
    pellets = "Pellet plant turns sawdust from sawmills into wood pellets"
    expect(matches.get_by_role("link", name=pellets)).to_be_visible()
    page.get_by_label("We could take in this stream: who gives it off?").check()
    page.get_by_label("Resource stream").fill("spent grain")
    page.get_by_role("button", name="Find matches").click()
    expect(page.locator("#results-title")).to_have_text("1 practice gives off “spent grain”")
    assert console.errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_have_no_serious_accessibility_violations_and_no_console_errors(
        server: LiveServer, browser: Browser, axe_source: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    console = ConsoleLog()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    problems: dict[str, object] = {}
    for path in PAGES:
        page.goto(server.url(path))
        violations = axe_violations(page, axe_source)
        if violations:
            problems[path] = violations
        # Responsive: nothing wider than the screen, so no sideways scrolling on a phone.
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            problems[f"{path} overflow"] = overflow
    context.close()
    assert problems == {}
    # The unknown step answers 404, which Chromium logs as a failed resource load; nothing else may.
    assert [e for e in console.errors if "404" not in e] == []


def test_links_to_tools_open_safely_and_focus_is_visible(server: LiveServer, page: Page) -> None:
    page.goto(server.url("/toolkit/planning"))
    tools = page.locator(".tk-tools a")
    assert tools.count() >= 3
    for i in range(tools.count()):
        assert tools.nth(i).get_attribute("rel") == "noopener"
    first = page.locator(".tk-links a").first
    first.focus()
    outline = first.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("none", "")
