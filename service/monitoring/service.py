"""The consolidation calculator: yearly figures of the practices a cluster selects, summed and exported."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from sqlalchemy.orm import Session

from service.errors import AppError, BadRequest
from service.practices import service as practices
from service.practices.schemas import ID_RE, clip
from service.practices.spreadsheet import safe_cell
from service.search.backend import SearchBackend
from service.search.query import parse_query
from service.search.service import run_search
from service.taxonomy import Taxonomy

MAX_IDS = 200
CANDIDATES = 20  # practices offered for ticking per search
# (field, label, unit): the yearly figures of SPEC §1 that a cluster reports on.
FIGURES = (
    ("energy_saved_mwh", "Energy saved", "MWh/year"),
    ("co2_avoided_t", "Emissions avoided", "t CO2e/year"),
    ("waste_avoided_t", "Waste avoided", "t/year"),
    ("water_saved_m3", "Water saved", "m³/year"),
    ("annual_savings_eur", "Cost savings", "€/year"),
)
FIGURE_FIELDS = tuple(name for name, _, _ in FIGURES)
CSV_COLUMNS = ("id", "title", "organisation", "country", *FIGURE_FIELDS)


def parse_ids(values: list[str], *, required: bool = True) -> list[str]:
    """Practice ids from repeated ``id`` parameters (or comma-separated), unique, in the given order."""
    ids: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if not ID_RE.match(part):
                raise BadRequest(f"id: {clip(part)!r} is not a practice id (a-z, 0-9 and -, up to 64)",
                                 details=[{"field": "id", "message": "not a practice id"}])
            if part not in ids:
                ids.append(part)
    if len(ids) > MAX_IDS:
        raise BadRequest(f"id: at most {MAX_IDS} practices at a time, got {len(ids)}",
                         details=[{"field": "id", "message": f"at most {MAX_IDS}"}])
    if required and not ids:
        raise BadRequest("id: select at least one practice (id=...&id=...)",
                         details=[{"field": "id", "message": "required"}])
    return ids


def summarise(session: Session, *, ids: list[str]) -> dict[str, Any]:
    """Totals of each yearly figure over the selected published practices, and how many report it."""
    selected = practices.published_in_order(session, ids)
    found = {p.id for p in selected}
    rows = [{"id": p.id, "title": p.title, "organisation": p.organisation, "country": p.country,
             **{name: getattr(p, name) for name in FIGURE_FIELDS}} for p in selected]
    totals = []
    for name, label, unit in FIGURES:
        known = [row[name] for row in rows if row[name] is not None]
        totals.append({"field": name, "label": label, "unit": unit, "total": math.fsum(known),
                       "reported_by": len(known)})
    return {"count": len(rows), "practices": rows, "totals": totals,
            "unknown_ids": [i for i in ids if i not in found]}


def _cell(value: Any) -> Any:
    # Titles are user text: a leading "=" or "+" would run as a formula in a spreadsheet.
    value = safe_cell(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def to_csv(summary: dict[str, Any]) -> str:
    """One row per practice (empty cell = not reported), then a TOTAL row; `.` as decimal separator."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in summary["practices"]:
        writer.writerow([_cell(row[name]) if row[name] is not None else "" for name in CSV_COLUMNS])
    totals = {t["field"]: t["total"] for t in summary["totals"]}
    writer.writerow(["TOTAL", f"{summary['count']} practices", "", "",
                     *(_cell(totals[name]) for name in FIGURE_FIELDS)])
    return out.getvalue()


def calculator(session: Session, backend: SearchBackend, taxonomy: Taxonomy, *, find: str,
               ids: list[str]) -> dict[str, Any]:
    """The calculator on the consolidation page: practices to pick from, and the current selection."""
    params = [("q", find)] if find.strip() else [("key_area", "industrial-symbiosis")]
    query = parse_query([*params, ("per_page", str(CANDIDATES))], taxonomy)
    try:
        result = run_search(backend, query)
        candidates, total, search_error = result.hits, result.total, None
    except AppError as exc:
        candidates, total, search_error = [], 0, exc.message
    return {"find": find, "candidates": candidates, "candidates_total": total, "search_error": search_error,
            "selected": summarise(session, ids=ids), "ids": ids, "figures": FIGURES}
