"""Screenshots of every page at 1280 and 375 px into docs/screenshots/, from the seed data: `make screenshots`.

    python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]

Starts the service on a free port over a throwaway copy of seed/practices.json (with one submission, so
the moderation pages have something to show), drives Debian's Chromium through Playwright, and checks
each page with axe-core as it goes: the script fails if a page has a serious or critical violation or
scrolls sideways. Tests never write here; only this script does.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.frontend.conftest import AXE_JS, CHROMIUM_ARGS, axe_violations  # noqa: E402

TOKEN = "screenshots-admin-token-0123456789"
WIDTHS = (1280, 375)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(data: Path) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, "GTS_ENV": "development", "GTS_ADMIN_TOKEN": TOKEN, "PYTHONPATH": str(REPO)}
    subprocess.run([sys.executable, "-m", "indexer", "import", "seed/practices.json", "--data-dir", str(data),
                    "--no-progress"], cwd=REPO, env=env, check=True, capture_output=True)
    for kind in ("news", "events", "calls"):  # as `make run` loads them: dates relative to today
        subprocess.run([sys.executable, "-m", "indexer", "import", f"seed/updates/{kind}.json", "--data-dir",
                        str(data), "--shift-dates-from", "2026-12-01", "--no-progress"],
                       cwd=REPO, env=env, check=True, capture_output=True)
    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "service", "--data-dir", str(data), "--port", str(port),
                                "--log-level", "warning"], cwd=REPO, env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the service did not start")


def _submission(base: str) -> tuple[str, int]:
    """One pending submission, as an SME would send it: its status page and its moderation page."""
    body = {"title": "Heat recovery from the proving cabinets of a bakery",
            "summary": "A family bakery recovers heat from its ovens to warm the proving cabinets and the "
                       "water used to clean trays, cutting its gas bill by a fifth.",
            "country": "AT", "sectors": ["food-beverages"], "impacts": ["energy-efficiency", "emission-reduction"],
            "investment_eur": 18000, "annual_savings_eur": 6400, "energy_saved_mwh": 52,
            "technologies": ["heat exchanger", "buffer tank"], "language": "de",
            "submitter_name": "Anna Huber", "submitter_email": "anna@example.org", "consent": True}
    response = httpx.post(base + "/api/submissions", json=body)
    receipt = response.json()
    if response.status_code != 201:
        raise SystemExit(f"the submission was refused: {receipt}")
    items = httpx.get(base + "/api/admin/submissions", headers={"Authorization": f"Bearer {TOKEN}"}).json()["items"]
    return receipt["tracking_url"], items[0]["id"]


def _pages(base: str, tracking_url: str, submission_id: int, practice_id: str) -> list[tuple[str, str]]:
    return [
        ("search", "/search"),
        ("search-filtered", "/search?q=heat+recovery&sector=food-beverages&payback_max=5"),
        ("search-chart", "/search?q=heat+pump#facets"),
        ("search-empty", "/search?q=zzzzqx"),
        ("search-understood", "/search?q=LED+retrofit+under+10000+euro"),
        ("search-german", "/search?q=Abw%C3%A4rmenutzung&lang=de"),
        ("news", "/news"),
        ("events", "/events"),
        ("calls", "/calls"),
        ("practice", f"/practices/{practice_id}"),
        ("practice-figures", f"/practices/{practice_id}#figures-h"),
        ("embed", "/embed?q=waste+heat"),
        ("submit", "/submit"),
        ("submit-errors", "/submit"),
        ("submission-status", tracking_url.replace(base, "")),
        ("admin-login", "/admin/login"),
        ("admin-queue", "/admin"),
        ("admin-submission", f"/admin/submissions/{submission_id}"),
        ("admin-history", "/admin/history"),
        ("toolkit", "/toolkit"),
        ("toolkit-step", "/toolkit/consolidation"),
        ("symbiosis", "/symbiosis?output=spent+grain"),
        ("error-404", "/practices/no-such-practice"),
    ]


def _visit(page: Page, base: str, name: str, path: str) -> None:
    page.goto(base + path)
    if "#" in path:  # the page's script may move the view; show the part named after the '#'
        page.locator("#" + path.split("#", 1)[1]).scroll_into_view_if_needed()
    if name == "submit-errors":  # the form sent empty: every problem shown next to its field
        page.click("form.record-form button[type=submit]")
        page.wait_for_load_state()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("GTS_TEST_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not AXE_JS.is_file():
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(AXE_JS.parents[2]),
                        "axe-core@4"], check=True, capture_output=True)
    axe = AXE_JS.read_text(encoding="utf-8")
    practice_id = json.loads((REPO / "seed" / "practices.json").read_text(encoding="utf-8"))[0]["id"]
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        process, base = _start(Path(tmp) / "data")
        try:
            tracking_url, submission_id = _submission(base)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 780})
                    page = context.new_page()
                    page.goto(f"{base}/admin/login?token={TOKEN}")  # the development login link
                    for name, path in _pages(base, tracking_url, submission_id, practice_id):
                        _visit(page, base, name, path)
                        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                        if overflow > 0:
                            problems.append(f"{name} at {width} px scrolls sideways by {overflow} px")
                        for violation in axe_violations(page, axe):
                            problems.append(f"{name} at {width} px: {violation['id']} ({violation['impact']}): "
                                            f"{violation['help']} {violation['nodes'][:2]}")
                        page.screenshot(path=str(args.out / f"{name}-{width}.png"), full_page=False)
                        print(f"{name}-{width}.png", file=sys.stderr)
                    context.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
    for problem in problems:
        print(f"problem: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
