"""The national benchmark at tiny scale, so its scripts cannot rot: generator, engines, remote servers, HTTP."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from benchmarks import generate as gen
from benchmarks import run
from benchmarks.servers import oxigraph_binary, virtuoso_binary

BG = gen.BG


def _load(lines: list[str]) -> ox.Store:
    store = ox.Store()
    store.load("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    return store


def _ask(store: ox.Store, q: str) -> bool:
    return bool(store.query(run.PREFIXES + q, use_default_graph_as_union=True))


def test_generator_is_deterministic_and_near_the_target() -> None:
    first = list(gen.generate(20_000, seed=7))
    assert first == list(gen.generate(20_000, seed=7))
    assert first != list(gen.generate(20_000, seed=8))
    assert 0.8 * 20_000 <= len(first) <= 1.2 * 20_000
    big = gen.plan_for(1_000_000)
    assert big.municipalities == 333 and big.programmes > 1


def test_generated_graph_has_the_projects_shape_and_provenance() -> None:
    store = _load(list(gen.generate(15_000, seed=3)))
    # municipalities with TOOI IRIs in a regional partnership; provinces with real TOOI codes
    assert _ask(store, "ASK { ?g a bg:Gemeente ; bg:isLidVan ?r . ?r a bg:Samenwerkingsverband "
                       "FILTER(STRSTARTS(STR(?g), 'https://identifier.overheid.nl/tooi/id/gemeente/gm')) }")
    assert _ask(store, "ASK { <https://identifier.overheid.nl/tooi/id/provincie/pv23> a bg:Provincie }")
    # every relation triple has a claim with source document, section and quote, in the same named graph
    missing = store.query(run.PREFIXES + """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
        ?p rdfs:subPropertyOf+ bg:relatie .
        FILTER NOT EXISTS { GRAPH ?g { ?c a bg:Bewering ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                                        bg:bron ?doc ; bg:sectie ?sec ; bg:citaat ?q } } }""")
    assert next(iter(missing))["n"].value == "0"
    # a lineage chain from a plan up to the national vision (hub), and dated adoptions and funding
    assert _ask(store, "ASK { ?plan a bg:Uitvoeringsplan ; " + run.LINEAGE
                + " <https://data.beleidsgraaf.nl/id/document/nationale-omgevingsvisie> }")
    assert _ask(store, "ASK { ?d bg:vaststelling ?v . ?v bg:vroegst ?a ; bg:laatst ?b ; bg:datum ?x }")
    assert _ask(store, "ASK { ?d bg:financiering ?f . ?f bg:bedrag ?m . ?m a schema:MonetaryAmount }"
                .replace("schema:", "<https://schema.org/>").replace("<https://schema.org/>MonetaryAmount",
                                                                     "<https://schema.org/MonetaryAmount>"))
    # one named graph per annual report, plus the ontology
    graphs = {g.value for g in store.named_graphs()}
    assert "https://data.beleidsgraaf.nl/graph/ontologie" in graphs
    assert sum(g.endswith("-jaarstukken-2024") for g in graphs) >= 5


@pytest.mark.server
@pytest.mark.slow
def test_quick_run_gives_the_same_answers_on_every_engine(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    argv = ["--quick", "--cache", str(tmp_path / "cache"), "--json", str(out)]
    if oxigraph_binary() is None or virtuoso_binary() is None:
        argv += ["--skip-remote"]
    assert run.main(argv) == 0
    results = json.loads(out.read_text())
    engines = {e["engine"]: e for e in results["engines"]}
    assert {"oxigraph-disk", "oxigraph-mem", "rdflib"} <= set(engines)
    disk = engines["oxigraph-disk"]
    assert disk["quads"] > 4000
    for name, engine in engines.items():
        assert engine["quads"] == disk["quads"], name
        for q, r in engine["queries"].items():
            assert "median_ms" in r, (name, q, r)
            if q == "DESCRIBE":  # engines describe differently (concise bounded description or not)
                continue
            if q == "count per type" and name.startswith("remote-"):
                continue  # a remote default graph also holds the build record (and Virtuoso its own graphs)
            assert r["rows"] == disk["queries"][q]["rows"], (name, q)
    assert all(r["rows"] > 0 for r in disk["queries"].values())
    # the HTTP part ran against the app (the advisor API answers; rows record every endpoint tried)
    http = results["http"]
    assert any(row[2].startswith("/api/entities") and row[3][0].isdigit() for row in http), http
    # the engine's own rate: one-hop with the answer cache off, on disk and with the store copied into memory
    assert any("cache off)" in row[2] and row[3][0].isdigit() for row in http), http
    assert any("store in memory" in row[2] and row[3][0].isdigit() for row in http), http
    assert any("row SELECT" in row[2] and "peak" in row[6] for row in http), http
