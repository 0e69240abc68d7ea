"""Splitting the query into its syntax: "quoted phrases", -exclusions and plain words.

Every piece comes back as folded tokens (letters and digits only), so nothing a user types can reach
a backend as syntax; unbalanced quotes and lone dashes are read as plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from service.search.text import tokenize

MAX_PHRASES = 5
MAX_EXCLUSIONS = 5
# A quoted phrase, or a -word / -"phrase" at the start of a word. The dash must follow a space (or the
# start), so "heat-pump" and "CO2-neutral" stay words.
_SYNTAX = re.compile(r'(?P<neg>(?:(?<=\s)|^)-)?"(?P<phrase>[^"]*)"|(?:(?<=\s)|^)-(?P<word>[^\s"-][^\s"]*)')


@dataclass
class QueryParts:
    text: str  # what is left for words and understood filters, syntax removed
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    exclusions: list[tuple[str, ...]] = field(default_factory=list)


def split_syntax(q: str) -> QueryParts:
    parts = QueryParts(text="")
    kept: list[str] = []
    cursor = 0
    for match in _SYNTAX.finditer(q):
        kept.append(q[cursor:match.start()])
        cursor = match.end()
        if match.group("word") is not None:
            tokens = tuple(tokenize(match.group("word")))
            if tokens and len(parts.exclusions) < MAX_EXCLUSIONS:
                parts.exclusions.append(tokens)
            continue
        tokens = tuple(tokenize(match.group("phrase") or ""))
        if not tokens:
            continue
        if match.group("neg"):
            if len(parts.exclusions) < MAX_EXCLUSIONS:
                parts.exclusions.append(tokens)
        elif len(parts.phrases) < MAX_PHRASES:
            parts.phrases.append(tokens)
        else:
            kept.append(" " + match.group("phrase") + " ")
    kept.append(q[cursor:])
    # A stray quote left over (an unbalanced one) is only a separator.
    parts.text = "".join(kept).replace('"', " ")
    return parts
