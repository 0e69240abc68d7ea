"""Marking query matches in a hit's text: HTML-escaped, with our own <mark> tags only.

Done in Python over the page's 20 texts rather than with FTS5's highlight(), which has to find each
page row again in the full-text index and costs more the more documents match.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from service.search.text import TOKEN_RE, fold_letters
from service.taxonomy import fold

SNIPPET_TOKENS = 24


@lru_cache(maxsize=65_536)
def _folded(token: str) -> str:
    """A token as the index compares it; words repeat across texts, so each is folded once."""
    lowered = token.lower()
    return lowered if lowered.isascii() else fold_letters(fold(token))


@dataclass(frozen=True)
class Highlighter:
    terms: frozenset[str]  # folded tokens that match
    prefixes: tuple[str, ...] = ()  # folded beginnings that match (the half-typed last word)

    def _matches(self, token: str) -> bool:
        folded = _folded(token)
        return folded in self.terms or any(folded.startswith(p) for p in self.prefixes)

    def _tokens(self, text: str) -> list[re.Match[str]]:
        return list(TOKEN_RE.finditer(text))

    def mark(self, text: str) -> str:
        """The whole text, escaped, with every matching word in <mark>."""
        if not self.terms and not self.prefixes:
            return html.escape(text)
        return self._render(text, self._tokens(text), 0, len(text))

    def snippet(self, text: str) -> str:
        """About SNIPPET_TOKENS words around the first match, escaped and marked; "" when nothing matches."""
        tokens = self._tokens(text)
        first = next((i for i, token in enumerate(tokens) if self._matches(token.group())), None)
        if first is None:
            return ""
        start = max(0, first - SNIPPET_TOKENS // 3)
        end = min(len(tokens), start + SNIPPET_TOKENS)
        begin = tokens[start].start()
        finish = tokens[end - 1].end() if end < len(tokens) else len(text)
        body = self._render(text, tokens[start:end], begin, finish)
        return ("…" if start > 0 else "") + body + ("…" if end < len(tokens) else "")

    def _render(self, text: str, tokens: list[re.Match[str]], begin: int, finish: int) -> str:
        out: list[str] = []
        cursor = begin
        for token in tokens:
            if token.start() < begin or token.end() > finish:
                continue
            if self._matches(token.group()):
                out.append(html.escape(text[cursor:token.start()]))
                out.append("<mark>" + html.escape(token.group()) + "</mark>")
                cursor = token.end()
        out.append(html.escape(text[cursor:finish]))
        return "".join(out)
