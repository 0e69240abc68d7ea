"""A stored practice as a search document: the record plus its derived bands."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from service.settings import SEED_DIR
from service.taxonomy import Taxonomy

# Fields a hit carries (SPEC §3 asks for at least id, title, summary, country, sectors, impacts,
# investment_eur, payback_years).
HIT_FIELDS = ("id", "title", "summary", "organisation", "country", "region", "sectors", "impacts", "key_areas",
              "company_size", "investment_eur", "annual_savings_eur", "payback_years", "energy_saved_mwh",
              "co2_avoided_t", "water_saved_m3", "waste_avoided_t", "year", "language",
              "investment_band", "payback_band")


CONCEPT_SOURCES = ("title", "summary", "technologies", "inputs", "outputs", "description")


def to_document(record: dict[str, Any], taxonomy: Taxonomy, *, published_at: datetime | None = None
                ) -> dict[str, Any]:
    doc = dict(record)
    doc["investment_band"] = taxonomy.investment_band(record.get("investment_eur"))
    doc["payback_band"] = taxonomy.payback_band(record.get("payback_years"))
    doc["published_at"] = _epoch(published_at)
    doc["concepts"] = concept_tokens(record)
    return doc


def _epoch(value: datetime | None) -> float | None:
    """Seconds since 1970 (a number both backends sort by); SQLite hands back naive UTC datetimes."""
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def concept_tokens(record: dict[str, Any]) -> str:
    """The vocabulary concepts a practice names, in its own language, as tokens ("zcwasteheat"): the
    searchable field both backends index, through which a query in any language finds it."""
    from service.search.analysis import load_analyzer  # the analysis imports the query model, as this does

    parts: list[str] = []
    for name in CONCEPT_SOURCES:
        value = record.get(name)
        parts.extend(value if isinstance(value, list) else [value or ""])
    return load_analyzer(SEED_DIR).document_concepts(" . ".join(parts), record.get("language") or "en")


def to_hit(doc: dict[str, Any]) -> dict[str, Any]:
    hit = {name: doc.get(name) for name in HIT_FIELDS}
    for name in ("sectors", "impacts", "key_areas"):
        hit[name] = hit[name] or []
    return hit
