"""The benchmark harness end to end at a tiny scale: every phase runs and the report has every figure.

No timing assertions: this machine's speed is not what the test checks.
"""

from __future__ import annotations

from pathlib import Path

from bench.__main__ import main
from bench.datasette_peer import path_for
from bench.queries import QUERY_MIX
from bench.report import MARKER


def test_harness_runs_and_reports_every_query_type(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    out.write_text("old figures\n" + MARKER + "\nhand-written analysis\n", encoding="utf-8")

    assert main(["--small", "200", "--scale", "200", "--repeat", "3", "--load-seconds", "0.3",
                 "--out", str(out), "--workdir", str(tmp_path / "work")]) == 0

    text = out.read_text(encoding="utf-8")
    assert "old figures" not in text
    assert text.rstrip().endswith("hand-written analysis")  # the analysis below the marker is kept
    assert "| cores |" in text and "| memory |" in text and "| SQLite |" in text
    for query in QUERY_MIX:
        row = next(line for line in text.splitlines() if line.startswith(f"| {query.label} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) == 13 and "–" not in cells[2:], row  # every latency and the ratio are there
    assert "## Import and full rebuild" in text and "| 200 |" in text
    for clients in (1, 8, 32):
        assert f"| 200 | `/api/search` | {clients} |" in text
    for label in ("one word, a different one each time", "two words, different ones each time"):
        row = next(line for line in text.splitlines() if line.startswith(f"| 200 | {label} |"))
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert int(cells[2]) > 10 and "–" not in cells[3:], row  # asked, and every request answered
    assert "## Peak memory" in text and "## Targets" in text
    assert "first-time searches (nothing cached)" in text


def test_first_time_queries_are_new_to_the_service_and_to_each_other() -> None:
    from bench.corpus import generate
    from bench.queries import first_time_queries

    queries = first_time_queries(generate(600), 50)
    singles, pairs = queries["one_new_word"], queries["two_new_words"]
    assert len(singles) == len(pairs) == 50
    words = singles + [w for pair in pairs for w in pair.split()]
    assert len(set(words)) == len(words)  # no word asked twice, so none is answered from a cached pass
    mix_words = {v for q in QUERY_MIX for k, v in q.params if k == "q" for v in v.split()}
    assert not any(w.startswith(m) or m.startswith(w) for w in words for m in mix_words)


def test_datasette_requests_mirror_our_parameters() -> None:
    paths = {q.name: path_for(q, "peer") for q in QUERY_MIX}
    assert "_searchmode=raw" in paths["prefix"] and "%22compre%22%2A" in paths["prefix"]
    assert "sectors__arraycontains=metals" in paths["three_filters"] and "country=DE" in paths["three_filters"]
    assert "investment_eur__gte=10000" in paths["range"] and "investment_eur__lte=100000" in paths["range"]
    assert "_sort=payback_years" in paths["sort_payback"]
    assert all(p.count("_facet") == 7 and "_size=20" in p for p in paths.values())
