"""Which EU language a short query or a text is written in, from what the vocabulary knows.

General-purpose detectors guess from letter sequences and need a sentence; a search query is two
or three words, most of them terms of this field. So each word votes for the languages in which it
is a function word or a word of the domain vocabulary (in any inflected form), and letters that only
some languages use (ł, ő, ř, ș, ħ, Cyrillic, Greek) add their votes. A vote shared by several
languages is split between them. ``hint`` (the page's language) wins ties and answers when no
word gives any evidence ("LED").
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from service.search.language.normalise import fold_word, words_of
from service.search.language.vocabulary import Vocabulary

MAX_WORDS = 60  # enough to tell the language of a whole practice; the rest adds time, not certainty
FUNCTION_WORD = 1.0
VOCABULARY_WORD = 1.5
LETTER = 0.6
HINT = 0.3


def _script_votes(text: str) -> dict[str, float]:
    votes: dict[str, float] = defaultdict(float)
    for char in text:
        if "\u0400" <= char <= "\u04ff":
            votes["bg"] += 1.0
        elif "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff":
            votes["el"] += 1.0
    return votes


def scores(vocabulary: Vocabulary, text: str, hint: str | None = None) -> dict[str, float]:
    words = words_of(text)[:MAX_WORDS]
    totals: dict[str, float] = defaultdict(float)
    for lang, vote in _script_votes(text).items():
        totals[lang] += vote
    lowered = unicodedata.normalize("NFC", " ".join(words).lower())
    letter_langs: dict[str, list[str]] = defaultdict(list)
    for lang in vocabulary.languages:
        for letter in vocabulary.rules(lang).letters:
            letter_langs[letter].append(lang)
    for char in lowered:
        langs = letter_langs.get(char)
        if langs and not ("\u0370" <= char <= "\u04ff"):
            for lang in langs:
                totals[lang] += LETTER / len(langs)
    for word in words:
        folded = fold_word(word)
        function = [lang for lang in vocabulary.languages if folded in vocabulary.rules(lang).stop_words]
        for lang in function:
            totals[lang] += FUNCTION_WORD / len(function)
        if function or len(folded) < 3:
            continue
        known = [lang for lang in vocabulary.languages if vocabulary.is_known_word(word, lang)]
        for lang in known:
            totals[lang] += VOCABULARY_WORD / len(known)
    if hint in vocabulary.languages and totals:
        totals[hint] += HINT
    return dict(totals)


def detect(vocabulary: Vocabulary, text: str, hint: str | None = None) -> str | None:
    """The most likely language, ``hint`` when nothing in the text tells, None without either."""
    hint = hint if hint in vocabulary.languages else None
    totals = scores(vocabulary, text, hint)
    if not totals:
        return hint
    best = max(totals.values())
    leaders = sorted(lang for lang, score in totals.items() if score == best)
    if hint in leaders:
        return hint
    # A tie between languages that share the words ("LED", "biogas") is no evidence for either.
    return leaders[0] if len(leaders) == 1 else hint
