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
