"""The fixed query mix, as SPEC §3 query-string pairs. Every answer of ours carries all seven facets."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class QueryType:
    name: str
    label: str
    params: tuple[tuple[str, str], ...]

    def path(self, base: str = "/api/search") -> str:
        return f"{base}?{urlencode(self.params)}" if self.params else base


# Words chosen from the seed generator's domain vocabulary, common enough to match thousands of
# practices at 100,000 (the expensive case for ranking and counting), not hand-picked to be cheap.
QUERY_MIX: tuple[QueryType, ...] = (
    QueryType("browse", "browse, no query, all facets", ()),
    QueryType("one_word", "one word (`heat`)", (("q", "heat"),)),
    QueryType("two_words", "two words (`heat recovery`)", (("q", "heat recovery"),)),
    QueryType("typo", "a typo (`insulaton`)", (("q", "insulaton"),)),
    QueryType("prefix", "a half-typed word (`compre`)", (("q", "compre"),)),
    QueryType("three_filters", "three filters (sector, country, size)",
              (("sector", "metals"), ("country", "DE"), ("company_size", "medium"))),
    QueryType("range", "a numeric range (investment 10k–100k €)",
              (("investment_min", "10000"), ("investment_max", "100000"))),
    QueryType("sort_payback", "sort by payback", (("sort", "payback"),)),
)
