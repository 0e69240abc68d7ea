"""Rate limit, request-size limit and their answers in the common error shape."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from service.security.body_limit import BodySizeLimit
from service.security.rate_limit import SlidingWindowLimiter, parse_rate
from service.settings import Settings
from service.submissions.models import Submission
from tests.service.submissions.fixtures import error_shape_ok, good_payload, run_async


def count(client) -> int:  # type: ignore[no-untyped-def]
    with client.app.state.sessions() as session:
        return session.scalar(select(func.count()).select_from(Submission)) or 0


@pytest.mark.parametrize("rate, expected", [("5/minute", (5, 60.0)), ("1/second", (1, 1.0)),
                                            ("100/hour", (100, 3600.0)), ("3/day", (3, 86400.0))])
def test_rates_parse(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["", "5", "0/minute", "-1/minute", "5/fortnight", "five/minute"])
def test_bad_rates_are_refused_by_the_settings(rate):
    with pytest.raises(ValueError):
        Settings(env="test", submission_rate=rate)


def test_the_window_slides():
    now = [1000.0]
    limiter = SlidingWindowLimiter("2/minute", clock=lambda: now[0])
    assert limiter.hit("a") is None and limiter.hit("a") is None
    assert limiter.hit("a") == pytest.approx(60.0)
    assert limiter.hit("b") is None  # per client
    now[0] += 30
    assert limiter.hit("a") == pytest.approx(30.0)
    now[0] += 30.5
    assert limiter.hit("a") is None


def test_the_api_answers_429_with_retry_after_in_the_error_shape(make_client):
    client = make_client(loaded=False, submission_rate="3/minute")
    codes = [client.post("/api/submissions", json=good_payload()).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    response = client.post("/api/submissions", json=good_payload())
    assert response.status_code == 429 and error_shape_ok(response.json(), 429)
    assert response.json()["error"]["code"] == "too_many_requests"
    assert 1 <= int(response.headers["retry-after"]) <= 60
    assert count(client) == 3


def test_a_declared_oversized_body_is_a_413_in_the_error_shape(make_client):
    client = make_client(loaded=False, max_request_bytes=4096)
    response = client.post("/api/submissions", json=good_payload(description="x" * 5000))
    assert response.status_code == 413 and error_shape_ok(response.json(), 413)
    assert count(client) == 0
    assert client.post("/api/submissions", json=good_payload(description="x" * 3000)).status_code == 201


def test_a_streamed_body_without_content_length_is_counted(make_client):
    client = make_client(loaded=False, max_request_bytes=4096)
    body = json.dumps(good_payload(description="x" * 20_000)).encode()

    def chunks():  # a generator: sent chunked, no Content-Length header
        for i in range(0, len(body), 1000):
            yield body[i:i + 1000]

    response = client.post("/api/submissions", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413 and error_shape_ok(response.json(), 413)
    form = client.post("/submit", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
    assert form.status_code == 413
    assert count(client) == 0


def test_a_lying_content_length_does_not_get_past_the_limit():
    """Pure ASGI: the header says 10 bytes, the body brings 10,000; the app never sees a whole body."""
    seen: list[int] = []

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        seen.append(len(body))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    sent: list[dict] = []
    chunks = [{"type": "http.request", "body": b"x" * 1000, "more_body": True} for _ in range(10)]

    async def receive():  # type: ignore[no-untyped-def]
        return chunks.pop(0)

    async def send(message):  # type: ignore[no-untyped-def]
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [(b"content-length", b"10")]}
    run_async(lambda: BodySizeLimit(app, max_bytes=4096)(scope, receive, send))
    assert seen == []
    assert sent[0]["status"] == 413
    assert json.loads(sent[1]["body"])["error"]["code"] == "payload_too_large"


def test_a_one_megabyte_field_is_refused_never_a_500(client):
    for field in ("title", "summary", "description", "submitter_name", "submitter_email"):
        response = client.post("/api/submissions", json=good_payload(**{field: "A" * 1_000_000}))
        assert response.status_code in (400, 413), (field, response.status_code)
        assert error_shape_ok(response.json(), response.status_code)
    assert count(client) == 0
