"""View model of a practice page: every field labelled and formatted, and the most similar practices."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.pages.format import eur, eur_per_year, number, per_year, years
from service.pages.i18n import N_, gettext, language_name, taxonomy_label
from service.pages.service import url
from service.practices import service as practices
from service.search.backend import SearchBackend
from service.search.query import MAX_QUERY_CHARS, SearchQuery
from service.search.service import run_search
from service.taxonomy import Taxonomy

SIMILAR_COUNT = 4

# (record field, label, formatter): the figures block, in reading order. Labels are translated where shown.
FIGURES = (
    ("investment_eur", N_("Investment"), eur),
    ("annual_savings_eur", N_("Annual savings"), eur_per_year),
    ("payback_years", N_("Payback time"), years),
    ("energy_saved_mwh", N_("Energy saved"), lambda v: per_year(v, "MWh")),
    ("co2_avoided_t", N_("CO2 avoided"), lambda v: per_year(v, "t CO2e")),
    ("water_saved_m3", N_("Water saved"), lambda v: per_year(v, "m³")),
    ("waste_avoided_t", N_("Waste avoided"), lambda v: per_year(v, "t")),
)
# (facet, record field, label): taxonomy fields shown as links to the search for that value.
TAGS = (("sector", "sectors", N_("Sectors")), ("impact", "impacts", N_("Impacts")),
        ("key_area", "key_areas", N_("Key areas of action")))


def _tag_links(facet: str, slugs: list[str], taxonomy: Taxonomy) -> list[dict[str, str]]:
    return [{"label": taxonomy_label(taxonomy, facet, slug),
             "url": url("/search", SearchQuery(filters={facet: (slug,)}))} for slug in slugs]


def similar(backend: SearchBackend, record: dict[str, Any], *, limit: int = SIMILAR_COUNT) -> list[dict[str, Any]]:
    """Practices that share the title's words, in the same sectors first, then in any sector."""
    words = record["title"][:MAX_QUERY_CHARS]
    found: list[dict[str, Any]] = []
    for filters in ({"sector": tuple(record.get("sectors", []))}, {}):
        result = run_search(backend, SearchQuery(q=words, filters=filters, per_page=limit + 1 + len(found)))
        seen = {record["id"], *(hit["id"] for hit in found)}
        found.extend(hit for hit in result.hits if hit["id"] not in seen)
        if len(found) >= limit:
            break
    return found[:limit]


def build_practice_page(*, session: Session, backend: SearchBackend, taxonomy: Taxonomy,
                        practice_id: str) -> dict[str, Any]:
    practice = practices.get_or_raise(session, practice_id=practice_id)
    record = practice.record()
    figures = [(gettext(label), fmt(record[name])) for name, label, fmt in FIGURES if record.get(name) is not None]
    tags = [(gettext(label), _tag_links(facet, record.get(name, []), taxonomy)) for facet, name, label in TAGS
            if record.get(name)]
    facts = [(gettext("Organisation"), record.get("organisation")),
             (gettext("Country"), taxonomy_label(taxonomy, "country", record["country"])),
             (gettext("Region"), record.get("region")),
             (gettext("Company size"), taxonomy_label(taxonomy, "company_size", record["company_size"])
              if record.get("company_size") else None),
             (gettext("Year"), record.get("year")),
             (gettext("Language"), language_name(record.get("language")))]
    paragraphs = [p.strip() for p in (record.get("description") or "").split("\n\n") if p.strip()]
    return {
        "record": record,
        "facts": [(label, value) for label, value in facts if value not in (None, "")],
        "figures": figures,
        "tags": tags,
        "paragraphs": paragraphs,
        "similar": similar(backend, record),
        "updated_at": practice.updated_at,
        "number": number,
    }
