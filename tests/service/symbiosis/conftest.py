from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.service.symbiosis.data import client_over, fixture_records, seed_records


@pytest.fixture(scope="module")
def fixture_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An instance over the symbiosis fixture practices (read-only tests share it)."""
    with client_over(fixture_records(), tmp_path_factory.mktemp("fixture")) as client:
        yield client


@pytest.fixture(scope="module")
def seed_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An instance over seed/practices.json (the fixture until the seed data exists)."""
    with client_over(seed_records(), tmp_path_factory.mktemp("seed")) as client:
        yield client
