"""Datasets for the toolkit and symbiosis tests: a small fixture with inputs/outputs, and the seed data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import REPO_ROOT, Settings
from tests.conftest import load_records

FIXTURE = Path(__file__).parent / "practices.json"
SEED = REPO_ROOT / "seed" / "practices.json"


def fixture_records() -> list[dict[str, Any]]:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def seed_records() -> list[dict[str, Any]]:
    """seed/practices.json once it exists; until then the fixture, which has the same kinds of streams."""
    path = SEED if SEED.is_file() else FIXTURE
    return json.loads(path.read_text(encoding="utf-8"))


@contextmanager
def client_over(records: list[dict[str, Any]], data_dir: Path,
                database_url: str | None = None) -> Iterator[TestClient]:
    settings = Settings(env="test", data_dir=data_dir, database_url=database_url, sync_interval_s=0.2)
    load_records(settings, records)
    with TestClient(create_app(settings)) as client:
        yield client
