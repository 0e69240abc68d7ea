"""Starting the product as the README says: make run honours GTS_*, and development opens /admin at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import httpx

from service.settings import REPO_ROOT
from tests.conftest import free_port

LINK = re.compile(r"(http://127\.0\.0\.1:\d+/admin/login\?token=\S+)")


def _make_run_commands(env: dict[str, str], *args: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("GTS_", "MAKE"))}
    done = subprocess.run(["make", "--no-print-directory", "-n", "run", *args], cwd=REPO_ROOT,
                          env={**clean, **env}, capture_output=True, text=True, check=True)
    return done.stdout


def test_make_run_honours_the_services_environment_variables():
    commands = _make_run_commands({"GTS_PORT": "8123", "GTS_HOST": "0.0.0.0", "GTS_DATA_DIR": "/tmp/gts-x"})
    assert "--port 8123" in commands and "--host 0.0.0.0" in commands
    assert "--data-dir /tmp/gts-x --no-progress" in commands and "--data-dir /tmp/gts-x --host" in commands


def test_make_run_takes_port_on_its_command_line_and_defaults_otherwise():
    assert "--port 9001" in _make_run_commands({}, "PORT=9001")
    defaults = _make_run_commands({})
    assert "--data-dir data --host 127.0.0.1 --port 8000" in defaults


def test_development_start_up_makes_a_moderator_token_and_prints_the_login_link(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GTS_")}
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", str(REPO_ROOT))
    process = subprocess.Popen([sys.executable, "-m", "service", "--data-dir", str(tmp_path), "--port", str(port),
                                "--log-level", "warning"], cwd=REPO_ROOT, env=env, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stderr is not None
        link = None
        deadline = time.monotonic() + 30
        while link is None and time.monotonic() < deadline:
            line = process.stderr.readline()
            assert line or process.poll() is None, "the service exited"
            if match := LINK.search(line):
                link = match.group(1)
        assert link and f":{port}/" in link
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client() as client:
            queue = client.get(link, follow_redirects=True)
            assert queue.status_code == 200 and "Moderation queue" in queue.text
            assert str(queue.url).endswith("/admin")
            wrong = httpx.get(link[:-3] + "xyz")
            assert wrong.status_code == 401 and "old token" in wrong.text
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr is not None:
            process.stderr.close()


def test_production_still_refuses_to_start_without_a_token(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GTS_")}
    env.update(GTS_ENV="production", PYTHONPATH=os.environ.get("PYTHONPATH", str(REPO_ROOT)))
    done = subprocess.run([sys.executable, "-m", "service", "--data-dir", str(tmp_path), "--port",
                           str(free_port())], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "GTS_ADMIN_TOKEN" in done.stderr
    assert "/admin/login?token=" not in done.stderr
