"""Items for the tests: a few written here with dates relative to now (so their order is known), and
the illustrative seed loaded as `make run` loads it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from indexer.items import days_since, import_item_rows
from service.app import create_app
from service.db import make_engine, make_sessionmaker, migrate
from service.practices.record_format import read_rows
from service.settings import REPO_ROOT, Settings
from service.updates import sync
from tests.conftest import rows_of

SEED = REPO_ROOT / "seed" / "updates"
SEED_ANCHOR = datetime(2026, 12, 1, tzinfo=UTC).date()
ADMIN_TOKEN = "a-moderator-token-for-tests"


def at(days: float, hour: int = 9) -> str:
    """An ISO date-time `days` from now, at a whole hour (UTC)."""
    moment = (datetime.now(UTC) + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
    return moment.isoformat()


def known_items() -> list[dict[str, Any]]:
    summary = "An illustrative item written for the tests of this project."
    return [
        {"id": "ev-soon", "kind": "event", "title": "Heat pump day in Ghent", "summary": summary,
         "start": at(2)[:16], "end": at(2, 17)[:16], "timezone": "Europe/Brussels", "place": "Ghent",
         "organiser": "Chem Park Partners", "sectors": ["chemicals", "energy"], "impacts": ["energy-efficiency"],
         "countries": ["BE"]},
        {"id": "ev-later", "kind": "event", "title": "Waste heat webinar", "summary": summary, "start": at(20),
         "place": "online", "sectors": ["food-beverages"], "impacts": ["energy-efficiency"]},
        {"id": "ev-past", "kind": "event", "title": "Foundry sand forum", "summary": summary, "start": at(-10),
         "end": at(-10, 16), "place": "Katowice", "sectors": ["metals"], "impacts": ["waste-reduction"],
         "countries": ["PL"]},
        {"id": "ev-long-past", "kind": "event", "title": "Packaging reuse forum", "summary": summary,
         "start": at(-40), "place": "Lyon", "sectors": ["retail"], "impacts": ["waste-reduction"], "countries": ["FR"]},
        {"id": "call-soon", "kind": "call", "title": "Heat pump vouchers", "summary": summary, "opens": at(-30),
         "closes": at(5, 17), "timezone": "Europe/Berlin", "funder": "Fictional Fund", "budget_eur": 1000000,
         "sectors": ["food-beverages"], "impacts": ["energy-efficiency"], "countries": ["DE"]},
        {"id": "call-later", "kind": "call", "title": "Symbiosis feasibility studies", "summary": summary,
         "closes": at(40, 17), "funder": "Symbiosis Programme", "impacts": ["material-efficiency"]},
        {"id": "call-forthcoming", "kind": "call", "title": "Solar roofs aid", "summary": summary, "opens": at(10),
         "closes": at(90), "sectors": ["logistics"], "impacts": ["renewable-energy"], "countries": ["ES"]},
        {"id": "call-closed", "kind": "call", "title": "Textile pilots grants", "summary": summary, "opens": at(-90),
         "closes": at(-3), "sectors": ["textiles"], "impacts": ["waste-reduction"], "countries": ["IT"]},
        {"id": "news-new", "kind": "news", "title": "Brewery heat pump upgrades waste heat", "summary": summary,
         "published": at(-1)[:10], "source": "Craft Brewers", "sectors": ["food-beverages"],
         "impacts": ["energy-efficiency"], "countries": ["CZ"]},
        {"id": "news-old", "kind": "news", "title": "Textile cluster halves dyeing water", "summary": summary,
         "published": at(-30)[:10], "sectors": ["textiles"], "impacts": ["water-efficiency"], "countries": ["IT"]},
    ]


def load_items(settings: Settings, records: list[dict[str, Any]]) -> None:
    engine = make_engine(settings.store_url)
    migrate(engine)
    factory = make_sessionmaker(engine)
    report = import_item_rows(factory, rows_of(records))
    assert not report.rejected, report.rejected
    index = sync.make_item_index(settings)
    sync.rebuild(factory, index)
    index.close()
    engine.dispose()


def load_seed(settings: Settings) -> int:
    engine = make_engine(settings.store_url)
    migrate(engine)
    total = 0
    for name in ("news", "events", "calls"):
        rows = list(read_rows((SEED / f"{name}.json").read_text(encoding="utf-8"), "json"))
        report = import_item_rows(make_sessionmaker(engine), rows, shift_days=days_since(SEED_ANCHOR))
        assert not report.rejected, report.rejected
        total += report.accepted
    engine.dispose()
    return total


@pytest.fixture
def items_client(settings: Settings) -> Iterator[TestClient]:
    """An instance holding the known items (and the moderators' token)."""
    load_items(settings, known_items())
    with TestClient(create_app(settings.model_copy(update={"admin_token": ADMIN_TOKEN}))) as client:
        yield client


def data_dir_of(client: TestClient) -> Path:
    return client.app.state.settings.data_dir  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def items_reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The known items, shared by a module's tests that only read."""
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("items") / "data", sync_interval_s=0.2)
    load_items(settings, known_items())
    with TestClient(create_app(settings)) as client:
        yield client
