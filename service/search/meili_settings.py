"""What the Meilisearch index looks like: its settings and the shape of its documents.

The settings mirror the embedded index, so that both backends match, rank and count alike:
searchable attributes in the embedded index's weight order, Meilisearch's typo budget stated
explicitly, the synonym list from seed/, a facet cap high enough for every country, and a ranking depth
(maxTotalHits) kept low, with exact totals counted another way (COUNT_FIELD).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.search import meili_synonyms
from service.search.documents import HIT_FIELDS
from service.search.query import MAX_VALUES_PER_FACET
from service.search.text import letter_aliases
from service.taxonomy import FACET_FIELDS, Taxonomy

# How deep Meilisearch ranks a query: the hits of pages past this many results are not served. Its own
# documentation warns that a high cap makes every query rank deeper (seconds past 20,000), and one slow
# answer is a 503 here. Measured on the embedded backend at 100,000 practices (docs/production.md), the
# median search matches 6,396 practices and a quarter match more than 10,000: users need exact totals
# far past any cap worth having, so totals do not come from `totalHits` (which is min(matches, cap))
# but from the facet count of COUNT_FIELD, a value every document has, which Meilisearch counts over all
# the matches whatever the cap. The cap only bounds paging: 10,000 results are 500 pages of 20.
MAX_TOTAL_HITS = 10_000
COUNT_FIELD, COUNT_VALUE = "listed", "yes"

# Same order as the embedded index's FTS columns and weights (title 10 … description 1). "aliases" holds
# the plain-Latin spellings of words with ł, ø, ß, æ … (text.letter_aliases, as the embedded index's
# column of that name): Meilisearch's tokenizer folds accents but not these letters, so without it
# `lodz` would not find Łódź there.
SEARCHABLE_ATTRIBUTES = [
    "title", "technologies", "inputs", "outputs", "summary", "organisation", "region", "country_label",
    "sector_labels", "impact_labels", "key_area_labels", "description", "aliases", "concepts",
]
ALIASED_FIELDS = tuple(name for name in SEARCHABLE_ATTRIBUTES if name != "aliases")

# Sorting by a number must put records without it last in both directions. Meilisearch's specification
# places documents missing a sort attribute after the others, but a `null` or a later change of that rule
# would break the contract silently, so every sort goes through an explicit 0/1 "known" flag first.
SORT_NUMBERS = {"payback": "payback_years", "investment": "investment_eur", "savings": "annual_savings_eur",
                "newest": "year", "recent": "published_at"}
SORT_DIRECTIONS = {"payback": "asc", "investment": "asc", "savings": "desc", "newest": "desc", "recent": "desc"}
KNOWN_FLAGS = {field: f"has_{field}" for field in SORT_NUMBERS.values()}

SORTABLE_ATTRIBUTES = sorted([*SORT_NUMBERS.values(), *KNOWN_FLAGS.values()])
FILTERABLE_ATTRIBUTES = sorted({"id", *FACET_FIELDS.values(), "investment_eur", "payback_years",
                                "annual_savings_eur", COUNT_FIELD})

# "sort" first: a chosen sort orders the whole result, relevance only breaks its ties (as in the
# embedded index); without a sort parameter the rule does nothing.
RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"]

# The Meilisearch defaults, stated so that they cannot drift: no typo under 5 letters, 1 for 5–8, 2 for 9+.
# Numbers get no typo at all, as in the embedded index (text.typo_budget): by default Meilisearch lets
# `50002` find `50001` (`disableOnNumbers`, default false, since v1.15).
TYPO_TOLERANCE = {"enabled": True, "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9}, "disableOnNumbers": True}


# Meilisearch stops ranking a query after this long and answers with what it has (its default, stated
# so that it cannot drift); kept below the service's read timeout (GTS_MEILI_TIMEOUT_S, 2 s), so that a
# query that is slow to rank answers a little less well ordered instead of not at all.
SEARCH_CUTOFF_MS = 1500


def synonyms(path: Path) -> dict[str, list[str]]:
    """seed/synonyms.json as Meilisearch synonyms (see meili_synonyms): each group mutual, each one-way
    entry one-way, keys in the words the query is reduced to, long keys behind one-word stand-ins."""
    return meili_synonyms.load(path).table


def index_settings(synonyms_path: Path) -> dict[str, Any]:
    """The complete settings body (PATCH /indexes/{uid}/settings), applied before any document."""
    return {
        "searchableAttributes": SEARCHABLE_ATTRIBUTES,
        "displayedAttributes": ["*"],
        "filterableAttributes": FILTERABLE_ATTRIBUTES,
        "sortableAttributes": SORTABLE_ATTRIBUTES,
        "rankingRules": RANKING_RULES,
        # A stand-in for a long synonym key matches itself only, never a word a typo away.
        "typoTolerance": {**TYPO_TOLERANCE,
                          "disableOnWords": sorted(meili_synonyms.load(synonyms_path).stand_ins.values())},
        "synonyms": synonyms(synonyms_path),
        "stopWords": [],
        "faceting": {"maxValuesPerFacet": MAX_VALUES_PER_FACET, "sortFacetValuesBy": {"*": "count"}},
        "pagination": {"maxTotalHits": MAX_TOTAL_HITS},
        "searchCutoffMs": SEARCH_CUTOFF_MS,
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
    out[COUNT_FIELD] = COUNT_VALUE
    aliases = letter_aliases(" ".join(_texts(out, ALIASED_FIELDS)))
    if aliases:
        out["aliases"] = aliases
    return out


def _texts(doc: dict[str, Any], fields: tuple[str, ...]) -> list[str]:
    texts: list[str] = []
    for field in fields:
        value = doc.get(field)
        texts.extend(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    return texts


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
