"""Marking query matches in a hit's text: HTML-escaped, with our own <mark> tags only.

Done in Python over the page's texts rather than with FTS5's highlight(), which has to find each page
row again in the full-text index and costs more the more documents match. A plain-ASCII text (most
of them) is lowercased and scanned for the matching words only. In any other text one regular
expression finds the matching words written in ASCII and every word holding other letters; only those
few are folded and compared. Either way a text costs a single scan, and a snippet reads only the words
around its first match.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import islice

from service.search.text import TOKEN_RE, fold_letters
from service.taxonomy import fold

SNIPPET_TOKENS = 24
_WORD = r"[^\W_]"
_NON_ASCII_WORD = rf"{_WORD}*[^\x00-\x7f]{_WORD}*"


@lru_cache(maxsize=65_536)
def _folded(token: str) -> str:
    """A token as the index compares it; words repeat across texts, so each is folded once."""
    lowered = token.lower()
    return lowered if lowered.isascii() else fold_letters(fold(token))


class Highlighter:
    def __init__(self, terms: frozenset[str], prefixes: tuple[str, ...] = ()) -> None:
        self.terms = terms  # folded (lowercase) tokens that match
        self.prefixes = prefixes  # folded beginnings that match (the half-typed last word)
        ascii_terms = sorted((t for t in terms if t.isascii()), key=len, reverse=True)
        ascii_prefixes = sorted((p for p in prefixes if p.isascii()), key=len, reverse=True)
        alternatives = [re.escape(t) for t in ascii_terms] + [re.escape(p) + f"{_WORD}*" for p in ascii_prefixes]
        hit = f"(?:{'|'.join(alternatives)})" if alternatives else "(?!)"
        # A whole word: not preceded or followed by a letter or digit.
        self._pattern = re.compile(rf"(?<!{_WORD})(?:(?P<hit>{hit})|{_NON_ASCII_WORD})(?!{_WORD})", re.IGNORECASE)
        # Most texts are plain ASCII: lowercased (which keeps every position), they need only the
        # matching words (folded, so already lowercase), found case-sensitively and with no look-behind,
        # so that the engine can skip to the letters a match can begin with; the word start is checked on
        # the few candidates. Four times faster than the general pattern.
        self._ascii_pattern = re.compile(rf"{hit}(?!{_WORD})")
        self._active = bool(terms or prefixes)

    def _matches(self, token: str) -> bool:
        folded = _folded(token)
        return folded in self.terms or any(folded.startswith(p) for p in self.prefixes)

    def _marked(self, text: str, begin: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """The spans of matching words in text[begin:end], in order."""
        end = len(text) if end is None else end
        if text.isascii():
            # A candidate inside a longer word is skipped; no match can begin within it, as it is all letters.
            for match in self._ascii_pattern.finditer(text.lower(), begin, end):
                start = match.start()
                if start == 0 or not text[start - 1].isalnum():
                    yield match.span()
            return
        for match in self._pattern.finditer(text, begin, end):
            if match.group("hit") is not None or self._matches(match.group()):
                yield match.span()

    def mark(self, text: str) -> str:
        """The whole text, escaped, with every matching word in <mark>."""
        if not self._active:
            return html.escape(text)
        return _render(text, list(self._marked(text)), 0, len(text))

    def snippet(self, text: str) -> str:
        """About SNIPPET_TOKENS words around the first match, escaped and marked; "" when nothing matches.

        Only the words near the first match are read: descriptions run to thousands of characters."""
        first = next(self._marked(text), None) if self._active else None
        if first is None:
            return ""
        before, more_before = _tokens_before(text, first[0], SNIPPET_TOKENS // 3)
        wanted = SNIPPET_TOKENS - len(before)
        after = [m.span() for m in islice(TOKEN_RE.finditer(text, first[0]), wanted + 1)]
        more_after = len(after) > wanted
        begin = before[0][0] if before else first[0]
        finish = after[wanted - 1][1] if more_after else len(text)
        body = _render(text, list(self._marked(text, begin, finish)), begin, finish)
        return ("…" if more_before else "") + body + ("…" if more_after else "")


def _tokens_before(text: str, position: int, count: int) -> tuple[list[tuple[int, int]], bool]:
    """The last ``count`` words before ``position`` (a word's start), and whether more words precede them."""
    window = 16 * (count + 1)
    while True:
        low = max(0, position - window)
        spans = [m.span() for m in TOKEN_RE.finditer(text, low, position)]
        if spans and spans[0][0] == low > 0 and TOKEN_RE.match(text, low - 1):
            spans = spans[1:]  # the window began inside a word
        if len(spans) > count or low == 0:
            return spans[max(0, len(spans) - count):] if count else [], len(spans) > count
        window *= 4


def _render(text: str, spans: list[tuple[int, int]], begin: int, finish: int) -> str:
    out: list[str] = []
    cursor = begin
    for start, end in spans:
        out.append(html.escape(text[cursor:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(html.escape(text[cursor:finish]))
    return "".join(out)
