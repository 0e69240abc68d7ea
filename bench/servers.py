"""Starting, watching and stopping the servers under test: our service and Datasette."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from service.settings import REPO_ROOT


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak_memory_mb(self) -> float:
        """The process's peak resident set (VmHWM) so far, in MiB."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        raise RuntimeError("VmHWM not found")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_read_ahead(server: Server, timeout_s: float = 60) -> float:
    """Seconds until the service has its index's frequent terms in memory (service.search.frequent_terms),
    as /api/health reports; a server that does not report it is taken as ready."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        search = httpx.get(server.base_url + "/api/health", timeout=5).json().get("search", {})
        if search.get("frequent_terms_read") != "reading":
            return time.monotonic() - started
        time.sleep(0.1)
    raise RuntimeError(f"{server.name} did not read its frequent terms ahead within {timeout_s:.0f} s")


def _wait_until_up(server: Server, path: str, timeout_s: float = 60) -> Server:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            if httpx.get(server.base_url + path, timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"{server.name} did not answer {path} within {timeout_s:.0f} s")


def start_service(data_dir: Path) -> Server:
    """The real `python -m service` process, as `make run` starts it."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "--data-dir", str(data_dir), "--port", str(port), "--log-level", "warning"],
        cwd=REPO_ROOT, env={**os.environ, "GTS_ENV": "development"})
    return _wait_until_up(Server("service", port, process), "/api/health")


def start_datasette(db_path: Path) -> Server:
    port = free_port()
    datasette = Path(sys.executable).with_name("datasette")
    process = subprocess.Popen(
        [str(datasette), "serve", "--immutable", str(db_path), "--port", str(port),
         "--setting", "facet_time_limit_ms", "5000", "--setting", "sql_time_limit_ms", "10000",
         "--setting", "suggest_facets", "off", "--setting", "default_page_size", "20"],
        cwd=db_path.parent, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _wait_until_up(Server("datasette", port, process), "/-/versions.json")
