"""python -m bench.language [--scale N]: the language tools measured on their own.

- language detection: accuracy on the queries of the judged sets (bench/relevance/sets/), without a
  hint and with the page's language as hint when it differs from the query's
- concepts_in: CPU microseconds per query (the judged queries) and practices per CPU second on
  generated practices (title + summary + description), the rate an index rebuild sees
- concept coverage: share of the multilingual queries whose concepts are among the concepts of a
  practice judged relevant (English text), the vocabulary's reach across languages
- start-up (importing the package and reading seed/vocabulary in a fresh process, the service's settings
  already imported), resident memory it adds, size on disk
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

from bench.corpus import generate
from service.search.language import default_vocabulary, detect_language
from service.settings import REPO_ROOT, SEED_DIR

SETS = REPO_ROOT / "bench" / "relevance" / "sets"

_STARTUP = """
import time
def rss():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024
import service.settings
before, start, cpu = rss(), time.perf_counter(), time.process_time()
from service.search.language import default_vocabulary, detect_language
vocabulary = default_vocabulary()
detect_language("Abwärmenutzung")
print(time.perf_counter() - start, time.process_time() - cpu, rss() - before)
"""


def judged_queries() -> list[dict]:
    queries = []
    for path in sorted(SETS.glob("*.json")):
        queries += json.loads(path.read_text(encoding="utf-8"))["queries"]
    return queries


def detection(queries: list[dict]) -> dict[str, dict[str, float]]:
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # right without hint, right with a wrong hint, n
    for query in queries:
        lang = query.get("lang", "en")
        wrong_hint = "en" if lang != "en" else "de"
        counts = by_lang[lang]
        counts[0] += detect_language(query["q"]) == lang
        counts[1] += detect_language(query["q"], hint=wrong_hint) == lang
        counts[2] += 1
    return {lang: {"queries": n, "no_hint": right / n, "other_hint": right_hinted / n}
            for lang, (right, right_hinted, n) in sorted(by_lang.items())}


def query_speed(queries: list[dict], rounds: int = 20) -> float:
    """CPU microseconds per query: processor time, so that other jobs on the machine do not count."""
    vocabulary = default_vocabulary()
    start = time.process_time()
    for _ in range(rounds):
        for query in queries:
            vocabulary.concepts_in(query["q"], query.get("lang", "en"))
    return (time.process_time() - start) / (rounds * len(queries)) * 1e6


def document_speed(count: int) -> tuple[float, float]:
    vocabulary = default_vocabulary()
    texts = [" ".join((r["title"], r["summary"], r["description"])) for r in generate(count)]
    rates = []
    for _ in range(2):  # the first pass fills the per-word caches, as a rebuild's first thousand practices do
        start = time.process_time()
        for text in texts:
            vocabulary.concepts_in(text, "en")
        rates.append(len(texts) / (time.process_time() - start))
    return rates[0], rates[1]


def coverage() -> dict[str, float]:
    vocabulary = default_vocabulary()
    practices = {p["id"]: p for p in json.loads((SEED_DIR / "practices.json").read_text(encoding="utf-8"))}
    concepts_of = {}
    for pid, p in practices.items():
        text = " ".join((p["title"], p["summary"], p["description"], " ".join(p.get("technologies", []))))
        concepts_of[pid] = {m.concept_id for m in vocabulary.concepts_in(text, p.get("language", "en"))}
    by_lang: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    data = json.loads((SETS / "multilingual.json").read_text(encoding="utf-8"))
    for query in data["queries"]:
        found = {m.concept_id for m in vocabulary.concepts_in(query["q"], query["lang"])}
        shared = any(found & concepts_of[pid] for pid in query["relevant"])
        by_lang[query["lang"]][0] += shared
        by_lang[query["lang"]][1] += 1
    return {lang: hit / n for lang, (hit, n) in sorted(by_lang.items())}


def startup() -> tuple[float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    out = subprocess.run([sys.executable, "-c", _STARTUP], capture_output=True, text=True, check=True, env=env,
                         cwd=REPO_ROOT).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def disk_size() -> int:
    folders = [SEED_DIR / "vocabulary", REPO_ROOT / "service" / "search" / "language"]
    return sum(p.stat().st_size for folder in folders for p in folder.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.language", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10_000, help="generated practices for the document rate")
    args = parser.parse_args(argv)
    queries = judged_queries()
    vocabulary = default_vocabulary()
    results = {
        "vocabulary": {"concepts": len(vocabulary.concepts), "languages": len(vocabulary.languages)},
        "detection": detection(queries),
        "concepts_in_us_per_query": query_speed(queries),
        "concepts_in_practices_per_s": dict(zip(("first_pass", "warm"), document_speed(args.scale), strict=True)),
        "concept_coverage_multilingual": coverage(),
        "startup_wall_s_cpu_s_rss_mib": startup(),
        "disk_bytes": disk_size(),
    }
    print(json.dumps(results, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
