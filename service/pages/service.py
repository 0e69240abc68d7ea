"""View models of the search page: facets, chips, pages, zero-result hints and the URLs to share.

Every URL is built from ``SearchQuery.to_params()``, so a page, its chips and its links all use the one
canonical form of a search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from service.pages.charts import Bar, distribution_svg
from service.pages.format import eur, eur_per_year, years
from service.pages.i18n import N_, gettext, language_params, taxonomy_label
from service.search.backend import SearchBackend
from service.search.query import MAX_PAGE, SearchQuery, SearchResult
from service.search.service import run_search
from service.taxonomy import FACET_FIELDS, Taxonomy

# English source texts, marked for extraction (N_) and translated where they are shown (gettext).
FACET_LEGENDS = {
    "sector": N_("Sector"), "impact": N_("Impact"), "key_area": N_("Key area of action"), "country": N_("Country"),
    "company_size": N_("Company size"), "investment_band": N_("Investment"), "payback_band": N_("Payback time"),
}
SORT_LABELS = {"relevance": N_("Relevance"), "payback": N_("Shortest payback"),
               "investment": N_("Lowest investment"), "savings": N_("Highest savings"),
               "newest": N_("Newest (year of implementation)"), "recent": N_("Recently added")}
RANGE_LABELS = {
    "investment_min": (N_("Investment from %(amount)s"), eur),
    "investment_max": (N_("Investment up to %(amount)s"), eur),
    "payback_min": (N_("Payback from %(amount)s"), years), "payback_max": (N_("Payback up to %(amount)s"), years),
    "savings_min": (N_("Savings from %(amount)s"), eur_per_year),
}
EXPORT_CAP = 10_000
# Column labels of the payback chart, in years (the columns' link names carry the full band labels).
PAYBACK_SHORT = {"under-1y": "≤ 1", "1-3y": "1–3", "3-5y": "3–5", "5-10y": "5–10", "over-10y": "> 10"}


@dataclass
class Chip:
    label: str
    url: str


@dataclass
class Suggestion:
    label: str
    url: str
    total: int


@dataclass
class FacetView:
    name: str
    legend: str
    values: list[dict[str, Any]]


@dataclass
class PageLink:
    number: int | None  # None: a gap between page numbers
    url: str = ""
    current: bool = False


@dataclass
class ShareUrls:
    canonical: str  # absolute: the link to copy
    clear: str
    embed: str  # absolute: goes into other sites' pages
    csv: str
    json: str
    feed: str
    api: str
    export_note: str


@dataclass
class SearchPage:
    query: SearchQuery
    result: SearchResult
    facets: list[FacetView]
    chips: list[Chip]
    pages: list[PageLink]
    prev_url: str | None
    next_url: str | None
    urls: ShareUrls
    suggestions: list[Suggestion] = field(default_factory=list)
    payback_chart: Markup = field(default_factory=Markup)

    @property
    def hit_suffix(self) -> str:
        """What a hit's link adds to /practices/{id}: this search, so the practice page leads back to it."""
        qs = query_string(self.query)
        return f"?{qs}" if qs else ""

    @property
    def page_count(self) -> int:
        return min(math.ceil(self.result.total / self.query.per_page), MAX_PAGE) if self.result.total else 0


def query_string(query: SearchQuery, **overrides: Any) -> str:
    """The canonical query string of ``query`` with some fields replaced, and the page's ?lang= if one was
    chosen; "" when there is none."""
    params = replace(query, **overrides).to_params() if overrides else query.to_params()
    return urlencode([*params, *language_params()])


def url(path: str, query: SearchQuery, **overrides: Any) -> str:
    qs = query_string(query, **overrides)
    return f"{path}?{qs}" if qs else path


def param_text(value: float | None) -> str:
    """A range value as it goes back into a form field: 1500000, not 1.5e+06."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def without_facet(query: SearchQuery, name: str, value: str | None = None) -> SearchQuery:
    """The query without one value of a facet (or without the whole facet), back on page 1."""
    filters = dict(query.filters)
    kept = tuple(v for v in filters.get(name, ()) if value is not None and v != value)
    if kept:
        filters[name] = kept
    else:
        filters.pop(name, None)
    return replace(query, filters=filters, page=1)


def chips(query: SearchQuery, taxonomy: Taxonomy) -> list[Chip]:
    out = []
    for name in FACET_FIELDS:
        for value in query.filters.get(name, ()):
            label = (f"{gettext(FACET_LEGENDS[name])}: {taxonomy_label(taxonomy, name, value)}"
                     + _from_words(query, name))
            out.append(Chip(label, url("/search", without_facet(query, name, value))))
    for name, (label, fmt) in RANGE_LABELS.items():
        value = getattr(query, name)
        if value is not None:
            out.append(Chip(gettext(label) % {"amount": fmt(value)} + _from_words(query, name),
                            url("/search", query, page=1, **{name: None})))
    return out


def _from_words(query: SearchQuery, name: str) -> str:
    return gettext(" — from your words") if name in query.from_words else ""


def describe(query: SearchQuery, taxonomy: Taxonomy) -> str:
    """The search in words, for titles of feeds and embeds: “heat pump”; Sector: Food & beverages."""
    parts = [f"“{query.q}”"] if query.q else []
    parts += [chip.label for chip in chips(query, taxonomy)]
    return "; ".join(parts)


def facet_views(result: SearchResult, taxonomy: Taxonomy) -> list[FacetView]:
    views = []
    for name in FACET_FIELDS:
        # A value nothing would match, and that is not ticked, is noise: leave it out.
        values = [{"value": f.value, "label": taxonomy_label(taxonomy, name, f.value), "count": f.count,
                   "selected": f.selected, "id": f"f-{name}-{f.value}"}
                  for f in result.facets.get(name, []) if f.count or f.selected]
        views.append(FacetView(name=name, legend=gettext(FACET_LEGENDS[name]), values=values))
    return views


def page_links(query: SearchQuery, page_count: int) -> list[PageLink]:
    """1 … 4 5 [6] 7 8 … 20: the first, the last and two either side of the current page."""
    if page_count <= 1:
        return []
    shown = {1, page_count, *range(max(1, query.page - 2), min(page_count, query.page + 2) + 1)}
    links: list[PageLink] = []
    previous = 0
    for number in sorted(shown):
        if number - previous > 1:
            links.append(PageLink(None))
        links.append(PageLink(number, url("/search", query, page=number), number == query.page))
        previous = number
    return links


def zero_result_hints(backend: SearchBackend, query: SearchQuery, taxonomy: Taxonomy) -> list[Suggestion]:
    """For an empty result: how many practices the search finds without each of its conditions."""
    candidates: list[tuple[str, SearchQuery]] = []
    for name in query.filters:
        values = ", ".join(taxonomy_label(taxonomy, name, v) for v in query.filters[name])
        candidates.append((f"{gettext(FACET_LEGENDS[name])}: {values}", without_facet(query, name)))
    for name, (label, fmt) in RANGE_LABELS.items():
        value = getattr(query, name)
        if value is not None:
            cleared: dict[str, Any] = {name: None, "page": 1}
            candidates.append((gettext(label) % {"amount": fmt(value)}, replace(query, **cleared)))
    if query.q:
        candidates.append((gettext("the words “%(words)s”") % {"words": query.q}, replace(query, q="", page=1)))
    if len(candidates) > 2:
        candidates.append((gettext("all filters"), SearchQuery(q=query.q, sort=query.sort, per_page=query.per_page)))
    hints = []
    for label, relaxed in candidates:
        total = run_search(backend, replace(relaxed, per_page=1)).total
        if total:
            hints.append(Suggestion(label, url("/search", relaxed), total))
    return sorted(hints, key=lambda h: -h.total)


def share_urls(base_url: str, query: SearchQuery, total: int) -> ShareUrls:
    """Every link a support provider may copy: the page, its embed, downloads and the feed."""
    filters_only = query_string(query, page=1, per_page=20)
    suffix = f"?{filters_only}" if filters_only else ""
    canonical = url("/search", query)
    embed_src = f"{base_url}{url('/embed', query, page=1)}"
    note = (gettext("Downloads hold the first %(shown)s of %(total)s practices; narrow the search to get the rest.")
            % {"shown": f"{EXPORT_CAP:,}", "total": f"{total:,}"} if total > EXPORT_CAP else "")
    return ShareUrls(
        canonical=f"{base_url}{canonical}",
        clear=url("/search", SearchQuery(q=query.q, sort=query.sort, per_page=query.per_page)),
        embed=embed_src, csv=f"/search.csv{suffix}", json=f"/search.json{suffix}", feed=f"/feed.atom{suffix}",
        api=url("/api/search", query), export_note=note.replace(",", "\u00a0"))


def payback_chart(query: SearchQuery, result: SearchResult) -> Markup:
    """How the search's practices spread over the payback bands (every other filter applies, as in the
    facet); each column narrows the search to its band."""
    bars = [Bar(label=f.label, count=f.count, selected=f.selected,
                url=url("/search", replace(query, filters={**query.filters, "payback_band": (f.value,)}, page=1)))
            for f in result.facets.get("payback_band", [])]
    if sum(bar.count for bar in bars) < 2:
        return Markup("")
    return distribution_svg(bars, title="Payback time of the practices in this search, by band",
                            short_labels=[PAYBACK_SHORT.get(f.value, f.value)
                                          for f in result.facets.get("payback_band", [])])


def build_search_page(*, backend: SearchBackend, taxonomy: Taxonomy, query: SearchQuery,
                      base_url: str) -> SearchPage:
    result = run_search(backend, query)
    page_count = min(math.ceil(result.total / query.per_page), MAX_PAGE) if result.total else 0
    page = SearchPage(
        query=query, result=result, facets=facet_views(result, taxonomy), chips=chips(query, taxonomy),
        pages=page_links(query, page_count),
        prev_url=url("/search", query, page=query.page - 1) if query.page > 1 else None,
        next_url=url("/search", query, page=query.page + 1) if query.page < page_count else None,
        urls=share_urls(base_url, query, result.total), payback_chart=payback_chart(query, result))
    if result.total == 0 and (query.q or query.filters or any(getattr(query, n) is not None for n in RANGE_LABELS)):
        page.suggestions = zero_result_hints(backend, query, taxonomy)
    return page
