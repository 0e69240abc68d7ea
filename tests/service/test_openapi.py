"""The published schema: every operation's parameters, responses and errors, facet values from the taxonomy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.app import create_app
from service.search.params import SearchAnswer
from service.settings import Settings
from service.taxonomy import FACET_FIELDS
from tests.conftest import load_fixture_records, load_records

ERROR_REF = "#/components/schemas/ErrorResponse"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = Settings(env="test", data_dir=tmp_path_factory.mktemp("openapi") / "data")
    load_records(settings, load_fixture_records())
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def parameters(schema: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"].get("parameters", [])}


def test_search_publishes_every_parameter_with_its_type_and_bounds(schema: dict[str, Any], client: TestClient) -> None:
    published = parameters(schema, "/api/search")
    assert set(published) == {"q", *FACET_FIELDS, "investment_min", "investment_max", "payback_min", "payback_max",
                              "savings_min", "sort", "page", "per_page", "understand", "lang", "from_words"}
    assert published["understand"]["type"] == "boolean"
    taxonomy = client.get("/api/taxonomy").json()
    for name in FACET_FIELDS:
        assert published[name]["type"] == "array"  # repeatable
        assert published[name]["items"]["enum"] == [v["value"] for v in taxonomy[name]], name
    assert published["page"] == {**published["page"], "type": "integer", "minimum": 1, "maximum": 10_000}
    assert (published["per_page"]["minimum"], published["per_page"]["maximum"]) == (1, 100)
    assert published["investment_min"]["type"] == "number" and published["investment_min"]["minimum"] == 0
    assert published["q"]["maxLength"] == 1000
    assert set(published["sort"]["enum"]) == {"relevance", "payback", "investment", "savings", "newest",
                                             "recent"}


def test_the_search_answer_is_published_and_kept(schema: dict[str, Any], client: TestClient) -> None:
    ok = schema["paths"]["/api/search"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/SearchAnswer"}
    answer = client.get("/api/search", params=[("q", "heat"), ("sector", "food-beverages"), ("per_page", "3")])
    SearchAnswer.model_validate(answer.json())


def test_symbiosis_and_monitoring_publish_their_parameters(schema: dict[str, Any]) -> None:
    matches = parameters(schema, "/api/symbiosis/matches")
    assert set(matches) == {"output", "input", "limit"}
    assert (matches["limit"]["type"], matches["limit"]["maximum"]) == ("integer", 200)
    for path in ("/api/toolkit/monitoring", "/api/toolkit/monitoring.csv"):
        ids = parameters(schema, path)["id"]
        assert ids["type"] == "array" and ids["items"]["pattern"] == "^[a-z0-9-]{1,64}$" and ids["maxItems"] == 200
    assert "text/csv" in schema["paths"]["/api/toolkit/monitoring.csv"]["get"]["responses"]["200"]["content"]


def test_every_operation_publishes_its_errors_in_the_one_shape(schema: dict[str, Any]) -> None:
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        assert "422" not in responses, (method, path)  # validation answers 400
        success = [response for code, response in responses.items() if code.startswith("2")]
        assert success, (method, path)
        for media in success[0]["content"].values():  # a model for JSON; text for the CSV download
            assert "$ref" in media["schema"] or "$ref" in media["schema"].get("items", {}) \
                or media["schema"] == {"type": "string"}, (method, path)
        if operation.get("parameters") or "requestBody" in operation:
            assert "400" in responses, (method, path)
        if path.startswith("/api/admin"):
            assert {"401", "403"} <= set(responses), (method, path)
        for code, response in responses.items():
            if int(code) >= 400:
                assert response["content"]["application/json"]["schema"] == {"$ref": ERROR_REF}, (method, path, code)


def test_every_api_operation_is_published(schema: dict[str, Any]) -> None:
    published = {(method.upper(), path) for path, method, _ in operations(schema)}
    for expected in (("GET", "/api/search"), ("GET", "/api/practices/{practice_id}"), ("GET", "/api/health"),
                     ("GET", "/api/taxonomy"), ("POST", "/api/submissions"), ("GET", "/api/toolkit/{step}"),
                     ("GET", "/api/symbiosis/matches"), ("GET", "/api/toolkit/monitoring"),
                     ("GET", "/api/toolkit/monitoring.csv"),
                     ("POST", "/api/admin/submissions/{submission_id}/approve")):
        assert expected in published
