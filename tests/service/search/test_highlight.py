"""Marking matches: escaped text, our own <mark> tags only, folded comparisons, snippets."""

from __future__ import annotations

import pytest

from service.search.highlight import SNIPPET_TOKENS, Highlighter


@pytest.mark.parametrize(("terms", "prefixes", "text", "expected"), [
    ({"heat"}, (), "Heat pump heats water", "<mark>Heat</mark> pump heats water"),
    ({"heat", "heats"}, (), "Heat pump heats water", "<mark>Heat</mark> pump <mark>heats</mark> water"),
    (set(), ("recov",), "Heat recovery, recovered", "Heat <mark>recovery</mark>, <mark>recovered</mark>"),
    ({"zurich"}, (), "Zürich data centre", "<mark>Zürich</mark> data centre"),
    ({"lodzkie"}, (), "Plant in Łódzkie.", "Plant in <mark>Łódzkie</mark>."),
    ({"script"}, (), "<script>alert(1)</script>",
     "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;"),
    ({"x"}, (), "a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#x27;d&#x27;"),
    ({"mark"}, (), "<mark>mark</mark>", "&lt;<mark>mark</mark>&gt;<mark>mark</mark>&lt;/<mark>mark</mark>&gt;"),
    ({"co2"}, (), "CO2-neutral", "<mark>CO2</mark>-neutral"),
    ({"heat"}, (), "", ""),
])
def test_mark(terms: set[str], prefixes: tuple[str, ...], text: str, expected: str) -> None:
    assert Highlighter(terms=frozenset(terms), prefixes=prefixes).mark(text) == expected


def test_snippet_is_a_window_around_the_first_match() -> None:
    words = [f"w{i}" for i in range(100)]
    words[60] = "geothermal"
    snippet = Highlighter(terms=frozenset({"geothermal"})).snippet(" ".join(words))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>geothermal</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "").strip("…").split()) == SNIPPET_TOKENS


def test_snippet_of_a_text_without_a_match_is_empty_and_short_texts_are_whole() -> None:
    highlighter = Highlighter(terms=frozenset({"solar"}))
    assert highlighter.snippet("Nothing here.") == ""
    assert highlighter.snippet("Solar roof <b>now</b>.") == "<mark>Solar</mark> roof &lt;b&gt;now&lt;/b&gt;."


def _reference_snippet(highlighter: Highlighter, text: str) -> str:
    """The definition of a snippet, computed the slow way: every word of the text, then a window."""
    import bisect
    import re

    spans = [m.span() for m in re.finditer(r"[^\W_]+", text) if highlighter.mark(m.group()) != html_escape(m.group())]
    if not spans:
        return ""
    tokens = [m.span() for m in re.finditer(r"[^\W_]+", text)]
    first = bisect.bisect_left(tokens, spans[0])
    start = max(0, first - SNIPPET_TOKENS // 3)
    stop = min(len(tokens), start + SNIPPET_TOKENS)
    begin, finish = tokens[start][0], (tokens[stop - 1][1] if stop < len(tokens) else len(text))
    body = highlighter.mark(text[begin:finish])
    return ("…" if start > 0 else "") + body + ("…" if stop < len(tokens) else "")


def html_escape(text: str) -> str:
    import html

    return html.escape(text)


def test_snippets_read_only_near_the_match_but_equal_the_whole_text_definition() -> None:
    import random

    rng = random.Random(11)
    vocabulary = ["heat", "Heating", "pump", "Łódź", "straße", "water", "re-use", "CO2", "a", "x" * 70,
                  "naïve", "recovery", "ünïcödé" * 12, "_", "—", "<b>", "&", "1,000"]
    highlighter = Highlighter(terms=frozenset({"heat", "lodz", "strasse"}), prefixes=("recov",))
    for _ in range(400):
        words = [rng.choice(vocabulary) for _ in range(rng.randint(0, 90))]
        text = rng.choice(["", " ", "... "]) + rng.choice([" ", "  ", ", ", "\n"]).join(words)
        assert highlighter.snippet(text) == _reference_snippet(highlighter, text), text
