"""Mixed load on a running beleidsgraaf server: every query form, API calls, pages and authenticated updates.

    BELEIDSGRAAF_WRITE_TOKEN=... python benchmarks/load.py --url http://127.0.0.1:8000 --seconds 60 --clients 4

Readers send SELECT, ASK, CONSTRUCT and DESCRIBE queries, REST API calls and entity pages in turn; one writer
sends updates that each move a counter and add a numbered marker (one request, one transaction). Afterwards
the markers are checked: every acknowledged update is there exactly once, nothing else is. Latency
percentiles per kind of request are written to ``docs/load.md`` (``--output``). Exit status 1 when any request
failed or an update was lost or applied twice.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BASE = "https://data.beleidsgraaf.nl"
DOC = f"{BASE}/id/document"
BG = "PREFIX bg: <https://w3id.org/beleidsgraaf/def#>\n"
G = "http://example.org/load"
EX = "http://example.org/load#"
RESULTS = {"Accept": "application/sparql-results+json"}

READS: list[tuple[str, str, dict[str, str], dict[str, str]]] = [
    ("SELECT", "/sparql", {"query": BG + f"SELECT ?org WHERE {{ <{DOC}/rsia> bg:opgesteldDoor ?org }}"}, RESULTS),
    ("SELECT (agg)", "/sparql", {"query": "SELECT ?t (COUNT(*) AS ?n) WHERE { ?s a ?t } GROUP BY ?t"}, RESULTS),
    ("ASK", "/sparql", {"query": BG + f"ASK {{ <{DOC}/ros-twente> bg:isUitwerkingVan <{DOC}/rsia> }}"}, RESULTS),
    ("CONSTRUCT", "/sparql", {"query": f"CONSTRUCT WHERE {{ <{DOC}/rsia> ?p ?o }}"}, {"Accept": "text/turtle"}),
    ("DESCRIBE", "/sparql", {"query": f"DESCRIBE <{DOC}/ros-twente>"}, {"Accept": "application/n-triples"}),
    ("api search", "/api/search", {"q": "omgevingsvsie"}, {}),
    ("api entity", "/api/entities/ros-twente", {}, {}),
    ("api lineage", "/api/entities/ros-twente/lineage", {"depth": "3"}, {}),
    ("api path", "/api/path", {"from": "ros-twente", "to": "rsia"}, {}),
    ("api timeline", "/api/timeline", {"from": "2024", "to": "2027"}, {}),
    ("page", "/doc/document/rsia", {}, {"Accept": "text/html"}),
]
UPDATE = (
    f"PREFIX ex: <{EX}>\n"
    f"DELETE {{ GRAPH <{G}> {{ ex:counter ex:value ?old }} }}\n"
    f"INSERT {{ GRAPH <{G}> {{ ex:counter ex:value ?new . ex:%(id)s ex:seq ?new }} }}\n"
    f"WHERE {{ OPTIONAL {{ GRAPH <{G}> {{ ex:counter ex:value ?old }} }} BIND (COALESCE(?old, 0) + 1 AS ?new) }}"
)


@dataclass
class Tally:
    """Latencies (seconds) per kind of request, errors, and the acknowledged updates."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float, error: str | None = None) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            if error:
                self.errors.append(f"{kind}: {error}")


def _timed(tally: Tally, kind: str, call: Callable[[], httpx.Response]) -> httpx.Response | None:
    start = time.perf_counter()
    try:
        r = call()
    except httpx.HTTPError as exc:
        tally.record(kind, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
        return None
    tally.record(kind, time.perf_counter() - start, None if r.status_code < 400 else f"{r.status_code} {r.text[:200]}")
    return r


def reader(url: str, until: float, tally: Tally, offset: int) -> None:
    with httpx.Client(base_url=url, timeout=120) as client:
        i = offset
        while time.monotonic() < until:
            kind, path, params, headers = READS[i % len(READS)]
            i += 1
            _timed(tally, kind, lambda: client.get(path, params=params, headers=headers))  # noqa: B023


def writer(url: str, token: str, until: float, tally: Tally, name: str, interval: float) -> None:
    headers = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, timeout=120) as client:
        k = 0
        while time.monotonic() < until:
            marker = f"{name}u{k}"
            k += 1
            body = (UPDATE % {"id": marker}).encode()
            r = _timed(tally, "UPDATE", lambda: client.post("/sparql", content=body, headers=headers))  # noqa: B023
            if r is not None and r.status_code == 200:
                with tally.lock:
                    tally.acknowledged.append(marker)
            time.sleep(interval)


def verify(url: str, tally: Tally) -> dict[str, object]:
    """Compare the markers in the store with the acknowledged updates."""
    query = (f"SELECT ?m ?seq WHERE {{ GRAPH <{G}> {{ ?m <{EX}seq> ?seq }} }}")
    rows = httpx.get(url + "/sparql", params={"query": query}, headers=RESULTS, timeout=120).json()
    found = [(b["m"]["value"].removeprefix(EX), int(b["seq"]["value"])) for b in rows["results"]["bindings"]]
    counter = httpx.get(url + "/sparql", headers=RESULTS, timeout=120, params={
        "query": f"SELECT ?v WHERE {{ GRAPH <{G}> {{ <{EX}counter> <{EX}value> ?v }} }}"}).json()
    counters = [int(b["v"]["value"]) for b in counter["results"]["bindings"]]
    markers = [m for m, _ in found]
    seqs = sorted(s for _, s in found)
    acked = set(tally.acknowledged)
    return {
        "acknowledged": len(acked),
        "present": len(set(markers)),
        "lost": sorted(acked - set(markers)),
        "unacknowledged_present": sorted(set(markers) - acked),
        "duplicated": sorted({m for m in markers if markers.count(m) > 1}),
        "counter": counters,
        "sequence_ok": seqs == list(range(1, len(seqs) + 1)) and counters == ([len(seqs)] if seqs else []),
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(url: str, token: str, seconds: float, clients: int, interval: float = 1.0) -> dict[str, object]:
    """Run the mixed load and verify the updates; return the summary (see :func:`report`)."""
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=reader, args=(url, until, tally, i * 3)) for i in range(clients)]
    threads.append(threading.Thread(target=writer, args=(url, token, until, tally, "w0", interval)))
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    check = verify(url, tally)
    kinds = {kind: {"n": len(v), "p50": percentile(v, 0.5), "p90": percentile(v, 0.9),
                    "p99": percentile(v, 0.99), "max": max(v), "mean": statistics.fmean(v)}
             for kind, v in sorted(tally.latencies.items())}
    total = sum(len(v) for v in tally.latencies.values())
    return {"seconds": round(elapsed, 1), "clients": clients + 1, "requests": total,
            "throughput": round(total / elapsed, 1), "errors": tally.errors, "kinds": kinds, "updates": check}


def report(summary: dict[str, object], machine: str) -> str:
    kinds: dict[str, dict[str, float]] = summary["kinds"]  # type: ignore[assignment]
    upd: dict[str, object] = summary["updates"]  # type: ignore[assignment]
    errors: list[str] = summary["errors"]  # type: ignore[assignment]
    lines = [
        "# Belastingstest / load test",
        "",
        "Written by `python benchmarks/load.py` (also run by `tests/security/test_load.py`). A mixed workload from "
        "concurrent clients against a live `beleidsgraaf serve` on loopback: SELECT, ASK, CONSTRUCT and DESCRIBE "
        "queries, REST API calls and entity pages from reader clients, and authenticated SPARQL updates from one "
        "writer (each update moves a counter and adds a numbered marker, so lost or doubled updates show).",
        "",
        f"- machine: {machine}",
        f"- duration: {summary['seconds']} s, clients: {summary['clients']} (readers + 1 writer; the writer pauses "
        f"1 s between updates), "
        f"requests: {summary['requests']}, throughput: {summary['throughput']} requests/s",
        f"- errors: {len(errors)}",
        f"- updates: {upd['acknowledged']} acknowledged, {upd['present']} present afterwards, "
        f"lost: {len(upd['lost'])}, duplicated: {len(upd['duplicated'])}, "  # type: ignore[arg-type]
        f"present without acknowledgement: {len(upd['unacknowledged_present'])}, "  # type: ignore[arg-type]
        f"counter and sequence consistent: {upd['sequence_ok']}",
        "",
        "| request | n | p50 ms | p90 ms | p99 ms | max ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for kind, k in kinds.items():
        lines.append(f"| {kind} | {int(k['n'])} | {k['p50'] * 1000:.0f} | {k['p90'] * 1000:.0f} | "
                     f"{k['p99'] * 1000:.0f} | {k['max'] * 1000:.0f} |")
    lines += ["", "Latencies depend on the machine and on what else runs on it; the test asserts correctness "
              "(no errors, no lost or doubled updates), never these numbers.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=4, help="reader clients (one writer is added)")
    parser.add_argument("--write-interval", type=float, default=1.0, help="seconds between updates")
    parser.add_argument("--output", type=Path, default=Path(__file__).resolve().parents[1] / "docs" / "load.md")
    parser.add_argument("--json", type=Path, help="also write the summary as JSON")
    args = parser.parse_args(argv)
    token = os.environ.get("BELEIDSGRAAF_WRITE_TOKEN", "")
    if not token:
        print("BELEIDSGRAAF_WRITE_TOKEN is not set: the writer needs it", file=sys.stderr)
        return 2
    summary = run(args.url.rstrip("/"), token, args.seconds, args.clients, args.write_interval)
    machine = f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    args.output.write_text(report(summary, machine), encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    upd: dict[str, object] = summary["updates"]  # type: ignore[assignment]
    bad = summary["errors"] or upd["lost"] or upd["duplicated"] or upd["unacknowledged_present"] \
        or not upd["sequence_ok"]
    print(f"{summary['requests']} requests, {len(summary['errors'])} errors, "  # type: ignore[arg-type]
          f"{upd['acknowledged']} updates; report: {args.output}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
