"""Browser fixtures: Debian's Chromium driven by Playwright, and axe-core from npm for accessibility checks."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Page, sync_playwright

from service.settings import REPO_ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]
TEST_DEPS = REPO_ROOT / "frontend" / "test-deps"
AXE_JS = TEST_DEPS / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("GTS_TEST_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"no Chromium at {executable}: run the suite with scripts/with-test-services.sh "
                    "(or apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class ConsoleLog:
    """Console errors and uncaught page errors, collected so a test can assert there were none."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def on_page_error(self, error: Any) -> None:
        self.errors.append(f"page error: {error}")


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def console() -> ConsoleLog:
    return ConsoleLog()


@pytest.fixture
def page(context: BrowserContext, console: ConsoleLog) -> Page:
    page = context.new_page()
    page.on("console", console.on_console)
    page.on("pageerror", console.on_page_error)
    # A JavaScript dialog would mean injected script ran: record it and close it.
    def on_dialog(dialog: Dialog) -> None:
        console.errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.set_default_timeout(10_000)
    return page


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed from npm into frontend/test-deps once (node_modules is gitignored)."""
    if not AXE_JS.is_file():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(TEST_DEPS),
                        "axe-core@4"], check=True, capture_output=True, timeout=300)
    return AXE_JS.read_text(encoding="utf-8")


def axe_violations(page: Page, source: str) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations of the page as it is now."""
    page.evaluate(source)  # evaluate is not subject to the page's Content-Security-Policy
    results = page.evaluate("""async () => await axe.run(document, {resultTypes: ['violations']})""")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["html"][:200] for n in v["nodes"][:5]]}
            for v in results["violations"] if v["impact"] in ("serious", "critical")]

