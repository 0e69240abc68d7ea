"""View model of a practice page: every field labelled and formatted, and the most similar practices."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from service.pages.charts import compare, comparison_svg
from service.pages.format import eur, eur_per_year, number, payback, per_year
from service.pages.i18n import N_, gettext, language_name, taxonomy_label
from service.pages.service import url
from service.practices import service as practices
from service.search.backend import SearchBackend
from service.search.query import MAX_QUERY_CHARS, SearchQuery
from service.search.service import run_search
from service.taxonomy import Taxonomy

SIMILAR_COUNT = 4
PEER_COUNT = 30  # the practices of the same measure whose medians its figures are drawn against
PEER_SEARCH = 100  # candidates read to find them

# (record field, label, formatter): the figures block, in reading order. Labels are translated where shown.
FIGURES = (
    ("investment_eur", N_("Investment"), eur),
    ("annual_savings_eur", N_("Annual savings"), eur_per_year),
    ("payback_years", N_("Payback time"), payback),
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
        result = run_search(backend, SearchQuery(q=words, filters=filters, per_page=limit + 1 + len(found),
                                                         understand=False, match_any=True))
        seen = {record["id"], *(hit["id"] for hit in found)}
        found.extend(hit for hit in result.hits if hit["id"] not in seen)
        if len(found) >= limit:
            break
    return found[:limit]


def peers(session: Session, backend: SearchBackend, record: dict[str, Any]) -> list[dict[str, Any]]:
    """Practices of the same measure, as far as the records tell: found by its technologies (or title),
    and sharing at least two of its technologies (one, if it names only one). Without the practice."""
    technologies = {t.casefold() for t in record.get("technologies") or []}
    if not technologies:
        return []
    words = " ".join(record.get("technologies") or [])[:MAX_QUERY_CHARS]
    hits = run_search(backend, SearchQuery(q=words, per_page=PEER_SEARCH)).hits
    candidates = practices.published_in_order(session, [h["id"] for h in hits if h["id"] != record["id"]])
    needed = min(2, len(technologies))
    return [p.record() for p in candidates
            if len(technologies & {t.casefold() for t in p.technologies or []}) >= needed][:PEER_COUNT]


def build_practice_page(*, session: Session, backend: SearchBackend, taxonomy: Taxonomy,
                        practice_id: str, came_from: SearchQuery | None = None) -> dict[str, Any]:
    practice = practices.get_or_raise(session, practice_id=practice_id)
    record = practice.record()
    labelled = tuple((name, gettext(label), fmt) for name, label, fmt in FIGURES)
    figures = [(label, fmt(record[name])) for name, label, fmt in labelled if record.get(name) is not None]
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
        "comparisons": [(c, comparison_svg(c)) for c in compare(record, peers(session, backend, record), labelled)],
        "updated_at": practice.updated_at,
        # Back to the search the reader came from, filters and all (the hit links carry it).
        "back_url": url("/search", came_from) if came_from else "/search",
        "back_is_search": bool(came_from and came_from.to_params()),
        "number": number,
    }
