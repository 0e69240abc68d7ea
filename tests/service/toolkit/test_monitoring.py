"""The consolidation calculator: sums of yearly figures over selected practices, as JSON and as CSV."""

from __future__ import annotations

import csv
import io
import math
import random

import pytest
from fastapi.testclient import TestClient

from service.monitoring.service import FIGURE_FIELDS
from tests.service.symbiosis.data import fixture_records

RECORDS = {r["id"]: r for r in fixture_records()}


def brute_force(ids: list[str]) -> dict[str, float]:
    return {name: math.fsum(RECORDS[i][name] for i in ids if RECORDS[i].get(name) is not None)
            for name in FIGURE_FIELDS}


def selections() -> list[list[str]]:
    rng = random.Random(6)
    everything = sorted(RECORDS)
    return [everything, everything[:1], ["sx-formula-title", "sx-led-office"],
            *(rng.sample(everything, k) for k in (2, 5, 9, 13))]


@pytest.mark.parametrize("ids", selections())
def test_totals_equal_a_brute_force_sum(fixture_client: TestClient, ids: list[str]) -> None:
    response = fixture_client.get("/api/toolkit/monitoring", params=[("id", i) for i in ids])
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(ids) and body["unknown_ids"] == []
    expected = brute_force(ids)
    for total in body["totals"]:
        assert total["total"] == pytest.approx(expected[total["field"]])
        assert total["reported_by"] == sum(1 for i in ids if RECORDS[i].get(total["field"]) is not None)


@pytest.mark.parametrize("ids", selections())
def test_the_csv_parses_and_adds_up(fixture_client: TestClient, ids: list[str]) -> None:
    response = fixture_client.get("/api/toolkit/monitoring.csv", params=[("id", i) for i in ids])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows[:-1]] == ids and rows[-1]["id"] == "TOTAL"
    expected = brute_force(ids)
    for name in FIGURE_FIELDS:
        column = [float(r[name]) for r in rows[:-1] if r[name] != ""]
        assert math.fsum(column) == pytest.approx(expected[name])
        assert float(rows[-1][name]) == pytest.approx(expected[name])


def test_csv_cells_cannot_start_a_spreadsheet_formula(fixture_client: TestClient) -> None:
    response = fixture_client.get("/api/toolkit/monitoring.csv", params={"id": "sx-formula-title"})
    row = next(csv.DictReader(io.StringIO(response.text)))
    assert row["title"].startswith("'=") and row["organisation"].startswith("'+")


def test_unknown_ids_are_listed_not_counted(fixture_client: TestClient) -> None:
    body = fixture_client.get("/api/toolkit/monitoring?id=sx-sawmill&id=no-such-practice&id=sx-sawmill").json()
    assert body["count"] == 1 and body["unknown_ids"] == ["no-such-practice"]


@pytest.mark.parametrize("query", ["", "id=", "id=UPPER", "id=a%20b", "id=%3Cscript%3E", "id=" + "a" * 65,
                                   "&".join(f"id=p{i}" for i in range(201))])
@pytest.mark.parametrize("path", ["/api/toolkit/monitoring", "/api/toolkit/monitoring.csv"])
def test_bad_selections_are_400(fixture_client: TestClient, path: str, query: str) -> None:
    response = fixture_client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
