"""The Meilisearch `q` and matching strategy built from the query analysis, so that Meilisearch counts
what the embedded index counts.

Every concept must match (`matchingStrategy: "all"`). A vocabulary concept is searched as its concept
token (the `concepts` attribute holds them, made at index time for both backends), a term of several
words as a quoted phrase, a word that may not be typo-matched as a quoted word (Meilisearch applies
neither typos nor prefixes inside quotes); phrases and exclusions use Meilisearch's own `"…"` and `-`
operators. Everything is rebuilt from folded tokens, so no user text reaches Meilisearch as syntax.
"""

from __future__ import annotations

from collections.abc import Callable

from service.search.analysis import Analysis, concept_token
from service.search.analysis.model import Concept

MATCHING_STRATEGY = "all"
Rewrite = Callable[[list[str]], list[str]]


def concept_terms(concept: Concept, rewrite: Rewrite | None = None, *, english: bool = True) -> str:
    """A concept as Meilisearch reads it: an English term with synonyms as its words or a long synonym key's
    one-word stand-in (meili_synonyms), so that its synonyms fire (Meilisearch applies them only outside
    quotes); an English term read narrowly (Concept.narrow) as its words; any other vocabulary concept as its
    concept token (the words of another language would find nothing);
    any other term of several words as a phrase; a quoted word when no typo may apply; or the word."""
    if concept.concept_ids and not (english and concept.narrow):
        return concept_token(concept.concept_ids[0])
    if len(concept.words) > 1:
        sent = rewrite(list(concept.words)) if rewrite else list(concept.words)
        if len(sent) == 1 or concept.has_synonyms:
            return " ".join(sent)
        return '"' + " ".join(concept.words) + '"'
    if not concept.fuzzy and not concept.prefix and not concept.has_synonyms:
        return '"' + concept.words[0] + '"'
    return concept.words[0]  # a word with synonyms unquoted, so that they fire ("HVO": renewable diesel)


def meili_q(analysis: Analysis, kept: list[int] | None = None, *, syntax: bool = True,
            rewrite: Rewrite | None = None) -> str:
    """The `q` for the kept concepts (all by default), with the analysis' phrases and exclusions."""
    indexes = range(len(analysis.concepts)) if kept is None else kept
    english = analysis.language in (None, "en")
    parts = [concept_terms(analysis.concepts[i], rewrite, english=english) for i in indexes]
    if syntax:
        parts += ['"' + " ".join(p) + '"' for p in analysis.phrases]
        parts += ["-" + (e[0] if len(e) == 1 else '"' + " ".join(e) + '"') for e in analysis.exclusions]
    q = " ".join(parts)
    last = analysis.concepts[indexes[-1]] if indexes else None
    # A trailing space tells Meilisearch the last word is complete: no prefix matching on it.
    half_typed = last is not None and last.prefix and not analysis.phrases and not analysis.exclusions
    return q if half_typed or not q else q + " "
