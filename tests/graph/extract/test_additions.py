"""Statements of a new source about entities defined in another source's records (``aanvullingen``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from beleidsgraaf.cli import main
from beleidsgraaf.graph.extract.review import ReviewFile
from beleidsgraaf.graph.pipeline import build
from beleidsgraaf.graph.records import load_project
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.graph.validate import check_project

BASE = "https://data.beleidsgraaf.nl"
#: Written for this test: a letter from a neighbouring town that says something about the (Hengelo-curated)
#: ROS Twente, so the accepted statement's subject is an entity another source defines.
ALMELO = """Raadsinformatiebrief Wonen Almelo 2026

De ROS Twente geeft invulling aan de Regionale Woonagenda Twente 2030.
De Woonvisie Almelo 2030 vormt een uitwerking van de ROS Twente.
"""


@pytest.fixture()
def hengelo_data(data_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the project's data folder (Hengelo records included)."""
    target = tmp_path / "data"
    shutil.copytree(data_dir, target)
    return target


def _extract_and_accept(hengelo_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str] | None = None
                        ) -> Path:
    text = tmp_path / "almelo.txt"
    text.write_text(ALMELO, encoding="utf-8")
    out = tmp_path / "almelo.voorstel.yaml"
    assert main(["extract", str(text), "--data", str(hengelo_data), "--source-id", "almelo-rib-2026",
                 "--source-title", "Raadsinformatiebrief Wonen Almelo 2026", "-o", str(out)]) == 0
    ros = next(r for r in ReviewFile.load(out).records if r["id"] == "ros-twente")
    assert ros["bekend"] is True and ros["relaties"][0]["doel"] == "regionale-woonagenda-twente-2030"
    if capsys is not None:
        capsys.readouterr()
    assert main(["review", str(out), "--data", str(hengelo_data), "--accept-all", "--no-shacl"]) == 0
    if capsys is not None:
        assert "over 1 bekende entiteit(en), als aanvullingen" in capsys.readouterr().out
    return hengelo_data / "almelo-rib-2026" / "voorstellen.yaml"


def test_accepted_statement_about_a_known_entity_is_written_as_addition_and_built(
        hengelo_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    written = _extract_and_accept(hengelo_data, tmp_path, capsys)
    content = yaml.safe_load(written.read_text(encoding="utf-8"))
    assert [r["id"] for r in content["records"]] == [
        "raadsinformatiebrief-wonen-almelo-2026", "regionale-woonagenda-twente-2030", "woonvisie-almelo-2030"]
    # the known entity is not redefined: only its id and the new statement
    assert content["aanvullingen"] == [{"id": "ros-twente", "relaties": [{
        "relatie": "geeftUitvoeringAan", "doel": "regionale-woonagenda-twente-2030",
        "citaat": "ROS Twente geeft invulling aan de Regionale Woonagenda Twente 2030"}]}]
    # validate (with SHACL) and build accept it; the statement is in the new source's graph with its claim
    build(hengelo_data, tmp_path / "store", BASE)
    store = EmbeddedStore(tmp_path / "store", read_only=True)
    rows = store.select("""
        PREFIX bg: <https://w3id.org/beleidsgraaf/def#>
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX dcterms: <http://purl.org/dc/terms/>
        SELECT ?g ?quote ?bron WHERE {
          ?s dcterms:identifier "ros-twente" . ?o dcterms:identifier "regionale-woonagenda-twente-2030" .
          GRAPH ?g { ?s bg:geeftUitvoeringAan ?o .
                     ?c rdf:subject ?s ; rdf:predicate bg:geeftUitvoeringAan ; rdf:object ?o ;
                        bg:citaat ?quote ; bg:bron ?bron . }
        }""")
    assert len(rows) == 1
    assert rows[0]["g"].value == f"{BASE}/graph/almelo-rib-2026"
    assert rows[0]["quote"].value == "ROS Twente geeft invulling aan de Regionale Woonagenda Twente 2030"
    assert rows[0]["bron"].value.endswith("/raadsinformatiebrief-wonen-almelo-2026")
    # ROS Twente keeps its one definition (its label comes from the Hengelo records only)
    labels = store.select("""
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?g WHERE { ?s dcterms:identifier "ros-twente" . GRAPH ?g { ?s skos:prefLabel ?l } }""")
    assert {r["g"].value for r in labels} == {f"{BASE}/graph/hengelo-jaarstukken-2024-h5-1"}


def _addition_file(data: Path, body: str) -> Path:
    path = data / "hengelo" / "zz-aanvulling.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_addition_problems_are_reported_with_file_and_line(hengelo_data: Path, tmp_path: Path) -> None:
    _extract_and_accept(hengelo_data, tmp_path)
    folder = hengelo_data / "almelo-rib-2026"
    path = folder / "extra.yaml"
    path.write_text(
        "bron: almelo-rib-2026\n"
        "aanvullingen:\n"
        "  - id: ros-twent\n"                                   # line 3: no such id
        "    relaties:\n"
        "      - {relatie: verwijstNaar, doel: woonvisie-almelo-2030, citaat: De ROS Twente}\n"
        "  - id: woonvisie-almelo-2030\n"                       # line 6: defined in this same source
        "    relaties:\n"
        "      - {relatie: verwijstNaar, doel: ros-twente, citaat: De ROS Twente}\n"
        "  - id: ros-twente\n"                                  # line 9: redefines the entity
        "    naam: ROS\n"
        "    relaties:\n"
        "      - {relatie: verwijstNaar, doel: woonvisie-almelo-2030, citaat: De ROS Twente}\n"
        "  - id: gemeente-hengelo\n"                            # line 13: nothing added
        , encoding="utf-8")
    result = check_project(hengelo_data, BASE, shacl=False)
    by_line = {(p.location.path.name, p.location.line): p.message for p in result.problems if p.location}
    assert "ros-twent" in by_line[("extra.yaml", 3)] and "ros-twente" in by_line[("extra.yaml", 3)]  # hint
    assert "same source" in by_line[("extra.yaml", 6)]
    assert "unknown key 'naam'" in by_line[("extra.yaml", 10)]
    assert "adds no statements" in by_line[("extra.yaml", 13)]
    assert len(result.problems) == 4, [str(p) for p in result.problems]


def test_addition_quote_must_occur_in_its_own_source(hengelo_data: Path, tmp_path: Path) -> None:
    _extract_and_accept(hengelo_data, tmp_path)
    (hengelo_data / "almelo-rib-2026" / "extra.yaml").write_text(
        "bron: almelo-rib-2026\n"
        "aanvullingen:\n"
        "  - id: ros-twente\n"
        "    relaties:\n"
        "      - {relatie: verwijstNaar, doel: woonvisie-almelo-2030,\n"
        "         citaat: Ruimtelijke OntwikkelStrategie Twente (ROS Twente)}\n",  # in Hengelo's text only
        encoding="utf-8")
    result = check_project(hengelo_data, BASE, shacl=False)
    assert [(p.code, p.location.line if p.location else None) for p in result.problems] == [("quote", 5)]
    assert load_project(hengelo_data).additions[-1].source == "almelo-rib-2026"
