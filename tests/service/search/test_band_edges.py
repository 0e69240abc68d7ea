"""Bands agree with ranges: the bands up to N hold exactly what payback_max=N (or investment_max=N) finds."""

from __future__ import annotations

from fastapi.testclient import TestClient

from service.app import create_app
from service.settings import Settings
from service.taxonomy import load_taxonomy
from tests.conftest import load_fixture_records, load_records


def test_each_edge_belongs_to_the_band_below_it_and_the_labels_say_so():
    taxonomy = load_taxonomy()
    assert [taxonomy.payback_band(v) for v in (0, 1.0, 1.01, 3.0, 5.0, 10.0, 10.5)] == [
        "under-1y", "under-1y", "1-3y", "1-3y", "3-5y", "5-10y", "over-10y"]
    assert [taxonomy.investment_band(v) for v in (0, 10_000, 10_001, 100_000, 500_000, 500_001)] == [
        "none", "under-10k", "10k-100k", "10k-100k", "100k-500k", "over-500k"]
    assert taxonomy.label("payback_band", "1-3y") == "Over 1, up to 3 years"
    assert taxonomy.label("investment_band", "under-10k") == "Up to €10k"


def test_bands_and_ranges_find_the_same_practices(settings: Settings):
    base = load_fixture_records()[0]
    paybacks = [0.5, 1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 10.0]
    records = [{**base, "id": f"edge-{n}", "title": f"{base['title']} {n}", "payback_years": p,
                "investment_eur": p * 10_000} for n, p in enumerate(paybacks)]
    load_records(settings, records)
    with TestClient(create_app(settings)) as client:
        def total(query: str) -> int:
            return client.get(f"/api/search?{query}").json()["total"]

        assert total("payback_band=under-1y&payback_band=1-3y") == total("payback_max=3") == 5
        assert total("payback_band=under-1y&payback_band=1-3y&payback_band=3-5y") == total("payback_max=5") == 7
        assert total("investment_band=under-10k") == total("investment_min=1&investment_max=10000") == 2
