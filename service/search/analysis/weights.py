"""How much a word says: general-language frequency (wordfreq's lists, shipped in its wheel) against
how often the practices use it.

An everyday word ("way", "cheap", "save", "motivate") is frequent in general language and no more
frequent in the practices; a field term ("hotel", "heat pump", "retrofit") is used by the practices far
more often than by general language. Corpus rarity alone gets this wrong ("cheap" is rare in the
practices, yet says nothing about a subject), so both are used: the share of practices that contain
the word, divided by the word's general frequency ("keyness").
"""

from __future__ import annotations

import math
from functools import lru_cache

from wordfreq import available_languages, read_cBpack, word_frequency

from service.search.text import inflections

WORDLIST = "small"  # the ~30,000 most frequent words per language: 20-40 ms and ~5 MB per language, loaded on use
EU_LANGUAGES = frozenset("bg cs da de el en es et fi fr ga hr hu it lt lv mt nl pl pt ro sk sl sv".split())
# The EU languages wordfreq has (20 of 24: not et, ga, hr, mt; their words are weighed by English alone).
LANGUAGES = EU_LANGUAGES & frozenset(available_languages(WORDLIST))
FLOOR_FREQUENCY = 1e-8  # a word wordfreq does not list is rarer than any it does
MIN_WEIGHT = 0.2


@lru_cache(maxsize=65_536)
def general_frequency(word: str, lang: str | None = "en") -> float:
    """The word's frequency in general language (0..1), by the query's language and English.

    The larger of the two: an English word typed in a German query is still an everyday English word.
    """
    frequency = word_frequency(word, "en", wordlist=WORDLIST)
    if lang and lang != "en" and lang in LANGUAGES:
        frequency = max(frequency, word_frequency(word, lang, wordlist=WORDLIST))
    return frequency


def is_word_of(word: str, lang: str | None, threshold: float = 3.0) -> bool:
    """A word of this language's own word list (not English's): "économiser" is French."""
    if not lang or lang not in LANGUAGES:
        return False
    frequency = word_frequency(word, lang, wordlist=WORDLIST)
    return frequency > 0 and math.log10(frequency) + 9 >= threshold


def zipf(word: str, lang: str | None = "en") -> float:
    """Zipf scale: 3 is a word seen once per million words, 6 once per thousand."""
    frequency = general_frequency(word, lang)
    return math.log10(frequency) + 9 if frequency > 0 else 0.0


# wordfreq's "large" English list: a word it lists this often is a word of the language even when rare
# ("exchanger" 2.8, "separator" 2.9), where the typos people make of the field's words are missing or rarer
# ("wast" 2.5, "flim" 2.3, "controled" 1.9).
RARE_WORD_LIST = "large"
RARE_WORD_ZIPF = 2.5


@lru_cache(maxsize=1)
def _listed_english_words() -> frozenset[str]:
    """The large list's words at RARE_WORD_ZIPF or more (about 54,000), read from its file once (0.05 s).
    Held by wordfreq, the whole list (about 300,000 words with their frequencies) cost each process 33 MB."""
    # The list's n-th bin holds the words of frequency 10^(-n/100), that is Zipf 9 - n/100.
    bins = read_cBpack(available_languages(RARE_WORD_LIST)["en"])
    return frozenset(word for words in bins[:round((9 - RARE_WORD_ZIPF) * 100) + 1] for word in words)


def is_rare_english_word(word: str) -> bool:
    """A word of English too rare for the everyday list, but listed: spelled as meant ("heat exchanger").
    A number, or a word with digits ("m³", "r32"), is never taken for a misspelling."""
    return any(c.isdigit() for c in word) or word.casefold() in _listed_english_words()


def is_everyday_word(word: str, lang: str | None = "en", threshold: float = 3.0) -> bool:
    """A word of the language as people use it daily (so a misspelling of something else is unlikely)."""
    return zipf(word, lang) >= threshold


def word_weight(words: tuple[str, ...], lang: str | None = "en") -> float:
    """1.0 for rare words and terms of several words, down to MIN_WEIGHT for the most everyday ones."""
    if len(words) > 1:
        return 1.0
    value = zipf(words[0], lang)
    return max(MIN_WEIGHT, min(1.0, 1.0 - (value - 3.0) / 3.0))


def keyness(words: tuple[str, ...], documents_with: int, documents: int, lang: str | None = "en") -> float:
    """How much more the practices use a term than general language does (higher: more a field term)."""
    if documents_with == 0 or documents == 0:
        return 0.0
    # A term of several words is rarer than its rarest word; a word counts with its other forms, as the
    # practices are searched for them too ("save" finds "saving", "saved").
    frequency = min(general_frequency(word, lang) + sum(general_frequency(form, lang) for form in inflections(word))
                    for word in words) * 0.1 ** (len(words) - 1)
    return (documents_with / documents) / max(frequency, FLOOR_FREQUENCY)
