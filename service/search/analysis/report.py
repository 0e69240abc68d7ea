"""What the API answers and the page shows about how the query was read."""

from __future__ import annotations

import math
from typing import Any

from service.search.analysis.model import Analysis


def understood_report(analysis: Analysis, dropped: list[int], suggestions: list[str]) -> dict[str, Any] | None:
    """The `understood` field of a search answer; None when there was nothing to read."""
    if not (analysis.concepts or analysis.phrases or analysis.exclusions or analysis.filters):
        return None
    kept = [c for i, c in enumerate(analysis.concepts) if i not in dropped]
    gone = [analysis.concepts[i] for i in sorted(dropped)]
    message = None
    if gone:
        everything = " ".join(c.typed for c in analysis.concepts if c.required)
        matched = " ".join(c.typed for c in kept if c.required)
        message = (f"no practice matches all of {everything}; showing practices that match {matched}"
                   if matched else f"no practice matches {everything}")
    return {
        "language": analysis.language,
        "searched_for": [{"typed": c.typed, "label": c.label or c.typed, "concepts": list(c.concept_ids),
                          "required": c.required} for c in kept],
        "phrases": [" ".join(p) for p in analysis.phrases],
        "excluded": [" ".join(e) for e in analysis.exclusions],
        "filters": [f.as_dict() for f in analysis.filters],
        "dropped": [c.typed for c in gone],
        "message": message,
        "suggestions": suggestions,
        "understand": analysis.understand,
    }


def drop_order(analysis: Analysis, found: list[int], documents: int) -> list[int]:
    """Concepts in the order they are given up when no practice matches them all: those found nowhere
    first, then by what they say, lowest first: the concept's weight (field terms 1.0, everyday words
    less) times its rarity among the practices (IDF), the last typed first among equals. Both backends
    give up the same words, from the same counts. Optional concepts are never given up: they filter nothing."""
    def key(i: int) -> tuple[int, float, int]:
        if found[i] == 0:
            return (0, 0.0, -i)
        idf = math.log(1 + (documents - found[i] + 0.5) / (found[i] + 0.5))
        return (1, analysis.concepts[i].weight * idf, -i)

    return sorted(analysis.required, key=key)
