"""The record format on disk: JSON arrays, NDJSON and CSV, read into raw rows and written from records.

Readers yield (label, raw) pairs, where label names the record for error messages ("line 7", "item 3")
and raw is a dict, or an error string when the row itself could not be read. Validation of a raw row is
the schema's job (service.practices.schemas); fetching the text is the caller's (indexer.sources).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from service.practices.schemas import LIST_FIELDS, RECORD_FIELDS
from service.practices.spreadsheet import safe_cell

Row = tuple[str, dict[str, Any] | str]
FORMATS = ("json", "ndjson", "csv")


class RecordFormatError(Exception):
    """The text as a whole cannot be read in the format (not JSON at all, not an array, unknown format)."""


def detect_format(name: str, text: str) -> str:
    lowered = name.lower().split("?", 1)[0]
    for ending, fmt in ((".ndjson", "ndjson"), (".jsonl", "ndjson"), (".json", "json"), (".csv", "csv")):
        if lowered.endswith(ending):
            return fmt
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "json"
    if stripped.startswith("{"):
        return "ndjson"
    return "csv"


def read_rows(text: str, fmt: str) -> Iterator[Row]:
    if fmt == "json":
        yield from _json_rows(text)
    elif fmt == "ndjson":
        yield from _ndjson_rows(text)
    elif fmt == "csv":
        yield from _csv_rows(text)
    else:
        raise RecordFormatError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")


def _json_rows(text: str) -> Iterator[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordFormatError(f"not valid JSON: {exc}") from exc
    if isinstance(data, dict) and isinstance(data.get("practices"), list):
        data = data["practices"]
    if not isinstance(data, list):
        raise RecordFormatError("expected a JSON array of practice objects")
    for number, item in enumerate(data, start=1):
        yield f"item {number}", item if isinstance(item, dict) else f"expected an object, got {type(item).__name__}"


def _ndjson_rows(text: str) -> Iterator[Row]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield f"line {number}", f"not valid JSON: {exc.msg}"
            continue
        yield f"line {number}", item if isinstance(item, dict) else f"expected an object, got {type(item).__name__}"


def csv_delimiter(text: str) -> str:
    """',' as the format says, unless the header has none and is split by ';' or a tab instead (as
    spreadsheets write CSV in many European locales). A list cell of such a file is quoted, so its ';'
    between items still reads as one cell."""
    header = text.split("\n", 1)[0]
    if "," in header:
        return ","
    for candidate in (";", "\t"):
        if candidate in header:
            return candidate
    return ","


def _csv_rows(text: str) -> Iterator[Row]:
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    if not reader.fieldnames:
        return
    for row in reader:
        # Line numbers count the header as line 1; a quoted cell may span lines, so ask the reader.
        label = f"line {reader.line_num}"
        if None in row:
            yield label, "more cells than header columns"
            continue
        record: dict[str, Any] = {}
        for key, value in row.items():
            key = (key or "").strip()
            if not key or value is None or not value.strip():
                continue  # an empty cell means unknown
            record[key] = [v.strip() for v in value.split(";") if v.strip()] if key in LIST_FIELDS else value
        yield label, record


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: IO[str], *,
                  for_spreadsheets: bool = False) -> None:
    """Write records in the interchange format; import(export(x)) == x.

    `for_spreadsheets`: CSV text cells that a spreadsheet would run as formulas get a leading quote
    (service.practices.spreadsheet); the file is then for people, no longer an exact round trip.
    """
    cell = safe_cell if for_spreadsheets else _same
    if fmt == "json":
        json.dump(records, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "ndjson":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=list(RECORD_FIELDS), lineterminator="\n")
        writer.writeheader()
        for record in records:
            writer.writerow({k: cell(";".join(v) if isinstance(v, list) else _csv_number(v))
                             for k, v in record.items()})
    else:
        raise RecordFormatError(f"unknown format {fmt!r}; allowed: {', '.join(FORMATS)}")


def _same(value: Any) -> Any:
    return value


def _csv_number(value: Any) -> Any:
    return repr(value) if isinstance(value, float) else value
