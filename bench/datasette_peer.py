"""The peer: the same records in a plain SQLite table with an FTS5 index, served by Datasette.

Set up the way its documentation recommends for read-only data: an external-content FTS5 table that
Datasette detects by itself, indexes on the filtered and sorted columns, `--immutable`, suggested
facets off. Lists are JSON arrays in text columns, faceted with `_facet_array`. Datasette has no typo
tolerance, its `_search` does not rank by relevance, and its facet counts are conjunctive (every
filter applies to every facet); ours are disjunctive, which costs one count per active facet.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench.queries import QueryType
from service.taxonomy import Taxonomy

SCALAR = ("id", "title", "summary", "description", "organisation", "country", "region", "company_size",
          "investment_eur", "annual_savings_eur", "payback_years", "energy_saved_mwh", "co2_avoided_t",
          "water_saved_m3", "waste_avoided_t", "year", "language", "source_url")
LISTS = ("sectors", "impacts", "key_areas", "technologies", "inputs", "outputs")
BANDS = ("investment_band", "payback_band")
FTS = ("title", "summary", "description", "technologies")
INDEXED = ("country", "company_size", "investment_band", "payback_band", "investment_eur", "payback_years",
           "annual_savings_eur", "year")
FACETS = (("_facet_array", "sectors"), ("_facet_array", "impacts"), ("_facet_array", "key_areas"),
          ("_facet", "country"), ("_facet", "company_size"), ("_facet", "investment_band"),
          ("_facet", "payback_band"))
# Our parameter -> Datasette's, for single-valued columns.
COLUMN_OF = {"country": "country", "company_size": "company_size", "investment_band": "investment_band",
             "payback_band": "payback_band"}
LIST_OF = {"sector": "sectors", "impact": "impacts", "key_area": "key_areas"}
RANGE_OF = {"investment_min": "investment_eur__gte", "investment_max": "investment_eur__lte",
            "payback_min": "payback_years__gte", "payback_max": "payback_years__lte",
            "savings_min": "annual_savings_eur__gte"}
SORT_OF = {"payback": "payback_years", "investment": "investment_eur"}


def build_db(records: list[dict[str, Any]], path: Path, taxonomy: Taxonomy) -> Path:
    path.unlink(missing_ok=True)
    columns = SCALAR + LISTS + BANDS
    conn = sqlite3.connect(path)
    declared = ", ".join(c + (" TEXT PRIMARY KEY" if c == "id" else "") for c in columns)
    conn.execute(f"CREATE TABLE practices ({declared})")
    rows = []
    for r in records:
        bands = (taxonomy.investment_band(r.get("investment_eur")), taxonomy.payback_band(r.get("payback_years")))
        rows.append(tuple(r.get(c) for c in SCALAR) + tuple(json.dumps(r.get(c) or []) for c in LISTS) + bands)
    conn.executemany(f"INSERT INTO practices ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608
                     rows)
    for column in INDEXED:
        conn.execute(f"CREATE INDEX practices_{column} ON practices ({column})")
    conn.execute(f"CREATE VIRTUAL TABLE practices_fts USING fts5({', '.join(FTS)}, content=\"practices\", "
                 "tokenize='unicode61 remove_diacritics 2')")
    conn.execute(f"INSERT INTO practices_fts (rowid, {', '.join(FTS)}) "  # noqa: S608
                 f"SELECT rowid, {', '.join(FTS)} FROM practices")
    conn.execute("INSERT INTO practices_fts (practices_fts) VALUES ('optimize')")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    return path


def path_for(query: QueryType, db_name: str) -> str:
    """Datasette's JSON API request equivalent to one of our searches: same filters, all facets, 20 rows."""
    params: list[tuple[str, str]] = []
    words = [value for key, value in query.params if key == "q"]
    if words:
        text = " ".join(words)
        if text[-1:].isspace():
            params.append(("_search", text))
        else:
            # Our last word also matches as a prefix; Datasette's raw mode is how to ask it for that.
            tokens = ['"' + t.replace('"', '""') + '"' for t in text.split()]
            params += [("_search", " ".join(tokens) + "*"), ("_searchmode", "raw")]
    for key, value in query.params:
        if key in COLUMN_OF:
            params.append((COLUMN_OF[key], value))
        elif key in LIST_OF:
            params.append((LIST_OF[key] + "__arraycontains", value))
        elif key in RANGE_OF:
            params.append((RANGE_OF[key], value))
        elif key == "sort" and value in SORT_OF:
            params.append(("_sort", SORT_OF[value]))
    if not words and not any(key == "sort" for key, _ in query.params):
        params.append(("_sort_desc", "year"))  # our browse order: newest first
    params += list(FACETS)
    params += [("_nocol", "description"), ("_size", "20")]
    return f"/{db_name}/practices.json?{urlencode(params)}"
