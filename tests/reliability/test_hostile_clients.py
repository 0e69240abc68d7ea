"""Clients that send too much, too little or garbage, at the socket, against a real service process."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.settings import Settings
from tests.conftest import LiveServer, load_fixture_records, load_records, start_live_server, stop_live_server
from tests.service.submissions.fixtures import good_payload

READ_TIMEOUT_S = 1


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("hostile") / "data")
    load_records(settings, load_fixture_records())
    live = start_live_server(settings.data_dir, {"GTS_REQUEST_READ_TIMEOUT_S": str(READ_TIMEOUT_S)})
    yield live
    stop_live_server(live)


def _exchange(server: LiveServer, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes, read until the server closes (or 15 s pass: then the test fails)."""
    port = int(server.base_url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=15) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split(" ", 2)[1]), headers, body


def _error_code(body: bytes) -> str:
    return json.loads(body)["error"]["code"]


def test_an_over_long_request_line_gets_431_in_the_common_shape(server: LiveServer):
    status, headers, body = _exchange(server, b"GET /api/search?q=" + b"a" * 20_000 + b" HTTP/1.1\r\nHost: t\r\n\r\n")
    assert status == 431 and headers["content-type"] == "application/json"
    assert _error_code(body) == "request_header_fields_too_large"


def test_over_long_headers_get_431(server: LiveServer):
    status, _, body = _exchange(server, b"GET /api/health HTTP/1.1\r\nHost: t\r\nX-Big: " + b"b" * 17_000 + b"\r\n\r\n")
    assert status == 431 and _error_code(body) == "request_header_fields_too_large"


def test_garbage_gets_400_in_the_common_shape(server: LiveServer):
    status, _, body = _exchange(server, b"NOT\x01HTTP AT ALL\r\n\r\n")
    assert status == 400 and _error_code(body) == "bad_request"


def test_a_client_that_never_finishes_its_headers_is_cut_off_with_408(server: LiveServer):
    status, _, body = _exchange(server, b"GET /api/health HTTP/1.1\r\nHost: t\r\n")
    assert status == 408 and _error_code(body) == "request_timeout"


def test_a_client_that_never_finishes_its_body_is_cut_off_with_408(server: LiveServer):
    status, _, body = _exchange(server, b"POST /api/submissions HTTP/1.1\r\nHost: t\r\n"
                                        b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
    assert status == 408 and _error_code(body) == "request_timeout"


def test_a_client_that_sends_nothing_is_cut_off(server: LiveServer):
    status, _, _ = _exchange(server, b"")
    assert status == 408


def test_the_service_still_answers_after_the_hostile_clients(server: LiveServer):
    _exchange(server, b"GET /api/health HTTP/1.1\r\nHost: t\r\n")
    status, _, body = _exchange(server, b"GET /api/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    assert status == 200 and json.loads(body)["ok"] is True


def test_a_spoofed_x_forwarded_for_does_not_reset_the_submission_limit(tmp_path: Path):
    # No GTS_TRUSTED_PROXIES: the header is ignored, whoever sends it (uvicorn used to trust loopback).
    live = start_live_server(tmp_path / "data", {"GTS_SUBMISSION_RATE": "2/minute"})
    try:
        statuses = [httpx.post(live.base_url + "/api/submissions", timeout=30,
                               headers={"X-Forwarded-For": f"203.0.113.{n}"},
                               json=good_payload(title=f"Spoofed client practice {n:02d}")).status_code
                    for n in range(4)]
    finally:
        stop_live_server(live)
    assert statuses == [201, 201, 429, 429]
