"""Which EU language a short query or a text is written in, from what the vocabulary knows.

General-purpose detectors guess from letter sequences and need a sentence; a search query is two
or three words, most of them terms of this field. So each word votes for the languages in which it
is a function word, an everyday word listed for the language, or a word of the domain vocabulary
(in any inflected form), and letters that only some languages use (ł, ő, ř, ș, ħ, Cyrillic, Greek)
add their votes. A vote shared by several languages is split between them; a word written exactly
as in a term of one language (accents included: "varmepumpe" is Danish, "värmepump" Swedish) adds
a little to that language. ``hint`` (the page's language) wins ties and answers when no word gives
any evidence; between languages that write the query alike ("bomba de calor", "Kompost") the most
spoken is named (English first), since each reads it the same way.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

from service.search.language.normalise import fold_word, words_of
from service.search.language.vocabulary import Vocabulary

MAX_WORDS = 60  # enough to tell the language of a whole practice; the rest adds time, not certainty
FUNCTION_WORD = 1.0
VOCABULARY_WORD = 1.5
EXACT_FORM = 0.5
LETTER = 0.6
HINT = 0.3
# EU languages by number of speakers, to break ties between languages that write a query alike
BY_SPEAKERS = ("en", "de", "fr", "it", "es", "pl", "ro", "nl", "el", "hu", "pt", "cs", "sv", "bg", "da", "fi", "sk",
               "hr", "lt", "sl", "lv", "et", "ga", "mt")


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
        function = [lang for lang in vocabulary.languages
                    if folded in vocabulary.rules(lang).stop_words or folded in vocabulary.rules(lang).common_words]
        for lang in function:
            totals[lang] += FUNCTION_WORD / len(function)
        if len(folded) < 2:
            continue
        # "ar" is a Lithuanian function word and Portuguese for air: a vocabulary word votes apart
        known = [lang for lang in vocabulary.languages
                 if lang not in function and vocabulary.is_known_word(word, lang)]
        # A two-letter word says little: "in" of Spanish "limpieza in situ" is also a function word of
        # eight languages, and does not make "lekken in persluchtleidingen" Spanish.
        short = len(folded) < 3
        for lang in known:
            totals[lang] += VOCABULARY_WORD / len(known) / (2 if short else 1)
        exact = [] if short else [lang for lang in known if vocabulary.is_term_word(word, lang)]
        for lang in exact:
            totals[lang] += EXACT_FORM / len(exact)
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
    if len(leaders) == 1:
        return leaders[0]
    # Languages that write the query alike ("bomba de calor": es, pt; "Kompost", "geotermia", "Gips": a
    # term of many) read it the same way, so any of them will do: English first (the practices'
    # language), then the most spoken. Another language than the leaders (a page's) would read nothing.
    return min(leaders, key=BY_SPEAKERS.index)
