"""The `backend` fixture of the contract suite: every search backend, over the same fixture practices.

The embedded backend always runs, twice: as it serves the fixture's 12 practices, and with every term read
ahead into memory (frequent_terms; only the most frequent terms of a large index are). Meilisearch runs
when MEILI_URL (and MEILI_KEY, if the server has a master key) names a real server: `docker compose up -d
meilisearch`, then `MEILI_URL=http://127.0.0.1:7700 MEILI_KEY=... make test`. Each run builds its own uniquely
named index through the same rebuild path as production and deletes it afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.db import make_engine, make_sessionmaker
from service.search import indexing
from service.search.backend import SearchBackend
from service.search.factory import make_embedded_backend
from service.search.sqlite_backend import SqliteSearchBackend
from service.settings import Settings
from service.taxonomy import load_taxonomy
from tests.conftest import load_fixture_records, load_records

BACKENDS = ["sqlite", "sqlite-read-ahead"]
if os.environ.get("MEILI_URL"):
    BACKENDS.append(pytest.param("meilisearch", marks=pytest.mark.meili))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def fixture_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A store (and embedded index) holding the fixture practices, shared by a module's tests."""
    data_dir: Path = tmp_path_factory.mktemp("contract") / "data"
    settings = Settings(env="test", data_dir=data_dir)
    load_records(settings, load_fixture_records())
    return settings


@pytest.fixture(scope="module", params=BACKENDS)
def backend(request: pytest.FixtureRequest, fixture_settings: Settings) -> Iterator[SearchBackend]:
    yield from backend_for(request.param, fixture_settings)


def backend_for(name: str, settings: Settings) -> Iterator[SearchBackend]:
    """The backend called ``name`` over the store of ``settings`` (its index built by the production path)."""
    if name in ("sqlite", "sqlite-read-ahead"):
        embedded = make_embedded_backend(settings)
        if name == "sqlite-read-ahead":
            embedded = SqliteSearchBackend(embedded.path, taxonomy=embedded.taxonomy, synonyms=embedded.synonyms,
                                           analyzer=embedded.analyzer, read_ahead_min_docs=1)
        assert embedded.wait_for_read_ahead(timeout=30)
        yield embedded
        embedded.close()
        return
    yield from _meilisearch_backend(settings)


def _meilisearch_backend(settings: Settings) -> Iterator[SearchBackend]:
    from service.search.meili_backend import MeilisearchBackend

    meili = MeilisearchBackend(url=os.environ["MEILI_URL"], key=os.environ.get("MEILI_KEY", ""),
                               index_uid=f"gts_contract_{uuid.uuid4().hex[:12]}",
                               taxonomy=load_taxonomy(settings.seed_dir),
                               synonyms_path=settings.seed_dir / "synonyms.json", timeout_s=10, task_timeout_s=120)
    engine = make_engine(settings.store_url)
    try:
        count = indexing.rebuild(make_sessionmaker(engine), meili, load_taxonomy(settings.seed_dir))
        assert meili.count() == count
        yield meili
    finally:
        engine.dispose()
        meili._drop(meili.index_uid)
