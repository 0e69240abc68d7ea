"""Grouping the query's words into concepts: vocabulary concepts, synonyms, joined and split spellings.

A concept is what a practice must match for the query's totals to count it. Terms of several words
("waste heat", "heat pump") are one concept when the vocabulary or the synonym list knows them, so
that "waste heat" counts practices about waste heat, not every practice mentioning waste and heat.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from rapidfuzz import process
from rapidfuzz.distance import OSA

from service.search.analysis import weights
from service.search.analysis.model import Concept
from service.search.text import STOP_WORDS, Synonyms, fold_letters, typo_budget
from service.taxonomy import fold

MIN_PREFIX_LETTERS = 3
MIN_SPLIT_PART = 3  # "heatpump" -> "heat pump"; no part shorter than this
SPLIT_PART_ZIPF = 3.5  # each part must be a common word of the language
MIN_CORRECTED_LETTERS = 5  # Meilisearch allows no typo in a shorter word
KNOWN_WORD_ZIPF = 3.0  # a word this common is spelled as meant: no typo matching turns it into another word
FOREIGN_LOOKALIKE_WEIGHT = 0.99  # below 1.0: optional beside a field term in another language than English
CONCEPT_TOKEN_PREFIX = "zc"  # documents' concept tokens: "zcwasteheat" (letters only, one token to any tokenizer)
# The same concept named by a practice written in another language than English: what an English query
# whose words the synonym list knows searches beside its own words (see sqlite_backend._group).
FOREIGN_TOKEN_PREFIX = "zf"


class VocabularyLike(Protocol):
    """What service.search.language's Vocabulary offers (owned by the vocabulary work)."""

    def concepts_in(self, text: str, lang: str | None) -> Sequence[Any]: ...

    def terms(self, concept_id: str, lang: str) -> tuple[str, ...]: ...

    def label(self, concept_id: str, lang: str) -> str: ...

    def is_known_word(self, word: str, lang: str) -> bool: ...


@lru_cache(maxsize=4096)  # a few hundred concepts, named again in every practice indexed
def concept_token(concept_id: str, prefix: str = CONCEPT_TOKEN_PREFIX) -> str:
    return prefix + re.sub(r"[^a-z0-9]", "", concept_id.lower())


def foreign_concept_token(concept_id: str) -> str:
    return concept_token(concept_id, FOREIGN_TOKEN_PREFIX)


@dataclass(frozen=True)
class Word:
    raw: str  # lowercased as typed, accents kept (for word lists)
    folded: str  # as the index compares it


def words_of(text: str) -> list[Word]:
    return [Word(raw=raw, folded=fold_letters(fold(raw))) for raw in re.findall(r"[^\W_]+", text.lower())]


@dataclass(frozen=True)
class Reading:
    """How English vocabulary terms are searched (seed/understanding/reading.json)."""

    broad_concepts: frozenset[str] = frozenset()  # classes: a site type, a sector, a generic word of the field
    measure_words: frozenset[str] = frozenset()  # "retrofit", "upgrade": say a measure is done, not what it is
    # "without", "instead (of)": what follows is what the asker wants to do without, which the practices
    # that answer still name ("heat pumps replace the gas boilers"): it ranks, it is not required.
    negation_words: frozenset[str] = frozenset()
    # "reuse", "motivate", "cheaper": the asking, not the subject; "factory", "company": a site, but not which
    optional_words: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> Reading:
        if not path.is_file():
            return cls()
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(broad_concepts=frozenset(raw.get("broad_concepts", [])),
                   measure_words=frozenset(fold(w) for w in raw.get("measure_words", {}).get("en", [])),
                   negation_words=frozenset(fold(w) for w in raw.get("negation_words", {}).get("en", [])),
                   optional_words=frozenset(fold(w) for key in ("asking_words", "site_words", "negation_words")
                                            for w in raw.get(key, {}).get("en", [])))


class ConceptBuilder:
    def __init__(self, synonyms: Synonyms, vocabulary: VocabularyLike | None = None,
                 reading: Reading | None = None) -> None:
        self.synonyms = synonyms
        self.vocabulary = vocabulary
        self.reading = reading or Reading()
        self.reduced: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}
        for key, alternatives in synonyms.table.items():
            reduced = tuple(w for w in key if w not in STOP_WORDS)
            if reduced and reduced != key:
                self.reduced[reduced] = tuple(dict.fromkeys((*self.reduced.get(reduced, ()), key, *alternatives)))
        self.longest = max([synonyms.longest, *(len(k) for k in self.reduced)])
        self._broad_ids: frozenset[str] | None = None
        self._words: FieldWords | None = None

    def build(self, words: list[Word], *, lang: str | None, last_is_prefix: bool, typed_last: str) -> list[Concept]:
        """Longest known term first at each word: a vocabulary concept or a synonym key, whichever covers
        more words (the vocabulary's on a tie, with the synonyms of the same words as alternatives)."""
        # A half-typed last word ("hea") is not read into a vocabulary term: it may become any word yet.
        words = self._corrected(words, lang, last_is_prefix=last_is_prefix)
        half_typed = (last_is_prefix and bool(words) and not weights.is_everyday_word(words[-1].raw, lang)
                      and not self._known(words[-1].raw, lang or "en"))
        spans = self._vocabulary_spans(words[:-1] if half_typed else words, lang)
        english = lang in (None, "en")
        concepts: list[Concept] = []
        negated: set[str] = set()
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
            if english and i and words[i - 1].folded in self.reading.negation_words:
                negated.add(concepts[-1].typed)
            i = end
        # The most everyday words ("use", "less", "way") are not concepts, once they are known not to be
        # part of a longer term; unless nothing else was typed.
        kept = [c for c in concepts if not (len(c.words) == 1 and not c.concept_ids and not c.has_synonyms
                                            and is_filler(Word(c.typed, c.words[0]), lang, self.vocabulary))]
        return mark_negated(mark_optional(self._joined(kept or concepts), lang, self.reading.optional_words), negated)

    def _corrected(self, words: list[Word], lang: str | None, *, last_is_prefix: bool) -> list[Word]:
        """An English word misspelled inside a term of the field ("heat recovry ventilation", "photovoltiac
        roof") read as the field's word it is one or two typos from, so that the term is read whole instead
        of as loose words found anywhere in a practice. Only a word that is neither a common word nor a word
        of the vocabulary, within Meilisearch's typo budget; a last word still being typed only when no word
        of the field begins with it ("insul" may become "insulation", "retrun" is "return" misspelled)."""
        if lang not in (None, "en") or self.vocabulary is None:
            return words
        field = self._field_words()
        out: list[Word] = []
        for i, word in enumerate(words):
            last = last_is_prefix and i == len(words) - 1
            unknown = (not weights.is_everyday_word(word.raw, lang, KNOWN_WORD_ZIPF) and not field.has(word.folded)
                       and not self._known(word.raw, "en") and not weights.is_rare_english_word(word.raw))
            if not unknown or (last and field.begins(word.folded)):
                split = self._split(word, lang) if not unknown else None
                if split and all(field.has(part) for part in split) and self._same_reading(word.raw, " ".join(split)):
                    # A term of the field typed joined ("heatpump"): as two words, so that the longer term it
                    # ends ("ground source heatpump") is read whole.
                    out.extend(Word(raw=part, folded=part) for part in split)
                else:
                    out.append(word)
                continue
            correction = field.correct(word.folded) or field.transposed(word.folded)
            split = None if correction else self._split(word, lang)
            completion = None if correction or split or last else field.complete(word.folded)
            if correction:
                out.append(Word(raw=correction, folded=correction))
            elif split and all(field.has(part) for part in split):
                # Two words of the field typed joined ("heatrecovery ventilation"): the term they begin.
                out.extend(Word(raw=part, folded=part) for part in split)
            elif completion:
                # A word of the field cut short inside the query ("prefab timber"): the word it begins.
                out.append(Word(raw=completion, folded=completion))
            else:
                out.append(word)
        return self._rejoined(out, field)

    def _rejoined(self, words: list[Word], field: FieldWords) -> list[Word]:
        """Two words typed apart that the field writes as one ("green house", "fork lift") read as that word,
        unless the two words are a term of their own."""
        out: list[Word] = []
        i = 0
        while i < len(words):
            if i + 1 < len(words):
                joined = words[i].folded + words[i + 1].folded
                pair = f"{words[i].raw} {words[i + 1].raw}"
                if (joined.isalpha() and field.has(joined) and self._names_alone(joined)
                        and not any(m.end - m.start == 2 for m in self._english(pair))):
                    out.append(Word(raw=joined, folded=joined))
                    i += 2
                    continue
            out.append(words[i])
            i += 1
        return out

    def _english(self, text: str) -> Sequence[Any]:
        return self.vocabulary.concepts_in(text, "en") if self.vocabulary is not None else ()

    def _names_alone(self, word: str) -> bool:
        """The word alone is read as a concept of the vocabulary."""
        return any(m.end - m.start == 1 for m in self._english(word))

    def _same_reading(self, joined: str, split: str) -> bool:
        """The two words are read as the same concepts as the joined word ("heat pump" as "heatpump"; not
        "green house" as "greenhouse")."""
        whole = {m.concept_id for m in self._english(joined)}
        return bool(whole) and whole <= {m.concept_id for m in self._english(split) if m.end - m.start == 2}

    def _field_words(self) -> FieldWords:
        if self._words is None:
            vocabulary = self.vocabulary
            ids = getattr(vocabulary, "concepts", ()) if vocabulary is not None else ()
            terms = [t for cid in ids for t in vocabulary.terms(cid, "en")] if vocabulary is not None else []
            terms += [" ".join(k) for k in self.synonyms.table]
            self._words = FieldWords(w.folded for t in terms for w in words_of(t))
        return self._words

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
        # Of the concepts named by the same words, the one a compound ends with ("Hallendach": a roof), the
        # longest part ("Abwärme": waste heat, not the heat inside it), the narrower.
        covered: set[int] = set()
        for match in sorted(matches, key=lambda m: (m.start, m.start - m.end, not getattr(m, "head", True),
                                                   -getattr(m, "letters", 0), self._broad(m.concept_id))):
            start, end = int(match.start), int(match.end)
            if not 0 <= start < end <= len(words):
                continue
            # A term overlapping the one read before it still names its concept by the words it adds:
            # "tri des [déchets] de chantier" is waste sorting and construction waste.
            free = [i for i in range(start, end) if i not in covered]
            if free and free == list(range(free[0], end)):
                spans[free[0]] = (end, (match.concept_id,))
                covered.update(free)
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
        typed = " ".join(w.raw for w in span)
        narrow = bool(concept_ids) and lang in (None, "en")
        if narrow and len(span) > 1 and not self._alternatives(tuple(w.folded for w in span)):
            # "LED retrofit" is searched as LED: the practices need not call it a retrofit. Only when what is
            # left still names the concept: "route optimisation" is no "route", "topology optimisation" no
            # "topology" (any practice saying "route" would count).
            content = [w for w in span if w.folded not in self.reading.measure_words]
            if content and (self._names(content, concept_ids) or self._alternatives(tuple(w.folded for w in content))):
                span = content
        folded = tuple(w.folded for w in span)
        alternatives = list(self._alternatives(folded))
        has_synonyms = bool(alternatives)
        # A class of things (a site type, a sector, a generic word) is searched whole, unless the synonym list
        # says precisely what its words mean.
        narrow = narrow and (has_synonyms or (not set(concept_ids) & self.reading.broad_concepts
                                              and self._is_term(folded, concept_ids)))
        if narrow and len(folded) > 1 and _singular(folded[-1]) != folded[-1]:  # "heat pumps": "heat pump" too
            alternatives.append((*folded[:-1], _singular(folded[-1])))
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
        label = typed
        if concept_ids and self.vocabulary is not None and lang:
            preferred = self.vocabulary.label(concept_ids[0], "en")
            if fold(preferred) != fold(label):
                label = f"{preferred} ({label})"
        return Concept(typed=typed, words=folded,
                       alternatives=tuple(dict.fromkeys(a for a in alternatives if a != folded)),
                       concept_ids=concept_ids, has_synonyms=has_synonyms, narrow=narrow,
                       weight=self._weight(span, lang,
                                           known_term=bool(concept_ids or has_synonyms)),
                       fuzzy=fuzzy, prefix=is_prefix, label=label)

    def _names(self, words: list[Word], concept_ids: tuple[str, ...]) -> bool:
        """The words alone are read as one of these concepts ("LED" is LED lighting; "route" is nothing)."""
        if self.vocabulary is None:
            return False
        found = self.vocabulary.concepts_in(" ".join(w.raw for w in words), "en")
        return any(m.concept_id in concept_ids and m.end - m.start == len(words) for m in found)

    def _is_term(self, words: tuple[str, ...], concept_ids: tuple[str, ...]) -> bool:
        """The words are one of the concepts' English terms, give or take a plural: typed as the practices
        would say it ("solar panels on the roof" is read as rooftop PV, whose practices say "rooftop PV")."""
        if self.vocabulary is None:
            return False
        typed = _stems(words)
        return any(_stems(tuple(w.folded for w in words_of(term))) == typed
                   for cid in concept_ids for term in self.vocabulary.terms(cid, "en"))

    def _weight(self, span: list[Word], lang: str | None, *, known_term: bool) -> float:
        """A term of the field (a vocabulary or synonym term, or a word of one) weighs 1.0; any other word
        by its general-language frequency: "cheap", "ways", "motivate", "less" weigh less than "hotel"."""
        if known_term or len(span) > 1:
            return 1.0
        if is_field_term(span[0], lang, self.vocabulary):
            return 1.0
        weight = weights.word_weight((span[0].raw,), lang)
        if weight >= 1.0 and lang not in (None, "en") and written_like_english(span[0].folded):
            # A word of another language missing from its word list (an inflected form: "usagés") but written
            # like an English word ("usages") would match English practices by accident: it weighs as a word
            # of the language's list, so that it ranks but does not filter (mark_optional). A word of neither
            # ("Einhornträne") stays required, so that it is given up and said to be.
            return FOREIGN_LOOKALIKE_WEIGHT
        return weight

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


class FieldWords:
    """The English words of the field's terms (vocabulary and synonym list), to read a misspelled one."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w for w in words if w.isalpha())
        self.by_first: dict[str, list[str]] = {}
        for word in sorted(w for w in self.words if len(w) >= MIN_CORRECTED_LETTERS):
            self.by_first.setdefault(word[0], []).append(word)

    def has(self, word: str) -> bool:
        return word in self.words

    def begins(self, prefix: str) -> bool:
        return any(w.startswith(prefix) for w in self.by_first.get(prefix[:1], []))

    def transposed(self, word: str) -> str | None:
        """A word one letter short of a typo budget ("pupm") with two neighbouring letters swapped: the
        field's word (not the first letter, as the index's typo matching)."""
        if len(word) != MIN_CORRECTED_LETTERS - 1:
            return None
        found = {swapped for i in range(1, len(word) - 1)
                 if (swapped := word[:i] + word[i + 1] + word[i] + word[i + 2:]) != word and swapped in self.words}
        return found.pop() if len(found) == 1 else None

    def complete(self, word: str) -> str | None:
        """The field's word a word cut short begins ("prefab": prefabricated), when its candidates are one
        word's forms (the shortest begins all the others); None below 5 letters."""
        if len(word) < MIN_CORRECTED_LETTERS:
            return None
        candidates = sorted((w for w in self.by_first.get(word[:1], [])
                             if w.startswith(word) and len(w) > len(word) + 1), key=len)
        if candidates and all(c.startswith(candidates[0]) for c in candidates):
            return candidates[0]
        return None

    def correct(self, word: str) -> str | None:
        """The field's word within the typo budget (same first letter, as the index's typo matching), the
        closest; None for a word of the field itself, or when two are equally close."""
        budget = typo_budget(word)
        candidates = self.by_first.get(word[:1], [])
        if not budget or word in candidates:
            return None
        found = sorted(process.extract(word, candidates, scorer=OSA.distance, score_cutoff=budget, limit=3),
                       key=lambda f: f[1])
        if not found or (len(found) > 1 and found[1][1] == found[0][1]):
            return None
        return str(found[0][0])


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _stems(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_singular(w) for w in words if w not in STOP_WORDS)


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


def mark_optional(concepts: list[Concept], lang: str | None = "en",
                  optional_words: frozenset[str] = frozenset()) -> list[Concept]:
    """Everyday words rank, field terms filter: beside at least one field term, a word that is no term of
    the field and is common in general language is not required for the totals. Without a field term
    ("unicorn tears") every word stays required, so the totals still say what was dropped.

    In another language than the practices' (English), a word the vocabulary does not know matches them
    only by accident (French "économiser" finds the boiler economiser), and inflection spreads a verb's
    frequency over its forms ("намалим" 3.3, "costes" 3.9): there any word of the language's word list
    (Zipf above 3, weight below 1.0) is optional.

    So is, in English, a word that says what the asker wants done or thinks of it, however rare
    (seed/understanding/reading.json: "reuse", "valorise", "motivate", "cheaper"): practices describe the
    measure, not the asking ("how can a dairy reuse whey" is answered by whey turned into feed)."""
    if not any(is_field_concept(c) for c in concepts):
        return concepts
    english = lang in (None, "en")
    below = OPTIONAL_BELOW_WEIGHT if english else 1.0
    asking = [english and not c.concept_ids and c.text in optional_words for c in concepts]
    if all(asking):
        return concepts
    return [c if not ask and (is_field_concept(c) or c.weight >= below) else replace(c, required=False)
            for c, ask in zip(concepts, asking, strict=True)]


def mark_negated(concepts: list[Concept], negated: set[str]) -> list[Concept]:
    """What the asker wants to do without ("heat a warehouse without gas") ranks but is not required: the
    practices that answer name it as what they replaced. Unless nothing else would be required."""
    if not negated or not any(c.required and c.typed not in negated for c in concepts):
        return concepts
    return [replace(c, required=False) if c.typed in negated else c for c in concepts]


def written_like_english(folded: str) -> bool:
    """An English word once folded, or its plural ("usagés": "usages", of "usage")."""
    return any(weights.general_frequency(form, "en") > 0 for form in (folded, folded.removesuffix("s")))


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
