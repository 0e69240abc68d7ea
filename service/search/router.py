"""GET /api/search: the JSON face of the search page, with the same parameters (SPEC §3)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from service.deps import SearchDep, TaxonomyDep
from service.search.query import parse_query
from service.search.service import run_search

router = APIRouter(prefix="/api", tags=["search"])


@router.get("/search", summary="Search practices with facets")
def search(request: Request, search: SearchDep, taxonomy: TaxonomyDep) -> dict[str, Any]:
    """Full-text, typo-tolerant search with filters, disjunctive facet counts, sorting and pages.

    Parameters: `q`; repeatable `sector`, `impact`, `key_area`, `country`, `company_size`,
    `investment_band`, `payback_band`; `investment_min`, `investment_max`, `payback_min`, `payback_max`,
    `savings_min`; `sort` (relevance, payback, investment, savings, newest); `page`; `per_page` (1–100).
    """
    query = parse_query(request.query_params.multi_items(), taxonomy)
    return run_search(search, query).as_dict()
