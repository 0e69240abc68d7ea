"""Schemathesis over every published operation of a real service process, admin ones with the token.

Each operation gets a bounded number of generated requests, valid and invalid; every answer must be a
documented status in its documented shape: no server error, no schema violation, no undocumented code.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from service.app import create_app
from service.settings import REPO_ROOT, Settings
from tests.conftest import LiveServer, load_fixture_records, load_records, start_live_server, stop_live_server

ADMIN_TOKEN = "fuzzing-the-moderation-api"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = int(os.environ.get("GTS_FUZZ_EXAMPLES", "30"))

# The schema is built from the app (it needs no server) so that each operation is a test of its own.
SCHEMA: dict[str, Any] = create_app(Settings(env="test", data_dir=REPO_ROOT / "build" / "unused")).openapi()
OPERATIONS = [(method.upper(), path) for path, methods in SCHEMA["paths"].items() for method in methods]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz") / "data"
    load_records(Settings(env="test", data_dir=data_dir), load_fixture_records())
    # A generous submission rate: the fuzzer is one client sending many bodies.
    live = start_live_server(data_dir, env={"GTS_ADMIN_TOKEN": ADMIN_TOKEN, "GTS_SUBMISSION_RATE": "100000/minute"})
    yield live
    stop_live_server(live)


@pytest.fixture(scope="module")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {ADMIN_TOKEN}"
        yield session


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_every_answer_is_documented(method: str, path: str, server: LiveServer, http: requests.Session) -> None:
    # Loaded from the running service: the schema under test is the one it publishes.
    operation = schemathesis.openapi.from_url(server.url("/openapi.json"))[path][method]
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @given(case=cases)
    @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def every_answer_is_documented(case: schemathesis.Case) -> None:
        case.call_and_validate(base_url=server.base_url, session=http, checks=CHECKS)

    every_answer_is_documented()
