"""Read-only engines that serve a copy of the store in memory (``BELEIDSGRAAF_STORE_IN_MEMORY``)."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from beleidsgraaf.errors import ConfigurationError, StoreError
from beleidsgraaf.graph.engine import QueryRequest, UpdateRequest
from beleidsgraaf.graph.engine_process import ProcessEngine, open_engine
from beleidsgraaf.graph.store import EmbeddedStore, copy_to_memory
from beleidsgraaf.settings import Settings

COUNT_PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def test_copy_keeps_every_quad_graph_and_shared_blank_node(tmp_path: Path) -> None:
    disk = ox.Store(str(tmp_path / "st"))
    ex = "http://voorbeeld.nl/"
    disk.bulk_load(f'_:gedeeld <{ex}p> "in ĳ g1"@nl <{ex}g1> .\n_:gedeeld <{ex}p> "in g2" <{ex}g2> .\n'
                   f'<{ex}s> <{ex}p> _:gedeeld .\n'.encode(), format=ox.RdfFormat.N_QUADS)
    copy = copy_to_memory(disk)
    assert quads(copy) == quads(disk)
    same = copy.query(f"ASK {{ GRAPH <{ex}g1> {{ ?b <{ex}p> ?x }} GRAPH <{ex}g2> {{ ?b <{ex}p> ?y }} <{ex}s> <{ex}p> ?b }}")
    assert bool(same), "a blank node in several graphs must stay one node"


def test_copy_of_the_hengelo_store_is_complete(hengelo_store: EmbeddedStore) -> None:
    assert quads(copy_to_memory(hengelo_store.raw)) == quads(hengelo_store.raw)


def _open_store_files(pid: int, store: Path) -> list[str]:
    fd_dir = Path(f"/proc/{pid}/fd")
    out = []
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(store.resolve())):
            out.append(target)
    return out


def test_in_memory_engine_answers_the_same_and_holds_no_store_file(built_store_path: Path) -> None:
    disk = ProcessEngine(built_store_path, read_only=True, check_shapes=False)
    memory = ProcessEngine(built_store_path, read_only=True, in_memory=True, check_shapes=False)
    try:
        request = QueryRequest(COUNT_PER_GRAPH, "json")
        assert memory.run_query(request).body == disk.run_query(request).body
        assert disk.pid is not None and memory.pid is not None
        assert _open_store_files(disk.pid, built_store_path), "the on-disk reader keeps the store's files open"
        assert _open_store_files(memory.pid, built_store_path) == []
        with pytest.raises(StoreError, match="read-only"):
            memory.call(UpdateRequest("INSERT DATA { <http://voorbeeld.nl/a> <http://voorbeeld.nl/b> 1 }"))
    finally:
        disk.close()
        memory.close()


def test_a_copy_in_memory_needs_a_read_only_store(built_store_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="BELEIDSGRAAF_STORE_IN_MEMORY"):
        ProcessEngine(built_store_path, in_memory=True)
    settings = Settings(store_path=tmp_path / "leeg", store_in_memory=True)
    with pytest.raises(ConfigurationError, match="BELEIDSGRAAF_READ_ONLY"):
        open_engine(settings, read_only=False)
    assert not (tmp_path / "leeg").exists(), "nothing is created for a refused configuration"
