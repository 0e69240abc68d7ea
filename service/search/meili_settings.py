"""What the Meilisearch index looks like: its settings and the shape of its documents.

The settings mirror the embedded index, so that both backends match, rank and count alike:
searchable attributes in the embedded index's weight order, Meilisearch's typo budget stated
explicitly, the synonym list from seed/, and caps high enough for exact totals and every country.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.search.documents import HIT_FIELDS
from service.search.query import MAX_PAGE, MAX_PER_PAGE, MAX_VALUES_PER_FACET
from service.taxonomy import FACET_FIELDS, Taxonomy

# Every page the API can serve (page ≤ MAX_PAGE, per_page ≤ MAX_PER_PAGE) lies within the cap, so a total
# below it is exact; a total that reaches it is reported as not exact.
MAX_TOTAL_HITS = MAX_PAGE * MAX_PER_PAGE

# Same order as the embedded index's FTS columns and weights (title 10 … description 1).
SEARCHABLE_ATTRIBUTES = [
    "title", "technologies", "inputs", "outputs", "summary", "organisation", "region", "country_label",
    "sector_labels", "impact_labels", "key_area_labels", "description",
]

# Sorting by a number must put records without it last in both directions. Meilisearch's specification
# places documents missing a sort attribute after the others, but a `null` or a later change of that rule
# would break the contract silently, so every sort goes through an explicit 0/1 "known" flag first.
SORT_NUMBERS = {"payback": "payback_years", "investment": "investment_eur", "savings": "annual_savings_eur",
                "newest": "year", "recent": "published_at"}
SORT_DIRECTIONS = {"payback": "asc", "investment": "asc", "savings": "desc", "newest": "desc", "recent": "desc"}
KNOWN_FLAGS = {field: f"has_{field}" for field in SORT_NUMBERS.values()}

SORTABLE_ATTRIBUTES = sorted([*SORT_NUMBERS.values(), *KNOWN_FLAGS.values()])
FILTERABLE_ATTRIBUTES = sorted({"id", *FACET_FIELDS.values(), "investment_eur", "payback_years",
                                "annual_savings_eur"})

# "sort" first: a chosen sort orders the whole result, relevance only breaks its ties (as in the
# embedded index); without a sort parameter the rule does nothing.
RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"]

# The Meilisearch defaults, stated so that they cannot drift: no typo under 5 letters, 1 for 5–8, 2 for 9+.
TYPO_TOLERANCE = {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}}


def synonyms(path: Path) -> dict[str, list[str]]:
    """seed/synonyms.json as Meilisearch synonyms: each group mutual, each one-way entry one-way."""
    return _synonyms(path)


@lru_cache(maxsize=4)
def _synonyms(path: Path) -> dict[str, list[str]]:
    raw = json.loads(path.read_text(encoding="utf-8"))
    table: dict[str, set[str]] = {}

    def norm(term: str) -> str:
        return " ".join(term.lower().split())

    for group in raw.get("groups", []):
        terms = [norm(t) for t in group if norm(t)]
        for term in terms:
            table.setdefault(term, set()).update(t for t in terms if t != term)
    for term, expansions in raw.get("one_way", {}).items():
        key = norm(term)
        table.setdefault(key, set()).update(norm(e) for e in expansions if norm(e) and norm(e) != key)
    return {term: sorted(others) for term, others in sorted(table.items()) if others}


def index_settings(synonyms_path: Path) -> dict[str, Any]:
    """The complete settings body (PATCH /indexes/{uid}/settings), applied before any document."""
    return {
        "searchableAttributes": SEARCHABLE_ATTRIBUTES,
        "displayedAttributes": ["*"],
        "filterableAttributes": FILTERABLE_ATTRIBUTES,
        "sortableAttributes": SORTABLE_ATTRIBUTES,
        "rankingRules": RANKING_RULES,
        "typoTolerance": TYPO_TOLERANCE,
        "synonyms": synonyms(synonyms_path),
        "stopWords": [],
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET, "sortFacetValuesBy": {"*": "count"}},
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
    }


LABEL_FIELDS = (("sector", "sectors", "sector_labels"), ("impact", "impacts", "impact_labels"),
                ("key_area", "key_areas", "key_area_labels"))


def to_meili_document(doc: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    """A search document (documents.to_document) plus the labels it is found by and the sort flags."""
    out = {key: value for key, value in doc.items() if value is not None and value != []}
    country = doc.get("country")
    if country:
        out["country_label"] = taxonomy.label("country", country)
    for facet, field, label_field in LABEL_FIELDS:
        labels = [taxonomy.label(facet, slug) for slug in doc.get(field) or []]
        if labels:
            out[label_field] = labels
    for field, flag in KNOWN_FLAGS.items():
        out[flag] = 1 if doc.get(field) is not None else 0
    return out


def sort_for(sort: str, *, has_words: bool) -> list[str] | None:
    """The Meilisearch `sort` parameter for one of our sort names.

    Ties fall back to relevance when the query has words; without words the embedded index browses
    newest first, so the same tie-breaker is added here.
    """
    keys: list[str] = []
    if sort in SORT_NUMBERS:
        field = SORT_NUMBERS[sort]
        keys += [f"{KNOWN_FLAGS[field]}:desc", f"{field}:{SORT_DIRECTIONS[sort]}"]
    if not has_words and sort != "newest":
        keys += [f"{KNOWN_FLAGS['year']}:desc", "year:desc"]
    return keys or None


RETRIEVED_ATTRIBUTES = list(HIT_FIELDS)
