"""Nothing is lost: approvals commit while the search index is down, and the outbox catches up later."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path
from typing import Any

import httpx

from service.settings import Settings
from tests.conftest import load_fixture_records, load_records, start_live_server, stop_live_server
from tests.service.submissions.fixtures import ADMIN, ADMIN_TOKEN, good_payload, submission_id, submit, wait_until


class FlakyBackend:
    """A real backend behind a switch: while down, every call fails as a dead index would (failure mode)."""

    def __init__(self, real: Any) -> None:
        self.real, self.down, self.name = real, False, real.name

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.real, name)
        if not callable(attribute) or name == "close":
            return attribute

        def call(*args: Any, **kwargs: Any) -> Any:
            if self.down:
                raise ConnectionError("search index is down")
            return attribute(*args, **kwargs)
        return call


def searchable(client, practice_id: str) -> bool:  # type: ignore[no-untyped-def]
    response = client.get("/api/search", params={"q": "oven heat recovery"})
    return response.status_code == 200 and practice_id in [h["id"] for h in response.json()["hits"]]


def test_approval_commits_while_the_backend_is_down_and_the_outbox_catches_up(client):
    flaky = FlakyBackend(client.app.state.search)
    client.app.state.search = flaky
    sid = submission_id(client, submit(client)["tracking_token"])
    flaky.down = True
    approved = client.post(f"/api/admin/submissions/{sid}/approve", headers=ADMIN)
    assert approved.status_code == 200
    practice_id = approved.json()["practice_id"]
    assert client.get(f"/api/practices/{practice_id}").status_code == 200  # in the store
    assert client.get("/api/search", params={"q": "oven"}).status_code == 503
    time.sleep(0.6)  # several sync attempts fail meanwhile
    assert client.get("/api/health").json()["outbox_pending"] >= 1
    detail = client.get(f"/api/admin/submissions/{sid}", headers=ADMIN)
    assert detail.status_code == 200 and detail.json()["similar"] is None  # moderation goes on
    flaky.down = False
    assert wait_until(lambda: searchable(client, practice_id))
    assert wait_until(lambda: client.get("/api/health").json()["outbox_pending"] == 0)


def test_approval_to_search_with_the_live_index_locked_and_released(tmp_path: Path):
    """A real service process; its index is held locked (stopped for writers) during the approval."""
    settings = Settings(env="test", data_dir=tmp_path / "data")
    load_records(settings, load_fixture_records())
    server = start_live_server(settings.data_dir, {"GTS_ADMIN_TOKEN": ADMIN_TOKEN, "GTS_SYNC_INTERVAL_S": "0.2"})
    lock_path = settings.index_path.with_name(settings.index_path.name + ".lock")
    try:
        created = httpx.post(server.url("/api/submissions"), json=good_payload(), timeout=10)
        assert created.status_code == 201
        items = httpx.get(server.url("/api/admin/submissions"), headers=ADMIN, timeout=10).json()["items"]
        with open(lock_path, "a+") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # the index writer now waits, as if the index were stopped
            approved = httpx.post(server.url(f"/api/admin/submissions/{items[0]['id']}/approve"), headers=ADMIN,
                                  timeout=10)
            assert approved.status_code == 200
            practice_id = approved.json()["practice_id"]
            assert httpx.get(server.url(f"/api/practices/{practice_id}"), timeout=10).status_code == 200
            time.sleep(1.0)
            assert practice_id not in httpx.get(server.url("/api/search"), params={"q": "oven"}, timeout=10).text
            assert httpx.get(server.url("/api/health"), timeout=10).json()["outbox_pending"] >= 1
            fcntl.flock(handle, fcntl.LOCK_UN)
        assert wait_until(lambda: practice_id in httpx.get(server.url("/api/search"), params={"q": "oven"},
                                                            timeout=10).text, timeout=20)
    finally:
        stop_live_server(server)


def test_the_index_file_removed_then_rebuilt_catches_up(tmp_path: Path):
    """The index is deleted under a running service; approvals still commit; a rebuild brings them back."""
    from service.db import make_engine, make_sessionmaker
    from service.search import indexing
    from service.search.factory import make_embedded_backend
    from service.taxonomy import load_taxonomy

    settings = Settings(env="test", data_dir=tmp_path / "data")
    load_records(settings, load_fixture_records())
    server = start_live_server(settings.data_dir, {"GTS_ADMIN_TOKEN": ADMIN_TOKEN, "GTS_SYNC_INTERVAL_S": "0.2"})
    try:
        assert httpx.post(server.url("/api/submissions"), json=good_payload(), timeout=10).status_code == 201
        settings.index_path.unlink()
        items = httpx.get(server.url("/api/admin/submissions"), headers=ADMIN, timeout=10).json()["items"]
        approved = httpx.post(server.url(f"/api/admin/submissions/{items[0]['id']}/approve"), headers=ADMIN,
                              timeout=10)
        assert approved.status_code == 200
        practice_id = approved.json()["practice_id"]
        assert httpx.get(server.url(f"/api/practices/{practice_id}"), timeout=10).status_code == 200
        engine = make_engine(settings.store_url)
        backend = make_embedded_backend(settings)
        try:
            indexing.rebuild(make_sessionmaker(engine), backend, load_taxonomy(settings.seed_dir))
        finally:
            backend.close()
            engine.dispose()
        assert wait_until(lambda: practice_id in httpx.get(server.url("/api/search"), params={"q": "oven"},
                                                            timeout=10).text, timeout=20)
    finally:
        stop_live_server(server)
