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


def first_time_queries(records: list[dict], count: int) -> dict[str, list[str]]:
    """Words no earlier request has asked for, so the service answers without cached full-text passes:
    ``count`` single words and ``count`` pairs, taken evenly from the title words found on 0.5–25 % of
    the records (common enough to match thousands at 100,000) and none of them in QUERY_MIX."""
    from collections import Counter

    from service.search.text import STOP_WORDS, tokenize

    asked = {word for query in QUERY_MIX for key, value in query.params if key == "q" for word in tokenize(value)}
    frequency = Counter(word for record in records for word in set(tokenize(record["title"])))
    low, high = 0.005 * len(records), 0.25 * len(records)
    words = sorted((w for w, n in frequency.items() if low <= n <= high and len(w) >= 4
                    and w.isalpha() and w not in STOP_WORDS and not any(w.startswith(a) or a.startswith(w)
                                                                        for a in asked)),
                   key=lambda w: (-frequency[w], w))
    # Evenly spaced through the words ranked by frequency, from the commonest to the rarest kept.
    picked = [words[i * len(words) // (3 * count)] for i in range(3 * count)] if len(words) >= 3 * count else words
    singles, rest = picked[0::3], [w for i, w in enumerate(picked) if i % 3]
    pairs = [f"{a} {b}" for a, b in zip(rest[0::2], rest[1::2], strict=False)]
    return {"one_new_word": singles[:count], "two_new_words": pairs[:count]}
