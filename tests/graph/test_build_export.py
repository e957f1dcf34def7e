"""build → store → export/query: atomic builds, byte-identical exports, the CLI's output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from beleidsgraaf.cli import main
from beleidsgraaf.graph.pipeline import EXPORT_FORMATS, build, export
from beleidsgraaf.graph.store import EmbeddedStore, recover_interrupted_swap
from tests.graph.helpers import make_data

BASE = "http://ex.org"


def run_cli(*args: str, seed: str = "0") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    return subprocess.run([sys.executable, "-m", "beleidsgraaf.cli", *args], capture_output=True, env=env,
                          check=False, timeout=120)


def test_build_prints_what_it_loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_data(tmp_path)
    assert main(["build", "--data", str(data), "--store", str(tmp_path / "st"), "--base-iri", BASE]) == 0
    out = capsys.readouterr().out
    assert "5 entiteiten / entities, 1 relaties / relations, 3 gebeurtenissen / events" in out
    assert f"graaf / graph {BASE}/graph/proef" in out and f"graaf / graph {BASE}/graph/ontologie" in out
    store = EmbeddedStore(tmp_path / "st", read_only=True)
    assert store.named_graphs() == [f"{BASE}/graph/ontologie", f"{BASE}/graph/proef"]


def test_failing_build_leaves_the_store_exactly_as_it_was(tmp_path: Path) -> None:
    good = make_data(tmp_path / "good")
    store_path = tmp_path / "st"
    build(good, store_path, BASE)
    before = EmbeddedStore(store_path, read_only=True).dump_nquads()
    bad = make_data(tmp_path / "bad", """\
  - id: extra
    type: Nota
    naam: Nota
    citaat: "Deze zin staat niet in de bron"
""")
    code = main(["build", "--data", str(bad), "--store", str(store_path), "--base-iri", BASE])
    assert code == 1
    after = EmbeddedStore(store_path, read_only=True).dump_nquads()
    assert sorted(after.splitlines()) == sorted(before.splitlines())


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    store_path = tmp_path / "st"
    build(data, store_path, BASE)
    quads = len(EmbeddedStore(store_path, read_only=True))
    # a crash between "move old store aside" and "move new store in"
    store_path.rename(store_path.with_name(".st.old"))
    (tmp_path / ".st.building-999").mkdir()  # a half-built store of a killed build
    recover_interrupted_swap(store_path)
    assert len(EmbeddedStore(store_path, read_only=True)) == quads
    assert not (tmp_path / ".st.building-999").exists()


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The same sources built twice, by two processes with different hash seeds."""
    root = tmp_path_factory.mktemp("twice")
    data = make_data(root)
    stores = []
    for seed in ("1", "2"):
        store = root / f"st{seed}"
        assert run_cli("build", "--data", str(data), "--store", str(store), "--base-iri", BASE,
                       seed=seed).returncode == 0
        stores.append(store)
    return stores


@pytest.mark.parametrize("fmt", sorted(EXPORT_FORMATS))
def test_export_is_byte_identical_across_builds_and_processes(two_builds: list[Path], fmt: str) -> None:
    outputs = []
    for store, seed in zip(two_builds, ("3", "4"), strict=True):
        result = run_cli("export", "--store", str(store), "--format", fmt, seed=seed)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert b"programma-groene-wijken" in outputs[0] and b"bewering" in outputs[0]  # provenance included


def test_export_round_trips_every_quad(tmp_path: Path) -> None:
    from rdflib import Dataset

    data = make_data(tmp_path)
    build(data, tmp_path / "st", BASE)
    store = EmbeddedStore(tmp_path / "st", read_only=True)
    for fmt, rdflib_fmt in (("nquads", "nquads"), ("trig", "trig"), ("jsonld", "json-ld")):
        ds = Dataset()
        ds.parse(data=export(store, fmt).decode(), format=rdflib_fmt)
        assert len(list(ds.quads((None, None, None, None)))) == len(store), fmt


def test_query_command_prints_table_json_and_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = make_data(tmp_path)
    build(data, tmp_path / "st", BASE)
    q = "SELECT ?doel WHERE { ?p bg:isUitwerkingVan ?d . ?d dcterms:identifier ?doel }"
    assert main(["query", "--store", str(tmp_path / "st"), q]) == 0
    assert "toekomstvisie-proefstad-2040" in capsys.readouterr().out
    assert main(["query", "--store", str(tmp_path / "st"), "--format", "json", q]) == 0
    assert '"doel": "toekomstvisie-proefstad-2040"' in capsys.readouterr().out
    assert main(["query", "--store", str(tmp_path / "st"), "--format", "csv", q]) == 0
    assert capsys.readouterr().out.splitlines() == ["doel", "toekomstvisie-proefstad-2040"]
    # a malformed query is a clear error with the parser's position, not a traceback
    assert main(["query", "--store", str(tmp_path / "st"), "SELECT ?x WHERE { ?x ?y }"]) == 1
    err = capsys.readouterr().err
    assert "SPARQL syntax error at line 1, column 26" in err


def test_query_without_store_says_to_build_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "--store", str(tmp_path / "none"), "ASK {}"]) == 1
    assert "beleidsgraaf build" in capsys.readouterr().err
