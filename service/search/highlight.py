"""Marking query matches in a hit's text: HTML-escaped, with our own <mark> tags only.

Done in Python over the page's texts rather than with FTS5's highlight(), which has to find each page
row again in the full-text index and costs more the more documents match. One regular expression
finds the matching words written in plain ASCII (case-insensitively) and every word holding other
letters; only those few are folded and compared, so a text costs a single scan.
"""

from __future__ import annotations

import bisect
import html
import re
from functools import lru_cache

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
        self.terms = terms  # folded tokens that match
        self.prefixes = prefixes  # folded beginnings that match (the half-typed last word)
        ascii_terms = sorted((t for t in terms if t.isascii()), key=len, reverse=True)
        ascii_prefixes = sorted((p for p in prefixes if p.isascii()), key=len, reverse=True)
        alternatives = [re.escape(t) for t in ascii_terms] + [re.escape(p) + f"{_WORD}*" for p in ascii_prefixes]
        hit = f"(?:{'|'.join(alternatives)})" if alternatives else "(?!)"
        # A whole word: not preceded or followed by a letter or digit.
        self._pattern = re.compile(rf"(?<!{_WORD})(?:(?P<hit>{hit})|{_NON_ASCII_WORD})(?!{_WORD})", re.IGNORECASE)
        self._active = bool(terms or prefixes)

    def _matches(self, token: str) -> bool:
        folded = _folded(token)
        return folded in self.terms or any(folded.startswith(p) for p in self.prefixes)

    def _marked_spans(self, text: str, begin: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        spans = []
        for match in self._pattern.finditer(text, begin, len(text) if end is None else end):
            if match.group("hit") is not None or self._matches(match.group()):
                spans.append(match.span())
        return spans

    def mark(self, text: str) -> str:
        """The whole text, escaped, with every matching word in <mark>."""
        if not self._active:
            return html.escape(text)
        return _render(text, self._marked_spans(text), 0, len(text))

    def snippet(self, text: str) -> str:
        """About SNIPPET_TOKENS words around the first match, escaped and marked; "" when nothing matches."""
        spans = self._marked_spans(text) if self._active else []
        if not spans:
            return ""
        tokens = [m.span() for m in TOKEN_RE.finditer(text)]
        first = bisect.bisect_left(tokens, spans[0])
        start = max(0, first - SNIPPET_TOKENS // 3)
        stop = min(len(tokens), start + SNIPPET_TOKENS)
        begin = tokens[start][0]
        finish = tokens[stop - 1][1] if stop < len(tokens) else len(text)
        inside = [span for span in spans if span[0] >= begin and span[1] <= finish]
        body = _render(text, inside, begin, finish)
        return ("…" if start > 0 else "") + body + ("…" if stop < len(tokens) else "")


def _render(text: str, spans: list[tuple[int, int]], begin: int, finish: int) -> str:
    out: list[str] = []
    cursor = begin
    for start, end in spans:
        out.append(html.escape(text[cursor:start]))
        out.append("<mark>" + html.escape(text[start:end]) + "</mark>")
        cursor = end
    out.append(html.escape(text[cursor:finish]))
    return "".join(out)
