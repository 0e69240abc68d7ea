"""The Meilisearch `q` and matching strategy built from the query analysis, so that Meilisearch counts
what the embedded index counts.

Every concept must match (`matchingStrategy: "all"`). A vocabulary concept is searched as its concept
token (the `concepts` attribute holds them, made at index time for both backends), a term of several
words as a quoted phrase, a word that may not be typo-matched as a quoted word (Meilisearch applies
neither typos nor prefixes inside quotes); phrases and exclusions use Meilisearch's own `"…"` and `-`
operators. Everything is rebuilt from folded tokens, so no user text reaches Meilisearch as syntax.
"""

from __future__ import annotations

from service.search.analysis import Analysis, concept_token
from service.search.analysis.model import Concept

MATCHING_STRATEGY = "all"


def concept_terms(concept: Concept) -> str:
    if concept.concept_ids:
        return concept_token(concept.concept_ids[0])
    if len(concept.words) > 1 or not concept.fuzzy and not concept.prefix:
        return '"' + " ".join(concept.words) + '"'
    return concept.words[0]


def meili_q(analysis: Analysis, kept: list[int] | None = None, *, syntax: bool = True) -> str:
    """The `q` for the kept concepts (all by default), with the analysis' phrases and exclusions."""
    indexes = range(len(analysis.concepts)) if kept is None else kept
    parts = [concept_terms(analysis.concepts[i]) for i in indexes]
    if syntax:
        parts += ['"' + " ".join(p) + '"' for p in analysis.phrases]
        parts += ["-" + (e[0] if len(e) == 1 else '"' + " ".join(e) + '"') for e in analysis.exclusions]
    q = " ".join(parts)
    last = analysis.concepts[indexes[-1]] if indexes else None
    # A trailing space tells Meilisearch the last word is complete: no prefix matching on it.
    half_typed = last is not None and last.prefix and not analysis.phrases and not analysis.exclusions
    return q if half_typed or not q else q + " "
