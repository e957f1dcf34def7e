"""Search and the REST API at national scale (issue #7): index build, search latency, first and warm API calls.

    python benchmarks/search_scale.py                                  # 100k and 1M from benchmarks' cache
    python benchmarks/search_scale.py --store 1M=/tmp/lt/store1m       # reuse a built on-disk store (read-only)
    python benchmarks/search_scale.py --scales 10k --no-write          # a quick look

For each scale it measures, in one process:

- **old**: the search index as it was before issue #7 (read from git, ``--old-rev``): built from the projection
  of the whole graph (so the projection's time counts), each query word compared with the whole vocabulary;
- **new**: :meth:`SearchIndex.from_store` (two queries: the entities and their names) with the trigram index;
- both indexes on a *large vocabulary* (the graph's names plus ``--extra-names`` made-up names, three words each),
  to show what a query costs when the vocabulary is that of a real national corpus: old scans it, new does not;
- the REST API in-process (FastAPI's TestClient, the embedded store): the first call of each route (what a user
  waits for after a start; the projection and statistics are built then) and the median of the warm calls.

The old implementation is skipped at a scale once its runs exceed ``--old-limit`` seconds (recorded as such).
Results go to the ``search_scale`` section of docs/benchmarks.md (see benchmarks/report.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from beleidsgraaf.graph import analysis  # noqa: E402
from beleidsgraaf.graph.analysis import Entity  # noqa: E402
from beleidsgraaf.graph.search import SearchIndex  # noqa: E402
from beleidsgraaf.graph.store import EmbeddedStore  # noqa: E402
from benchmarks import generate as gen  # noqa: E402
from benchmarks.report import table, write_section  # noqa: E402

SCALES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
#: Query texts: exact, prefix, inside a compound, typos, several words, a one-letter prefix.
QUERIES = ["omgevingsvisie", "omgevings", "visie", "omgevingsvsie", "warmteprogrma", "nationale omgevingsvisie",
           "programma economie", "regionale energiestrategie", "wijkvernieuwing", "o"]
#: The API calls; ``{hub}`` is the most connected document, ``{leaf}`` a programme, ``{area}`` an area.
CALLS = [
    ("zoeken / search", "/api/search?q=omgevingsvisie"),
    ("zoeken, tikfout / typo", "/api/search?q=omgevingsvsie"),
    ("zoeken met type / with type", "/api/search?q=programma&type=document"),
    ("entiteit / entity", "/api/entities/{hub}"),
    ("herkomst / lineage", "/api/entities/{leaf}/lineage"),
    ("impact (landelijke hub / national hub)", "/api/entities/{hub}/impact"),
    ("pad / path", "/api/path?from={leaf}&to={hub}"),
    ("opgave / theme", "/api/themes/duurzame-inrichting"),
    ("gebied / area", "/api/areas/{area}"),
    ("tijdlijn / timeline (one year)", "/api/timeline?from=2023&to=2023"),
    ("statistiek / stats", "/api/stats"),
    ("zoeken met opgave / with theme", "/api/search?q=programma&theme=duurzame-inrichting"),
]


def progress(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def ms(values: list[float]) -> str:
    """Median / p95 in ms."""
    if not values:
        return "–"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{statistics.median(ordered) * 1000:,.1f} / {p95 * 1000:,.1f}"


def clock(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def old_search_module(rev: str) -> ModuleType:
    """The search module as it was at git revision ``rev`` (the implementation before issue #7)."""
    text = subprocess.run(["git", "show", f"{rev}:src/beleidsgraaf/graph/search.py"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp(prefix="old-search-")) / "old_search.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("old_search", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["old_search"] = module   # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def open_store(scale: str, stores: dict[str, Path], cache: Path) -> EmbeddedStore:
    """The given on-disk store (read-only) or the generated graph loaded into a store in memory."""
    if scale in stores:
        return EmbeddedStore(stores[scale], read_only=True)
    nq = cache / f"national-{scale}-seed2024.nq"
    if not nq.exists():
        progress(f"generating {nq}")
        cache.mkdir(parents=True, exist_ok=True)
        nq.write_text("".join(gen.generate(SCALES[scale])), encoding="utf-8")
    store = EmbeddedStore(None)
    store.load_nquads(nq.read_bytes())
    return store


def made_up_entities(n: int) -> dict[str, Entity]:
    """``n`` entities with names of three made-up words each (a vocabulary of about 2.5 n words)."""
    rnd = random.Random(7)
    letters = "aeiounrstlgkdmpvbhwz"
    out = {}
    for i in range(n):
        label = " ".join("".join(rnd.choice(letters) for _ in range(rnd.randint(4, 14))) for _ in range(3))
        out[f"urn:x{i}"] = Entity(f"urn:x{i}", f"x{i}", "Nota", "document", label)
    return out


def time_queries(index: Any, reps: int, limit: float) -> tuple[list[float], bool]:
    """Wall-clock seconds of every query, ``reps`` rounds; stops (False) once ``limit`` seconds are spent."""
    out: list[float] = []
    spent = 0.0
    for _ in range(reps):
        for q in QUERIES:
            t, _hits = clock(lambda q=q: index.search(q))
            out.append(t)
            spent += t
            if spent > limit:
                return out, False
    return out, True


def bench_scale(scale: str, store: EmbeddedStore, old: ModuleType | None, args: argparse.Namespace
                ) -> dict[str, Any]:
    res: dict[str, Any] = {"scale": scale, "quads": len(store)}
    progress(f"{scale}: new index from the store")
    res["new_build"], new = clock(lambda: SearchIndex.from_store(store))
    res["entities"], res["vocabulary"] = len(new.entities), len(new.vocabulary)
    res["new_search"], _ = time_queries(new, args.reps, 1e9)
    progress(f"{scale}: projection")
    res["projection"], proj = clock(lambda: analysis.build_projection(store))
    big = {**new.entities, **made_up_entities(args.extra_names)}
    res["big_build"], big_new = clock(lambda: SearchIndex.of_entities(big))
    res["big_vocabulary"] = len(big_new.vocabulary)
    res["big_new_search"], _ = time_queries(big_new, args.reps, 1e9)
    if old is not None:
        progress(f"{scale}: old index")
        res["old_index"], old_index = clock(lambda: old.SearchIndex.of(proj))
        res["old_search"], res["old_complete"] = time_queries(old_index, args.reps, args.old_limit)
        big_proj = analysis.Projection("big", big, [], [], proj.vocab)
        res["big_old_build"], big_old = clock(lambda: old.SearchIndex.of(big_proj))
        res["big_old_search"], res["big_old_complete"] = time_queries(big_old, args.reps, args.old_limit)
    res["api"] = bench_api(store, new, args.reps)
    return res


def bench_api(store: EmbeddedStore, index: SearchIndex, reps: int) -> list[tuple[str, str, float, list[float]]]:
    """First and warm latency of the API calls (a fresh app and fresh caches)."""
    from fastapi.testclient import TestClient

    from beleidsgraaf.api.app import create_app
    from beleidsgraaf.graph import search
    from beleidsgraaf.settings import Settings

    analysis._CACHE.by_store.clear()
    search.INDEXES.by_store.clear()
    by_degree = sorted(index.entities.values(), key=lambda e: e.id)
    hub = next((e.id for e in by_degree if e.id == "nationale-omgevingsvisie"), by_degree[0].id)
    leaf = next((e.id for e in by_degree if e.id.startswith("uitvoeringsplan")), by_degree[-1].id)
    area = next((e.id for e in by_degree if e.segment == "gebied"), hub)
    app = create_app(Settings(store_path=store.path or Path("var/none")), store=store)
    out = []
    with TestClient(app) as client:
        for name, url in CALLS:
            u = url.format(hub=hub, leaf=leaf, area=area)
            first, r = clock(lambda u=u: client.get(u))
            if r.status_code != 200:
                progress(f"{u}: HTTP {r.status_code} {r.text[:200]}")
            warm = [clock(lambda u=u: client.get(u))[0] for _ in range(reps)]
            out.append((name, u, first, warm))
            progress(f"  {u}: first {first:.2f} s, warm {ms(warm)} ms")
    return out


def render(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    rows = []
    for r in results:
        old_build = (f"{r['projection']:.2f} + {r['old_index']:.2f}" if "old_index" in r else "skipped")
        old_search = ms(r["old_search"]) + ("" if r.get("old_complete", True) else
                                            f" (stopped after {args.old_limit:.0f} s)") if "old_search" in r else "–"
        rows.append([r["scale"], f"{r['quads']:,}", f"{r['entities']:,} / {r['vocabulary']:,}", old_build,
                     f"{r['new_build']:.2f}", old_search, ms(r["new_search"])])
        big_old = "–"
        if "big_old_search" in r:
            big_old = ms(r["big_old_search"]) + ("" if r["big_old_complete"] else
                                                 f" (stopped after {args.old_limit:.0f} s)")
        rows.append([f"{r['scale']} + {args.extra_names:,} made-up names", "", f"– / {r['big_vocabulary']:,}",
                     f"{r['big_old_build']:.2f}" if "big_old_build" in r else "–", f"{r['big_build']:.2f}",
                     big_old, ms(r["big_new_search"])])
    search_table = table(["scale", "quads", "entities / words", "old index build s (projection + index)",
                          "new index build s", "old search ms (median / p95)", "new search ms (median / p95)"],
                         rows)
    api_rows = []
    for r in results:
        for name, url, first, warm in r["api"]:
            api_rows.append([r["scale"], name, f"`{url}`", f"{first * 1000:,.0f}", ms(warm)])
    api_table = table(["scale", "call", "URL", "first call ms (fresh app)", "warm ms (median / p95)"], api_rows)
    return (
        "### Zoekindex / search index\n\n" + search_table + "\n\n"
        f"Queries ({len(QUERIES)}, {args.reps} rounds): " + ", ".join(f"`{q}`" for q in QUERIES) + ". "
        f"Old: the implementation at `{args.old_rev}` (index built from the projection of the whole graph; every "
        "query word compared with the whole vocabulary). New: the index read from the entities and names alone, "
        "trigram candidates. The made-up rows add names of three invented words each to the graph's, a "
        "vocabulary the size of a real national corpus.\n\n"
        "### REST API (in-process, embedded store)\n\n" + api_table + "\n\n"
        "First call: a fresh app (no projection, index or statistics yet) in the order listed, so the first call "
        "that needs the projection (the entity) pays for building it, and `/api/stats` for the statistics. "
        "Search answers before any projection exists. Warm: the median of the following calls."
    )


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scales", default="100k,1M")
    p.add_argument("--store", action="append", default=[], help="SCALE=PATH of a built on-disk store to reuse")
    p.add_argument("--cache", type=Path, default=ROOT / "var" / "bench", help="generated graphs")
    p.add_argument("--reps", type=int, default=7)
    p.add_argument("--extra-names", type=int, default=100_000)
    p.add_argument("--old-rev", default="ab4e75f", help="git revision of the old search implementation")
    p.add_argument("--old-limit", type=float, default=60.0, help="seconds of old searches per scale at most")
    p.add_argument("--skip-old", action="store_true")
    p.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    args = p.parse_args(argv)
    stores = {k: Path(v) for k, v in (s.split("=", 1) for s in args.store)}
    old = None if args.skip_old else old_search_module(args.old_rev)
    started = time.perf_counter()
    results = []
    for scale in args.scales.split(","):
        progress(f"{scale}: opening the store")
        store = open_store(scale, stores, args.cache)
        results.append(bench_scale(scale, store, old, args))
        del store
    body = render(results, args)
    body += f"\n\nTotal time {(time.perf_counter() - started) / 60:.1f} min."
    print(body)
    if not args.no_write:
        write_section("search_scale", "Zoeken en REST API op landelijke schaal / search and REST API at national "
                      "scale (benchmarks/search_scale.py)", body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
