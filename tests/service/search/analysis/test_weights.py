"""General-language word lists: the large English list's rare words, read as a set of their own."""

from __future__ import annotations

import pytest
from wordfreq import get_frequency_list, zipf_frequency

from service.search.analysis import weights


@pytest.mark.parametrize(("word", "listed"), [
    ("exchanger", True), ("separator", True), ("Exchanger", True), ("heat", True),
    ("wast", False), ("flim", False), ("controled", False), ("recovry", False), ("photovoltiac", False),
    ("14001", True), ("r744", True), ("m³", True),  # a number, or a word with digits, is no misspelling
])
def test_a_rare_english_word_is_one_the_large_list_holds_often_enough(word: str, listed: bool) -> None:
    assert weights.is_rare_english_word(word) is listed


def test_the_set_holds_what_wordfreq_would_say_of_each_listed_word() -> None:
    """Around the cut (Zipf 2.5), word by word, the set agrees with wordfreq's own look-up."""
    bins = get_frequency_list("en", weights.RARE_WORD_LIST)
    cut = round((9 - weights.RARE_WORD_ZIPF) * 100)
    checked = 0
    for words in bins[cut - 5:cut + 5]:
        for word in words[:50]:
            if word.isalpha():
                expected = zipf_frequency(word, "en", wordlist=weights.RARE_WORD_LIST) >= weights.RARE_WORD_ZIPF
                assert weights.is_rare_english_word(word) is expected, word
                checked += 1
    assert checked > 200
