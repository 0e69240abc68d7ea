"""Grouping the query's words into concepts: vocabulary concepts, synonyms, joined and split spellings.

A concept is what a practice must match for the query's totals to count it. Terms of several words
("waste heat", "heat pump") are one concept when the vocabulary or the synonym list knows them, so
that "waste heat" counts practices about waste heat, not every practice mentioning waste and heat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, Protocol

from service.search.analysis import weights
from service.search.analysis.model import Concept
from service.search.text import STOP_WORDS, Synonyms, fold_letters, typo_budget
from service.taxonomy import fold

MIN_PREFIX_LETTERS = 3
MIN_SPLIT_PART = 3  # "heatpump" -> "heat pump"; no part shorter than this
SPLIT_PART_ZIPF = 3.5  # each part must be a common word of the language
KNOWN_WORD_ZIPF = 3.0  # a word this common is spelled as meant: no typo matching turns it into another word
CONCEPT_TOKEN_PREFIX = "zc"  # documents' concept tokens: "zcwasteheat" (letters only, one token to any tokenizer)


class VocabularyLike(Protocol):
    """What service.search.language's Vocabulary offers (owned by the vocabulary work)."""

    def concepts_in(self, text: str, lang: str | None) -> Sequence[Any]: ...

    def terms(self, concept_id: str, lang: str) -> tuple[str, ...]: ...

    def label(self, concept_id: str, lang: str) -> str: ...

    def is_known_word(self, word: str, lang: str) -> bool: ...


@lru_cache(maxsize=4096)  # a few hundred concepts, named again in every practice indexed
def concept_token(concept_id: str) -> str:
    return CONCEPT_TOKEN_PREFIX + re.sub(r"[^a-z0-9]", "", concept_id.lower())


@dataclass(frozen=True)
class Word:
    raw: str  # lowercased as typed, accents kept (for word lists)
    folded: str  # as the index compares it


def words_of(text: str) -> list[Word]:
    return [Word(raw=raw, folded=fold_letters(fold(raw))) for raw in re.findall(r"[^\W_]+", text.lower())]


class ConceptBuilder:
    def __init__(self, synonyms: Synonyms, vocabulary: VocabularyLike | None = None) -> None:
        self.synonyms = synonyms
        self.vocabulary = vocabulary
        self.reduced: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for key, alternatives in synonyms.table.items():
            reduced = tuple(w for w in key if w not in STOP_WORDS)
            if reduced and reduced != key:
                self.reduced[reduced] = tuple(dict.fromkeys((*self.reduced.get(reduced, ()), key, *alternatives)))
        self.longest = max([synonyms.longest, *(len(k) for k in self.reduced)])
        self._broad_ids: frozenset[str] | None = None

    def build(self, words: list[Word], *, lang: str | None, last_is_prefix: bool, typed_last: str) -> list[Concept]:
        """Longest known term first at each word: a vocabulary concept or a synonym key, whichever covers
        more words (the vocabulary's on a tie, with the synonyms of the same words as alternatives)."""
        # A half-typed last word ("hea") is not read into a vocabulary term: it may become any word yet.
        half_typed = (last_is_prefix and bool(words) and not weights.is_everyday_word(words[-1].raw, lang)
                      and not self._known(words[-1].raw, lang or "en"))
        spans = self._vocabulary_spans(words[:-1] if half_typed else words, lang)
        concepts: list[Concept] = []
        i = 0
        while i < len(words):
            synonym_length = 1
            for length in range(min(self.longest, len(words) - i), 1, -1):
                if self._alternatives(tuple(w.folded for w in words[i:i + length])):
                    synonym_length = length
                    break
            end, concept_ids = spans.get(i, (i + 1, ()))
            if synonym_length > end - i:
                end, concept_ids = i + synonym_length, ()
            is_last = end == len(words)
            concepts.append(self._concept(words[i:end], lang, concept_ids=concept_ids,
                                          prefix=is_last and last_is_prefix and not concept_ids, typed_last=typed_last))
            i = end
        # The most everyday words ("use", "less", "way") are not concepts, once they are known not to be
        # part of a longer term; unless nothing else was typed.
        kept = [c for c in concepts if not (len(c.words) == 1 and not c.concept_ids and not c.has_synonyms
                                            and is_filler(Word(c.typed, c.words[0]), lang, self.vocabulary))]
        return mark_optional(self._joined(kept or concepts), lang)

    def _alternatives(self, words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """Synonyms of the words, looked up as typed or as the query reduces them (stop words dropped:
        "combined heat power" finds the key "combined heat and power")."""
        return self.synonyms.alternatives(words) or self.reduced.get(words, ())

    def _vocabulary_spans(self, words: list[Word], lang: str | None) -> dict[int, tuple[int, tuple[str, ...]]]:
        """Start word -> (end word, concept ids) of the vocabulary's multi-language concepts in the query."""
        if self.vocabulary is None or not words:
            return {}
        spans: dict[int, tuple[int, tuple[str, ...]]] = {}
        text = " ".join(w.raw for w in words)
        matches = list(self.vocabulary.concepts_in(text, lang))
        if lang not in (None, "en"):
            # English terms typed in another language's query ("waste", "LED retrofit"), or a query read as
            # another language by mistake: the practices' own language fills the words left unread.
            # Not a word of the query's own language read as English: French "économiser" is no economiser.
            matches += [m for m in self.vocabulary.concepts_in(text, "en")
                        if not any(o.start < m.end and m.start < o.end for o in matches)
                        and not any(weights.is_word_of(w.raw, lang) for w in words[m.start:m.end])]
        # Of the concepts named by the same words ("Abwärme": waste heat, and heat inside it), the narrower.
        for match in sorted(matches, key=lambda m: (m.start, m.start - m.end, self._broad(m.concept_id))):
            start, end = int(match.start), int(match.end)
            if 0 <= start < end <= len(words) and not any(s <= start < e for s, (e, _) in spans.items()):
                spans[start] = (end, (match.concept_id,))
        return spans

    def _broad(self, concept_id: str) -> bool:
        """A concept named by one word that other concepts' terms contain ("heat" in "waste heat")."""
        if self._broad_ids is None:
            vocabulary = self.vocabulary
            ids = getattr(vocabulary, "concepts", ()) if vocabulary is not None else ()
            english = {cid: vocabulary.terms(cid, "en") for cid in ids} if vocabulary is not None else {}
            words = {cid: {w.folded for t in terms for w in words_of(t)} for cid, terms in english.items()}
            self._broad_ids = frozenset(
                cid for cid, terms in english.items()
                if len(words_of(terms[0])) == 1
                and any(words_of(terms[0])[0].folded in other for oid, other in words.items() if oid != cid))
        return concept_id in self._broad_ids

    def _concept(self, span: list[Word], lang: str | None, *, concept_ids: tuple[str, ...], prefix: bool,
                 typed_last: str = "") -> Concept:
        folded = tuple(w.folded for w in span)
        alternatives = list(self._alternatives(folded))
        has_synonyms = bool(alternatives)
        if len(span) == 1:
            split = self._split(span[0], lang)
            if split:
                alternatives.append(split)
        word = span[0]
        single = len(span) == 1
        # A common word, or a word of the vocabulary's other languages, is spelled as meant.
        foreign_known = lang not in (None, "en") and self._known(word.raw, lang)
        known = single and (weights.is_everyday_word(word.raw, lang, KNOWN_WORD_ZIPF) or foreign_known)
        fuzzy = single and not concept_ids and bool(typo_budget(word.folded)) and not known
        # An acronym typed in capitals ("COP") is a whole word, never the start of "copper".
        is_prefix = (prefix and len(span[-1].folded) >= MIN_PREFIX_LETTERS and not typed_last.isupper()
                     and not concept_ids)
        label = " ".join(w.raw for w in span)
        if concept_ids and self.vocabulary is not None and lang:
            preferred = self.vocabulary.label(concept_ids[0], "en")
            if fold(preferred) != fold(label):
                label = f"{preferred} ({label})"
        return Concept(typed=" ".join(w.raw for w in span), words=folded,
                       alternatives=tuple(dict.fromkeys(a for a in alternatives if a != folded)),
                       concept_ids=concept_ids, has_synonyms=has_synonyms,
                       weight=self._weight(span, lang,
                                           known_term=bool(concept_ids or has_synonyms)),
                       fuzzy=fuzzy, prefix=is_prefix, label=label)

    def _weight(self, span: list[Word], lang: str | None, *, known_term: bool) -> float:
        """A term of the field (a vocabulary or synonym term, or a word of one) weighs 1.0; any other word
        by its general-language frequency: "cheap", "ways", "motivate", "less" weigh less than "hotel"."""
        if known_term or len(span) > 1:
            return 1.0
        if is_field_term(span[0], lang, self.vocabulary):
            return 1.0
        return weights.word_weight((span[0].raw,), lang)

    def _known(self, word: str, lang: str | None) -> bool:
        """A word of the vocabulary's language (its terms' words, compounds of them, its stop words)."""
        if self.vocabulary is None or not lang:
            return False
        try:
            return bool(self.vocabulary.is_known_word(word, lang))
        except ValueError:
            return False

    @staticmethod
    def _split(word: Word, lang: str | None) -> tuple[str, ...] | None:
        """The two common words a long word joins ("heatpump" -> heat pump, "wastewater" -> waste water)."""
        text = word.folded
        if len(text) < 2 * MIN_SPLIT_PART or not text.isalpha() or weights.is_everyday_word(word.raw, lang):
            return None
        best: tuple[float, int] | None = None
        for cut in range(MIN_SPLIT_PART, len(text) - MIN_SPLIT_PART + 1):
            score = min(weights.zipf(text[:cut], lang), weights.zipf(text[cut:], lang))
            if score >= SPLIT_PART_ZIPF and (best is None or score > best[0]):
                best = (score, cut)
        return (text[:best[1]], text[best[1]:]) if best else None

    @staticmethod
    def _joined(concepts: list[Concept]) -> list[Concept]:
        """Two single words typed apart ("heat pump", "rain water", "pay back") also match their joined
        spelling, each of them: a practice saying "heatpump" matches both concepts."""
        out = list(concepts)
        for i in range(len(concepts) - 1):
            left, right = concepts[i], concepts[i + 1]
            if len(left.words) == 1 and len(right.words) == 1 and left.words[0].isalpha() and right.words[0].isalpha():
                joined = (left.words[0] + right.words[0],)
                out[i] = _with_alternative(out[i], joined)
                out[i + 1] = _with_alternative(out[i + 1], joined)
        return out


def _with_alternative(concept: Concept, alternative: tuple[str, ...]) -> Concept:
    return replace(concept, alternatives=(*concept.alternatives, alternative))


def is_field_term(word: Word, lang: str | None, vocabulary: VocabularyLike | None) -> bool:
    """The word alone names a concept of the vocabulary ("hotel", "water", "whey"); a word that only
    appears inside longer terms ("use" in "water use", "save" in "energy saving") does not."""
    if vocabulary is None:
        return False
    try:
        return any(m.end - m.start == 1 for m in vocabulary.concepts_in(word.raw, lang or "en"))
    except ValueError:
        return False


# An English concept weighing less than this (general-language Zipf frequency 4.7 or more: "reduce" 4.73,
# "improve" 4.79, "costs" 4.96, "save" 5.14, "cut" 5.24) is optional beside a field term; the nouns just
# below stay required ("kitchen" 4.65, "recovery" 4.58, "tank" 4.57, "doors" 4.54, "servers" 4.05).
# Chosen on the judged sets (docs/search.md, "Everyday words rank, field terms filter").
OPTIONAL_BELOW_WEIGHT = 0.44


def is_field_concept(concept: Concept) -> bool:
    """A term the field's vocabulary or synonym list knows ("hotel", "energy", "heat pump", "PV")."""
    return bool(concept.concept_ids or concept.has_synonyms)


def mark_optional(concepts: list[Concept], lang: str | None = "en") -> list[Concept]:
    """Everyday words rank, field terms filter: beside at least one field term, a word that is no term of
    the field and is common in general language is not required for the totals. Without a field term
    ("unicorn tears") every word stays required, so the totals still say what was dropped.

    In another language than the practices' (English), a word the vocabulary does not know matches them
    only by accident (French "économiser" finds the boiler economiser), and inflection spreads a verb's
    frequency over its forms ("намалим" 3.3, "costes" 3.9): there any word of the language's word list
    (Zipf above 3, weight below 1.0) is optional."""
    if not any(is_field_concept(c) for c in concepts):
        return concepts
    below = OPTIONAL_BELOW_WEIGHT if lang in (None, "en") else 1.0
    return [c if is_field_concept(c) or c.weight >= below else replace(c, required=False) for c in concepts]


EVERYDAY_ZIPF = 5.4  # "use", "less", "way", "get", "need": as frequent as function words, they name no subject


def is_filler(word: Word, lang: str | None, vocabulary: VocabularyLike | None) -> bool:
    """As frequent as function words and no term of the field: "use", "less", "way", "get", "need"."""
    if not weights.is_everyday_word(word.raw, lang, EVERYDAY_ZIPF) or word.raw.isdigit():
        return False
    return not is_field_term(word, lang, vocabulary)


def meaningful(words: list[Word], *, keep_stop_words: bool = True) -> list[Word]:
    """Stop words dropped, unless nothing else is left ("the who" still searches) and the caller keeps them
    (not when the rest of the query was read as filters: "in Poland" searches no "in")."""
    kept = [w for w in words if w.folded not in STOP_WORDS]
    return kept or (words if keep_stop_words else [])
