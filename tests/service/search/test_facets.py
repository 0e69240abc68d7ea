"""The facet snapshot's counts: packed bit rows must count exactly what a pass per value counts."""

from __future__ import annotations

import numpy as np

from service.search.facets import FacetSnapshot
from service.taxonomy import FACET_FIELDS

VALUES = {"sector": ["food", "metals", "textiles"], "impact": ["energy", "water"], "key_area": ["symbiosis"],
          "country": ["DE", "PL", "ES"], "company_size": ["small", "large"], "investment_band": [],
          "payback_band": ["lt1"]}


def _rows(size: int, rng: np.random.Generator) -> list[tuple]:
    rows = []
    for rowid in range(1, size + 1):
        cells = []
        for name in FACET_FIELDS:
            chosen = [v for v in VALUES[name] if rng.random() < 0.4]
            multi = name in {"sector", "impact", "key_area"}
            cells.append("|".join(chosen) if multi else (chosen[0] if chosen else None))
        rows.append((rowid, f"p{rowid}", *cells, None, None, None, 2020, 100, None))
    return rows


def test_counts_equal_a_pass_per_value_for_any_scope_and_any_size() -> None:
    rng = np.random.default_rng(3)
    for size in (0, 1, 7, 8, 9, 250, 1001):  # sizes that do and do not fill the last byte of bits
        snap = FacetSnapshot.from_rows(_rows(size, rng))
        for _ in range(5):
            base = rng.random(size) < 0.5 if rng.random() < 0.8 else None
            filters = {"country": snap.masks["country"].get("DE", np.zeros(size, dtype=bool))} if size else {}
            counts = snap.counts(base, filters)
            for name in FACET_FIELDS:
                scope = np.ones(size, dtype=bool) if base is None else base.copy()
                for other, mask in filters.items():
                    if other != name:
                        scope &= mask
                expected = {value: int(np.count_nonzero(mask & scope)) for value, mask in snap.masks[name].items()}
                assert counts[name] == expected, (size, name)


def test_a_facet_no_document_has_counts_nothing() -> None:
    snap = FacetSnapshot.from_rows(_rows(20, np.random.default_rng(1)))
    assert snap.counts(None, {})["investment_band"] == {}
    assert snap.counts(np.ones(20, dtype=bool), {})["investment_band"] == {}
