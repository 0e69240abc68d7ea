"""The domain vocabulary (seed/vocabulary/): concepts and their terms in every EU language.

``Vocabulary.concepts_in(text, lang)`` finds the concepts a text names, in a query of two words or
a whole practice. A term matches the text's words in order once both are stemmed, with the
language's function words skipped on both sides ("pompe à chaleur" = "pompes de la chaleur" after
"l'"/"de"/"la" are dropped). In languages that write compounds as one word, a word also names the
concepts whose one-word terms it contains ("Abwärmenutzung" → waste heat, "Luftwärmepumpen" →
heat pump).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from service.search.language.normalise import LanguageRules, fold_word, load_rules, words_of

LANGUAGES = ("bg", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "ga", "hr", "hu", "it", "lt", "lv",
             "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv")
MIN_COMPOUND_PART = 4  # the shortest term found inside a compound ("dach" in "Solardach")
MIN_COMPOUND_HEAD = 3  # letters a compound needs before an inner part: "Backofen" has an oven, "boven" none
MIN_LEADING_PART = 6  # a shorter part counts only at the end of a word: "Backofen", not "Mode" in "modernisieren"


class VocabularyError(ValueError):
    """A vocabulary file is missing, malformed or disagrees with en.json."""


@dataclass(frozen=True)
class ConceptMatch:
    concept_id: str
    start: int  # position of the first matched word among the text's words
    end: int  # one past the last matched word
    words: tuple[str, ...]  # the text's words as written, function words between them included
    in_compound: bool = False  # found inside a one-word compound rather than as whole words
    # Inside a compound, the last part is what the word names ("Hallendach" is a roof, of a hall): whether
    # this part ends the word, and how many of its letters it covers (a whole word covers all of them).
    head: bool = True
    letters: int = 0


@dataclass
class _LanguageIndex:
    rules: LanguageRules
    # first stem -> [(stems of a term, its concepts)], longest term first
    by_first_stem: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]
    compound_parts: dict[str, tuple[str, ...]]  # folded one-word term or its stem -> concepts
    known_stems: frozenset[str]
    term_words: frozenset[str]  # the words of the terms as written, lower case, accents kept
    labels: dict[str, str]
    _compounds: dict[str, tuple[tuple[str, int, int], ...]]
    _words: dict[str, str | None]

    def read(self, word: str) -> str | None:
        """The stem of a word as written, None for a function word (one look-up per repeated word)."""
        try:
            return self._words[word]
        except KeyError:
            folded = fold_word(word)
            stem = None if folded in self.rules.stop_words else self.rules.stem(folded)
            if len(self._words) < 500_000:
                self._words[word] = stem
            return stem

    def _fits(self, tail: str, length: int) -> bool:
        """What may follow a part inside a word: nothing or an ending ("-n", "-en"), or, after a part
        of six letters or more, another word of at least three ("Italy" holds no "ital" (hu: drink))."""
        if not tail or tail in self.rules.suffix_set:
            return True
        return length >= MIN_LEADING_PART and len(tail) >= MIN_COMPOUND_HEAD

    def parts_of(self, folded: str, stem: str) -> tuple[tuple[str, int, int], ...]:
        """Concepts named inside a compound word: at each letter, the longest term starting there
        ("luftwarmepumpen" -> air-source heat pump at 0, heat pump at 4)."""
        cached = self._compounds.get(folded)
        if cached is not None:
            return cached
        found: list[tuple[str, int, int]] = []
        n = len(folded)
        for start in (0, *range(MIN_COMPOUND_HEAD, n - MIN_COMPOUND_PART + 1)):
            for end in range(n, start + MIN_COMPOUND_PART - 1, -1):
                concepts = self.compound_parts.get(folded[start:end])
                if not concepts or not self._fits(folded[end:], end - start):
                    continue
                found.extend((c, start, end) for c in concepts)
                if not (start == 0 and (end == n or folded[:end] == stem)):
                    break  # the whole word counts, and so does the longest part at its start
        result = tuple(found)
        if len(self._compounds) < 500_000:
            self._compounds[folded] = result
        return result


class Vocabulary:
    def __init__(self, concepts: tuple[str, ...], indexes: dict[str, _LanguageIndex],
                 terms: dict[str, dict[str, tuple[str, ...]]]):
        self.concepts = concepts  # the ids of en.json, in its order
        self._indexes = indexes
        self._terms = terms

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._indexes)

    def rules(self, lang: str) -> LanguageRules:
        return self._index(lang).rules

    def label(self, concept_id: str, lang: str) -> str:
        """The preferred term of a concept in ``lang`` (English when the language is unknown)."""
        index = self._indexes.get(lang) or self._indexes["en"]
        return index.labels[concept_id]

    def terms(self, concept_id: str, lang: str) -> tuple[str, ...]:
        return self._terms[lang][concept_id]

    def is_known_word(self, word: str, lang: str) -> bool:
        """Whether ``word`` is a function word of ``lang`` or a word of its vocabulary (in any form)."""
        index = self._indexes.get(lang)
        if index is None:
            return False
        folded = fold_word(word)
        if folded in index.rules.stop_words or index.rules.stem(folded) in index.known_stems:
            return True
        return (index.rules.compounds and len(folded) > MIN_COMPOUND_PART
                and bool(index.parts_of(folded, index.rules.stem(folded))))

    def is_term_word(self, word: str, lang: str) -> bool:
        """Whether ``word`` (any case) is written exactly so, accents included, in a term of ``lang``."""
        index = self._indexes.get(lang)
        return index is not None and word.lower() in index.term_words

    def concepts_in(self, text: str, lang: str | None) -> list[ConceptMatch]:
        """Every concept named in ``text`` read as ``lang``, in text order; a longer term and the
        shorter ones inside it are all returned ("air source heat pump" also gives "heat pump")."""
        index = self._index(lang or "en")
        rules = index.rules
        by_first_stem, read = index.by_first_stem, index.read
        words = words_of(text)
        content: list[int] = []
        stems: list[str] = []
        for i, word in enumerate(words):
            stem = read(word)
            if stem is not None:
                content.append(i)
                stems.append(stem)
        matches: dict[tuple[str, int, int], ConceptMatch] = {}
        for k, stem in enumerate(stems):
            candidates = by_first_stem.get(stem)
            if candidates:
                for term, concepts in candidates:
                    if len(term) == 1 or tuple(stems[k:k + len(term)]) == term:
                        start, end = content[k], content[k + len(term) - 1] + 1
                        for concept in concepts:
                            matches.setdefault((concept, start, end),
                                               ConceptMatch(concept, start, end, tuple(words[start:end]),
                                                            letters=sum(len(w) for w in words[start:end])))
            if rules.compounds and len(stem) >= MIN_COMPOUND_PART:
                i = content[k]
                folded = fold_word(words[i])
                for concept, part_start, part_end in index.parts_of(folded, stem):
                    if (concept, i, i + 1) in matches:
                        continue
                    head = part_end == len(folded) or folded[part_end:] in rules.suffix_set
                    matches[(concept, i, i + 1)] = ConceptMatch(concept, i, i + 1, (words[i],), True, head=head,
                                                                letters=part_end - part_start)
        return sorted(matches.values(), key=lambda m: (m.start, m.start - m.end, m.concept_id))

    def _index(self, lang: str) -> _LanguageIndex:
        try:
            return self._indexes[lang]
        except KeyError:
            raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(self._indexes)}") from None


def _read(path: Path, lang: str) -> dict[str, tuple[str, ...]]:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise VocabularyError(f"{path}: {exc}") from exc
    if raw.get("language") != lang or not isinstance(raw.get("concepts"), dict):
        raise VocabularyError(f"{path}: expected {{'language': {lang!r}, 'concepts': {{...}}}}")
    concepts = {}
    for concept, terms in raw["concepts"].items():
        if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise VocabularyError(f"{path}: {concept!r} needs a list of non-empty terms")
        concepts[concept] = tuple(terms)
    return concepts


def _index_language(rules: LanguageRules, concepts: dict[str, tuple[str, ...]]) -> _LanguageIndex:
    by_stems: dict[tuple[str, ...], set[str]] = {}
    parts: dict[str, set[str]] = {}
    known: set[str] = set()
    written: set[str] = set()
    for concept, terms in concepts.items():
        for term in terms:
            written.update(w.lower() for w in words_of(term))
            folded = [fold_word(w) for w in words_of(term)]
            content = [f for f in folded if f not in rules.stop_words] or folded
            if not content:
                continue
            stems = tuple(rules.stem(f) for f in content)
            by_stems.setdefault(stems, set()).add(concept)
            known.update(stems)
            if rules.compounds:
                # "Luft-Wasser-Wärmepumpe" is also written "Luftwasserwärmepumpe". Inside a compound a
                # part keeps all but one ending ("Lieferung" is "liefer", not "lief" as in "verlief").
                joined = "".join(content)
                for piece in {joined, "".join(content[:-1]) + rules.stem_once(content[-1])}:
                    if len(piece) >= MIN_COMPOUND_PART:
                        parts.setdefault(piece, set()).add(concept)
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for stems, ids in by_stems.items():
        by_first.setdefault(stems[0], []).append((stems, tuple(sorted(ids))))
    for candidates in by_first.values():
        candidates.sort(key=lambda c: -len(c[0]))
    return _LanguageIndex(rules=rules, by_first_stem=by_first,
                          compound_parts={p: tuple(sorted(c)) for p, c in parts.items()},
                          known_stems=frozenset(known), term_words=frozenset(written),
                          labels={concept: terms[0] for concept, terms in concepts.items()}, _compounds={},
                          _words={})


def load_vocabulary(seed_dir: Path) -> Vocabulary:
    """Read seed/vocabulary/: en.json names the concepts; every language file must have each of them."""
    folder = Path(seed_dir) / "vocabulary"
    rules = load_rules(folder / "languages.json")
    reference = _read(folder / "en.json", "en")
    indexes: dict[str, _LanguageIndex] = {}
    raw_terms: dict[str, dict[str, tuple[str, ...]]] = {}
    for lang in LANGUAGES:
        concepts = reference if lang == "en" else _read(folder / f"{lang}.json", lang)
        missing = sorted(set(reference) - set(concepts))
        extra = sorted(set(concepts) - set(reference))
        if missing or extra:
            raise VocabularyError(f"{lang}.json: missing {missing[:5]}, not in en.json {extra[:5]}")
        if lang not in rules:
            raise VocabularyError(f"languages.json has no rules for {lang!r}")
        indexes[lang] = _index_language(rules[lang], concepts)
        raw_terms[lang] = concepts
    return Vocabulary(tuple(reference), indexes, raw_terms)
