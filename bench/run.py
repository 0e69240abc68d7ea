"""One benchmark run: build the corpus, then at each scale import, rebuild, search and load both servers."""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bench import corpus, datasette_peer, machine, report
from bench.http_load import run_plan
from bench.indexing import import_and_rebuild
from bench.inprocess import time_searches
from bench.queries import QUERY_MIX, first_time_queries
from bench.servers import Server, start_datasette, start_service, wait_for_read_ahead
from bench.timing import Latency
from service.settings import SEED_DIR
from service.taxonomy import load_taxonomy

CONCURRENCY = (1, 8, 32)
MAX_LOAD_REQUESTS = 50_000
PER_TYPE_TIME_LIMIT_S = 120.0
# Datasette takes seconds per faceted request at 100,000 rows: a time budget keeps the run short.
PEER_TIME_LIMIT_S = 15.0
FIRST_TIME_QUERIES = 50  # per kind: words the service has not been asked before


@dataclass
class Config:
    scales: tuple[int, ...]
    repeat: int
    load_seconds: float
    workdir: Path
    out: Path
    argv: str = ""
    seed: int = corpus.SEED


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(config: Config) -> dict[str, Any]:
    started = time.perf_counter()
    largest = max(config.scales)
    log(f"generating {largest:,} practices (seed {config.seed})")
    t0 = time.perf_counter()
    records = corpus.generate(largest, config.seed)
    corpus_seconds = time.perf_counter() - t0
    results: dict[str, Any] = {
        "machine": machine.describe(), "load_before": machine.load_average(), "argv": config.argv,
        "seed": config.seed, "repeat": config.repeat,
        "load_seconds": config.load_seconds, "corpus": corpus.describe(records), "corpus_seconds": corpus_seconds,
        "scales": [],
    }
    for size in config.scales:
        # The smaller scales are the first records of the same run: one corpus, nested samples.
        results["scales"].append(_run_scale(records[:size], config))
    results["load_after"] = machine.load_average()
    figures = report.write(results, config.out)
    print(figures)
    log(f"done in {time.perf_counter() - started:.0f} s; written to {config.out}")
    return results


def _run_scale(records: list[dict[str, Any]], config: Config) -> dict[str, Any]:
    size = len(records)
    source = corpus.write_ndjson(records, config.workdir / f"practices-{size}.ndjson")
    data_dir = config.workdir / f"data-{size}"
    shutil.rmtree(data_dir, ignore_errors=True)
    log(f"{size:,}: import and rebuild")
    build = import_and_rebuild(source, data_dir, records=size)
    log(f"{size:,}: import {build.import_s:.1f} s, rebuild {build.rebuild_s:.1f} s; searching in-process")
    scale: dict[str, Any] = {"build": build, "inprocess": time_searches(data_dir, QUERY_MIX, repeat=config.repeat)}
    log("in-process: p50 ms " + ", ".join(f"{n} {e['latency'].p50:.1f}" for n, e in scale["inprocess"].items()))

    service = start_service(data_dir)
    try:
        log(f"{size:,}: searching over HTTP")
        scale["http"] = _per_type(service, {q.name: q.path() for q in QUERY_MIX}, config.repeat,
                                  PER_TYPE_TIME_LIMIT_S, total_of=lambda body: body["total"])
        scale["first_time"] = _first_time(service, first_time_queries(records, FIRST_TIME_QUERIES))
        page_status = httpx.get(service.base_url + "/search", timeout=30).status_code
        endpoints = ["/api/search"]
        if page_status == 200:
            endpoints.append("/search")
            scale["page"] = "measured"
        else:
            missing = " (the page does not exist yet)" if page_status == 404 else ""
            scale["page"] = f"not measured: `GET /search` answered {page_status}{missing}"
        log(f"{size:,}: load at {CONCURRENCY} clients on {endpoints}")
        scale["load"] = _load(service, endpoints, config.load_seconds)
        log("load: " + ", ".join(f"{r['endpoint']} x{r['concurrency']} {r['rps']:.0f}/s p99 {r['p99']:.0f} ms"
                                 for r in scale["load"]))
        service_mb = service.peak_memory_mb()
    finally:
        service.stop()

    db = datasette_peer.build_db(records, config.workdir / f"peer{size}.db", load_taxonomy(SEED_DIR))
    peer = start_datasette(db)
    try:
        log(f"{size:,}: the same searches on Datasette")
        scale["peer"] = _per_type(peer, {q.name: datasette_peer.path_for(q, db.stem) for q in QUERY_MIX},
                                  config.repeat, PEER_TIME_LIMIT_S,
                                  total_of=lambda body: body.get("filtered_table_rows_count"))
        datasette_mb = peer.peak_memory_mb()
    finally:
        peer.stop()
    scale["memory"] = {"service_mb": service_mb, "datasette_mb": datasette_mb}
    return scale


def _per_type(server: Server, paths: dict[str, str], repeat: int, seconds: float,
              *, total_of) -> dict[str, dict]:  # type: ignore[no-untyped-def]
    """One query type at a time, one request at a time; each answer is checked once for its match count."""
    out: dict[str, dict] = {}
    for name, path in paths.items():
        answer = httpx.get(server.base_url + path, timeout=60)
        if answer.status_code != 200:
            raise RuntimeError(f"{server.name} answered {answer.status_code} to {path}: {answer.text[:500]}")
        out[name] = {"total": total_of(answer.json())}
    jobs = [{"name": name, "paths": [path], "concurrency": 1, "max_requests": repeat,
             "max_seconds": seconds, "warmup": 3} for name, path in paths.items()]
    for job in run_plan(server.port, jobs):
        if job["ok"] != job["completed"]:
            raise RuntimeError(f"{server.name}: non-200 answers for {job['name']}: {job['statuses']}")
        out[job["name"]]["latency"] = Latency.of(next(iter(job["latencies"].values())))
    log(f"{server.name}: p50 ms " + ", ".join(f"{name} {e['latency'].p50:.1f}" for name, e in out.items()))
    return out


def _first_time(server: Server, queries: dict[str, list[str]]) -> dict[str, Latency]:
    """Each query asked once, one at a time: answered without any cached full-text pass of its words (once the
    index's most frequent terms are read ahead, as they are a second or two after a start or a change)."""
    waited = wait_for_read_ahead(server)
    log(f"{server.name}: frequent terms read ahead ({waited:.1f} s waited)")
    jobs = [{"name": kind, "paths": [f"/api/search?{urlencode({'q': q})}" for q in words], "concurrency": 1,
             "max_requests": len(words), "max_seconds": PER_TYPE_TIME_LIMIT_S, "warmup": 0}
            for kind, words in queries.items()]
    out = {}
    for job in run_plan(server.port, jobs):
        if job["ok"] != job["completed"]:
            raise RuntimeError(f"{server.name}: non-200 answers for {job['name']}: {job['statuses']}")
        out[job["name"]] = Latency.of([ms for values in job["latencies"].values() for ms in values])
    log(f"{server.name} first-time: p50 ms " + ", ".join(f"{k} {v.p50:.1f}" for k, v in out.items()))
    return out


def _load(server: Server, endpoints: list[str], seconds: float) -> list[dict[str, Any]]:
    jobs = [{"name": endpoint, "paths": [q.path(endpoint) for q in QUERY_MIX], "concurrency": clients,
             "max_requests": MAX_LOAD_REQUESTS, "max_seconds": seconds, "warmup": len(QUERY_MIX)}
            for endpoint in endpoints for clients in CONCURRENCY]
    rows = []
    for job in run_plan(server.port, jobs):
        samples = [ms for values in job["latencies"].values() for ms in values]
        latency = Latency.of(samples)
        rows.append({"endpoint": job["name"], "concurrency": job["concurrency"], "rps": job["ok"] / job["elapsed_s"],
                     "p50": latency.p50, "p99": latency.p99, "errors": job["completed"] - job["ok"]
                     + sum(v for k, v in job["statuses"].items() if not k.isdigit())})
    return rows
