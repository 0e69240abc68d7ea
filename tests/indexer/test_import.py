"""The indexer: each format, each kind of rejected record, idempotent re-import, URLs, export round trips."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import httpx
import pytest
import respx

from indexer.__main__ import main
from service.practices import record_format
from service.settings import REPO_ROOT
from tests.conftest import load_fixture_records


def write(path: Path, records: list[dict], fmt: str) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as out:
        record_format.write_records(records, fmt, out)
    return path


def run(*args: str, data_dir: Path) -> tuple[int, str, str]:
    """The command line in this process: main(argv), its exit status and what it printed.
    (test_the_real_command_exits_0_1_or_2 runs it as a process once per exit status.)"""
    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.get("GTS_DATA_DIR")  # main() hands --data-dir on through the environment
    try:
        with redirect_stdout(out), redirect_stderr(err):
            code = main([*args, "--data-dir", str(data_dir)])
    finally:
        if saved is None:
            os.environ.pop("GTS_DATA_DIR", None)
        else:
            os.environ["GTS_DATA_DIR"] = saved
    return code, out.getvalue(), err.getvalue()


def run_process(*args: str, data_dir: Path) -> tuple[int, str, str]:
    process = subprocess.run([sys.executable, "-m", "indexer", *args, "--data-dir", str(data_dir)],
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, env=os.environ.copy())
    return process.returncode, process.stdout, process.stderr


def test_the_real_command_exits_0_1_or_2(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", load_fixture_records()[:2], "json")
    code, out, _ = run_process("import", str(good), "--no-progress", data_dir=tmp_path / "d")
    assert code == 0 and "imported 2 records (2 new" in out
    mixed = write(tmp_path / "mixed.json", [*load_fixture_records()[:1], {"title": "x"}], "json")
    code, out, err = run_process("validate", str(mixed), data_dir=tmp_path / "d")
    assert code == 1 and "1 valid record, 1 record (5 problems) rejected" in out and "item 2: field 'title'" in err
    code, _, err = run_process("import", str(tmp_path / "nope.json"), data_dir=tmp_path / "d")
    assert code == 2 and "no such file" in err


@pytest.mark.parametrize("fmt", ["json", "ndjson", "csv"])
def test_each_format_imports_and_exports_back_exactly(tmp_path: Path, fmt: str) -> None:
    records = load_fixture_records()
    source = write(tmp_path / f"in.{fmt}", records, fmt)
    code, out, err = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 0, err
    assert f"imported {len(records)} records ({len(records)} new" in out
    code, _, _ = run("export", "--format", fmt, "--out", str(tmp_path / f"out.{fmt}"), data_dir=tmp_path / "d")
    assert code == 0
    exported = list(record_format.read_rows((tmp_path / f"out.{fmt}").read_text(encoding="utf-8"), fmt))
    # Export → import → export is a fixed point, and the exported records equal the validated originals.
    code, out, _ = run("import", str(tmp_path / f"out.{fmt}"), data_dir=tmp_path / "d")
    assert code == 0 and f"{len(records)} unchanged" in out
    from service.practices.schemas import PracticeCreate

    expected = sorted((PracticeCreate.model_validate(r).record() for r in records), key=lambda r: r["id"])
    got = sorted((PracticeCreate.model_validate(raw).record() for _, raw in exported), key=lambda r: r["id"])
    assert got == expected


def test_reimporting_is_idempotent_and_an_edit_updates_in_place(tmp_path: Path) -> None:
    records = load_fixture_records()
    source = write(tmp_path / "in.json", records, "json")
    assert run("import", str(source), data_dir=tmp_path / "d")[0] == 0
    code, out, _ = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 0 and "0 new, 0 updated, 12 unchanged" in out
    records[0]["title"] = "LED high-bay lighting in a logistics warehouse, phase two"
    write(source, records, "json")
    code, out, _ = run("import", str(source), data_dir=tmp_path / "d")
    assert "0 new, 1 updated, 11 unchanged" in out
    code, exported, _ = run("export", data_dir=tmp_path / "d")
    titles = [r["title"] for r in json.loads(exported)]
    assert len(titles) == 12 and "LED high-bay lighting in a logistics warehouse, phase two" in titles


def test_records_without_id_are_not_duplicated_on_reimport(tmp_path: Path) -> None:
    records = [{k: v for k, v in r.items() if k != "id"} for r in load_fixture_records()[:3]]
    source = write(tmp_path / "in.ndjson", records, "ndjson")
    run("import", str(source), data_dir=tmp_path / "d")
    run("import", str(source), data_dir=tmp_path / "d")
    _, exported, _ = run("export", data_dir=tmp_path / "d")
    assert len(json.loads(exported)) == 3


def test_rejected_records_are_named_and_the_good_ones_still_imported(tmp_path: Path) -> None:
    good = load_fixture_records()[:2]
    lines = [json.dumps(good[0]),
             json.dumps({**good[1], "id": "bad-sector", "sectors": ["space mining"]}),
             "{not json",
             json.dumps(["not", "an", "object"]),
             json.dumps({**good[1], "id": "bad-number", "investment_eur": "lots"}),
             json.dumps(good[1])]
    source = tmp_path / "mixed.ndjson"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 1
    assert "imported 2 records" in out
    assert ("line 2 (id bad-sector): field 'sectors': 'space mining' is not a known sector; "
            "allowed: agriculture, food-beverages") in err
    assert "line 3: not valid JSON" in err
    assert "line 4: expected an object, got list" in err
    assert "line 5 (id bad-number): field 'investment_eur': expected a number" in err


def test_csv_rows_are_named_by_line_and_lists_split_on_semicolons(tmp_path: Path) -> None:
    text = ("title,summary,country,sectors,impacts,technologies,investment_eur\n"
            "Solar roof at a bakery,A bakery put photovoltaic panels on its roof last spring.,Austria,"
            "Food & beverages;Energy & utilities,Renewable energy,PV modules; inverter,35000.5\n"
            "Bad row,too short,XX,metals,energy-efficiency,,\n")
    rows = list(record_format.read_rows(text, "csv"))
    label, first = rows[0]
    assert label == "line 2" and isinstance(first, dict)
    assert first["sectors"] == ["Food & beverages", "Energy & utilities"]
    source = tmp_path / "in.csv"
    source.write_text(text, encoding="utf-8")
    code, out, err = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 1 and "imported 1 record (" in out
    assert "line 3: field 'summary'" in err and "line 3: field 'country'" in err


def test_a_missing_or_unreadable_source_fails_with_status_2(tmp_path: Path) -> None:
    code, _, err = run("import", str(tmp_path / "nope.json"), data_dir=tmp_path / "d")
    assert code == 2 and "no such file" in err
    (tmp_path / "broken.json").write_text("[{", encoding="utf-8")
    code, _, err = run("import", str(tmp_path / "broken.json"), data_dir=tmp_path / "d")
    assert code == 2 and "not valid JSON" in err
    (tmp_path / "latin1.csv").write_bytes("title\nCaf\xe9".encode("latin-1"))
    code, _, err = run("import", str(tmp_path / "latin1.csv"), data_dir=tmp_path / "d")
    assert code == 2 and "not UTF-8" in err


@respx.mock
def test_import_from_a_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    records = load_fixture_records()
    buffer = io.StringIO()
    record_format.write_records(records, "ndjson", buffer)
    respx.get("https://data.example.org/practices.ndjson").mock(
        return_value=httpx.Response(200, text=buffer.getvalue()))
    respx.get("https://data.example.org/missing.json").mock(return_value=httpx.Response(404))
    monkeypatch.setenv("GTS_DATA_DIR", str(tmp_path / "d"))
    assert main(["import", "https://data.example.org/practices.ndjson", "--no-progress"]) == 0
    assert "imported 12 records (12 new" in capsys.readouterr().out
    assert main(["import", "https://data.example.org/missing.json"]) == 2
    assert "HTTP 404" in capsys.readouterr().err


@respx.mock
def test_an_unreachable_url_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture) -> None:
    respx.get("https://down.example.org/p.json").mock(side_effect=httpx.ConnectError("refused"))
    monkeypatch.setenv("GTS_DATA_DIR", str(tmp_path / "d"))
    assert main(["import", "https://down.example.org/p.json"]) == 2
    assert "could not download" in capsys.readouterr().err


def test_validate_checks_without_importing(tmp_path: Path) -> None:
    source = write(tmp_path / "in.json", load_fixture_records()[:2] + [{"title": "x"}], "json")
    code, out, err = run("validate", str(source), data_dir=tmp_path / "d")
    assert code == 1 and "2 valid records, 1 record (5 problems) rejected" in out and "item 3: field 'title'" in err
    _, exported, _ = run("export", data_dir=tmp_path / "d")
    assert json.loads(exported) == []


def test_importing_into_an_empty_data_dir_loads_only_what_it_is_given(tmp_path: Path) -> None:
    source = write(tmp_path / "two.json", load_fixture_records()[:2], "json")
    run("import", str(source), data_dir=tmp_path / "d")
    _, exported, _ = run("export", "--format", "csv", data_dir=tmp_path / "d")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["id"] for r in rows] == sorted(r["id"] for r in load_fixture_records()[:2])


def test_the_same_id_twice_in_one_file_is_a_problem_naming_both_lines(tmp_path: Path) -> None:
    first, second = load_fixture_records()[:2]
    lines = [json.dumps(first), json.dumps({**second, "id": first["id"]})]
    source = tmp_path / "twice.ndjson"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 1
    assert f"line 2 (id {first['id']}): the same id as line 1; only the first was kept" in err
    assert "imported 1 record (1 new, 0 updated, 0 unchanged), rejected 1 record in" in out
    _, exported, _ = run("export", data_dir=tmp_path / "d")
    assert [r["title"] for r in json.loads(exported)] == [first["title"]]


def test_unknown_columns_are_named_with_the_closest_field_and_strict_rejects_them(tmp_path: Path) -> None:
    records = [{**r, "investment": 5000, "colour": "green"} for r in load_fixture_records()[:2]]
    source = write(tmp_path / "extra.json", [], "json")
    source.write_text(json.dumps(records), encoding="utf-8")
    code, out, err = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 0 and "imported 2 records" in out
    assert ("warning: unknown field 'investment' (item 1 (id " in err
            and "and 1 more record): its values were ignored; did you mean 'investment_eur'?" in err)
    assert "warning: unknown field 'colour'" in err and "the fields are: id, title" in err
    code, out, err = run("validate", str(source), "--strict", data_dir=tmp_path / "d")
    assert code == 1 and "0 valid records, 2 records (4 problems) rejected" in out
    assert "field 'investment' is not a field of the format" in err and "rejected (--strict)" in err


def test_a_semicolon_separated_csv_is_read_with_its_delimiter(tmp_path: Path) -> None:
    text = ("title;summary;country;sectors;impacts;investment_eur\n"
            "Solar roof at a bakery;A bakery put photovoltaic panels on its roof last spring.;Austria;"
            "\"Food & beverages;Energy & utilities\";Renewable energy;35000\n")
    source = tmp_path / "excel.csv"
    source.write_text(text, encoding="utf-8")
    code, out, err = run("import", str(source), data_dir=tmp_path / "d")
    assert code == 0 and "imported 1 record (1 new" in out and "separated by ';'" in err
    _, exported, _ = run("export", data_dir=tmp_path / "d")
    assert json.loads(exported)[0]["sectors"] == ["food-beverages", "energy"]


def test_a_negative_number_is_shown_as_written_and_counts_are_worded_for_one(tmp_path: Path) -> None:
    source = tmp_path / "neg.csv"
    source.write_text("title,summary,country,sectors,impacts,investment_eur\n"
                      "Solar roof at a bakery,A bakery put photovoltaic panels on its roof last spring.,AT,"
                      "agriculture,energy-efficiency,-2\n", encoding="utf-8")
    code, out, err = run("validate", str(source), data_dir=tmp_path / "d")
    assert code == 1 and "field 'investment_eur': expected a number ≥ 0, got -2" in err and "'-2" not in err
    assert "0 valid records, 1 record rejected" in out
