"""The query-analysis stage: one reading of the query that every backend consumes.

    q (+ understand, lang) -> Analysis: concepts (what must match, with alternatives, weights and
    whether typos/prefixes may apply), "phrases", -exclusions, understood filters, the language.

Modules, one concern each: tokens (query syntax), understood (filters from words), weights (what a
word says), concepts (grouping, synonyms, vocabulary, joined/split spellings), suggestions (did you
mean). The backends turn an Analysis into their own query (FTS5 expressions, a Meilisearch request).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from service.search.analysis.concepts import (
    ConceptBuilder,
    Reading,
    VocabularyLike,
    concept_token,
    foreign_concept_token,
    meaningful,
    words_of,
)
from service.search.analysis.model import Analysis, Concept, UnderstoodFilter
from service.search.analysis.suggestions import Suggester
from service.search.analysis.tokens import split_syntax
from service.search.analysis.understood import Understanding
from service.search.query import SearchQuery
from service.search.text import MAX_QUERY_WORDS, Synonyms, load_synonyms, tokenize
from service.taxonomy import Taxonomy, load_taxonomy

__all__ = ["Analysis", "Analyzer", "Concept", "UnderstoodFilter", "concept_token", "foreign_concept_token",
           "load_analyzer"]


class Analyzer:
    def __init__(self, seed_dir: Path, taxonomy: Taxonomy, synonyms: Synonyms,
                 vocabulary: VocabularyLike | None = None, detect: Any = None) -> None:
        self.understanding = Understanding(seed_dir, taxonomy)
        self.builder = ConceptBuilder(synonyms, vocabulary, Reading.load(seed_dir / "understanding" / "reading.json"))
        self.vocabulary = vocabulary
        self._detect = detect
        terms = {" ".join(k) for k in synonyms.table} | {" ".join(v) for vs in synonyms.table.values() for v in vs}
        for facet in ("sector", "impact", "key_area"):
            terms.update(" ".join(tokenize(label)) for label in taxonomy.facet(facet).values.values())
        self.suggester = Suggester({w for t in terms for w in t.split()})
        self._analyse = lru_cache(maxsize=4096)(self._analyse_uncached)

    def analyse(self, q: str, *, understand: bool = True, lang: str | None = None) -> Analysis:
        return self._analyse(q, understand, lang)

    def _analyse_uncached(self, q: str, understand: bool, lang: str | None) -> Analysis:
        parts = split_syntax(q)
        filters: list[UnderstoodFilter] = []
        text = parts.text
        if understand:
            filters, text = self.understanding.read(text)
        language = self.detect(q, lang)
        words = meaningful(words_of(text), keep_stop_words=not filters)[:MAX_QUERY_WORDS]
        # A query typed to its end ("spent grain ") has a complete last word; otherwise it may be half-typed.
        last_is_prefix = bool(words) and bool(text) and not text[-1:].isspace() and text.rstrip() == text
        typed_last = text.split()[-1] if last_is_prefix and text.split() else ""
        concepts = self.builder.build(words, lang=language, last_is_prefix=last_is_prefix, typed_last=typed_last)
        rest_q = q
        for understood in filters:
            for typed in understood.spans:
                rest_q = rest_q.replace(typed, " ", 1)
        return Analysis(q=q, concepts=tuple(concepts), phrases=tuple(parts.phrases),
                        exclusions=tuple(parts.exclusions), filters=tuple(filters), language=language,
                        understand=understand, last_is_prefix=last_is_prefix, rest_q=" ".join(rest_q.split()))

    def detect(self, q: str, hint: str | None) -> str | None:
        if self._detect is None:
            return hint or "en"
        return self._detect(q, hint=hint) or hint

    def read_into_url(self, query: SearchQuery) -> SearchQuery | None:
        """The query with its understood filters as plain parameters and their words taken out of q, for
        the page to redirect to (so that the link shared is the search seen); None if nothing was read."""
        if not query.understand or not query.q:
            return None
        applied, analysis = self.apply(query)
        if not analysis.filters:
            return None
        names = tuple(dict.fromkeys((*query.from_words, *(f.name for f in analysis.filters))))
        return replace(applied, q=analysis.rest_q, page=1, from_words=names)

    def apply(self, query: SearchQuery) -> tuple[SearchQuery, Analysis]:
        """The query's analysis, and the query with its understood filters added (a filter the user set
        explicitly wins over one read from the words)."""
        analysis = self.analyse(query.q, understand=query.understand, lang=query.lang)
        if not analysis.filters:
            return query, analysis
        changes: dict[str, Any] = {}
        filters = dict(query.filters)
        for understood in analysis.filters:
            if isinstance(understood.value, tuple):
                filters.setdefault(understood.name, understood.value)
            elif getattr(query, understood.name) is None:
                changes[understood.name] = understood.value
        return replace(query, filters=filters, **changes), analysis

    def suggest(self, words: list[str]) -> list[str]:
        return [s for word in words for s in self.suggester.suggest(word)][:3]

    def document_concepts(self, text: str, lang: str | None) -> str:
        """The concept tokens of a practice's text, for the searchable field both backends index; a practice
        in another language than English also gets each concept's foreign token, through which an English
        query whose words the synonym list knows still finds it (sqlite_backend._group)."""
        if self.vocabulary is None:
            return ""
        try:
            matches = self.vocabulary.concepts_in(text, lang)
        except ValueError:  # a language the vocabulary does not have: read as English
            matches = self.vocabulary.concepts_in(text, "en")
        ids = {m.concept_id for m in matches}
        tokens = {concept_token(i) for i in ids}
        if lang not in (None, "en"):
            tokens.update(foreign_concept_token(i) for i in ids)
        return " ".join(sorted(tokens))

    def concept_phrases(self, concept_ids: tuple[str, ...], lang: str = "en") -> list[tuple[str, ...]]:
        """The terms of these concepts in one language (the practices' usual one), as folded tokens."""
        if self.vocabulary is None:
            return []
        return [tuple(w.folded for w in words_of(term)) for cid in concept_ids
                for term in self.vocabulary.terms(cid, lang) if words_of(term)]

    def concept_terms(self, concept_ids: tuple[str, ...], languages: set[str]) -> set[str]:
        """The words of these concepts' terms in the given languages, to mark in a practice's text."""
        if self.vocabulary is None:
            return set()
        words: set[str] = set()
        for concept_id in concept_ids:
            for lang in languages:
                try:
                    terms = self.vocabulary.terms(concept_id, lang)
                except (ValueError, KeyError):
                    continue
                words.update(w.folded for term in terms for w in words_of(term) if len(w.folded) > 1)
        return words


def _language_tools(seed_dir: Path) -> tuple[VocabularyLike | None, Any]:
    """The multilingual vocabulary and language detection, when their package and data are present."""
    from service.search import language

    if not (seed_dir / "vocabulary").is_dir():
        return None, None
    vocabulary = language.load_vocabulary(seed_dir)

    def detect(text: str, hint: str | None = None) -> str | None:
        return language.detect_language(text, hint, vocabulary)

    return vocabulary, detect


@lru_cache(maxsize=4)
def load_analyzer(seed_dir: Path) -> Analyzer:
    vocabulary, detect = _language_tools(seed_dir)
    analyzer = Analyzer(seed_dir, load_taxonomy(seed_dir), load_synonyms(seed_dir / "synonyms.json"),
                        vocabulary=vocabulary, detect=detect)
    # Read the English word list and compile what is lazy now, at start-up, not in a user's first search.
    analyzer.analyse("heat pumps under 10k in Poland", understand=True)
    analyzer.analyse("heat exchangr", understand=True)  # and the large English list a typo is checked against
    return analyzer
