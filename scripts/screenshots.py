"""Refresh the screenshots in docs/screenshots/ from the seed data: `make screenshots`.

Loads seed/practices.json into a throwaway data directory, starts the service on a free port and takes
each page of PAGES at each of its widths with Chromium. Tests take their own screenshots into
build/screenshots/ (not kept); these are the ones the README and docs/ show.

    python scripts/screenshots.py [--out DIR] [--chromium PATH]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
# (file name, path, viewport widths): add a page here to document it.
PAGES = [
    ("search", "/search?q=heat+recovery", (1280, 375)),
    ("practice", "/practices/gp-0001", (1280, 375)),
    ("toolkit-consolidation", "/toolkit/consolidation", (375,)),
    ("symbiosis", "/symbiosis?output=spent+grain", (375,)),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(*args: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, *args], cwd=REPO_ROOT, env=env)


def serve_seed(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    subprocess.run([sys.executable, "-m", "indexer", "import", "seed/practices.json", "--data-dir", str(data_dir),
                    "--no-progress"], cwd=REPO_ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    server = run("-m", "service", "--data-dir", str(data_dir), "--port", str(port), "--log-level", "warning",
                 env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the service did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default=os.environ.get("GTS_TEST_CHROMIUM", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="gts-screenshots-") as data_dir:
        server = serve_seed(Path(data_dir), port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium,
                                                     args=["--headless", "--no-sandbox", "--disable-gpu"])
                for name, path, widths in PAGES:
                    for width in widths:
                        page = browser.new_page(viewport={"width": width, "height": 900})
                        page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle")
                        target = args.out / f"{name}-{width}.png"
                        page.screenshot(path=str(target), full_page=False)
                        page.close()
                        print(target.relative_to(REPO_ROOT) if target.is_relative_to(REPO_ROOT) else target)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
