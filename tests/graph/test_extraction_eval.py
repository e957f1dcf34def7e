"""The extraction evaluation on a small held-out corpus written for this test (a fictional town, not Hengelo):
found corpora, scores that count what was proposed and curated, pooling by counts, and a clear error for a
corpus whose records are broken."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks import extraction_eval as ev

from beleidsgraaf.errors import RecordError
from beleidsgraaf.graph.validate import check_project
from beleidsgraaf.settings import Settings

TEXT = """Jaarverslag 2024 gemeente Zandwijk

Mobiliteit

Het Mobiliteitsplan Zandwijk 2030 vormt een uitwerking van de Omgevingsvisie Zandwijk.
In 2024 werkten we aan de herinrichting van de Dorpsstraat.
"""

SOURCES = """bronnen:
  - id: zandwijk-jaarverslag-2024
    bestand: sources/zandwijk.txt
    document: jaarverslag-2024-zandwijk
    titel: "Jaarverslag 2024 gemeente Zandwijk"
    records: records
    secties:
      - {kop: "Jaarverslag 2024 gemeente Zandwijk", niveau: 1}
      - {kop: "Mobiliteit", niveau: 2}
"""

RECORDS = """bron: zandwijk-jaarverslag-2024
records:
  - id: jaarverslag-2024-zandwijk
    type: Jaarstukken
    naam: Jaarverslag 2024 gemeente Zandwijk
    citaat: "Jaarverslag 2024 gemeente Zandwijk"
  - id: mobiliteitsplan-zandwijk-2030
    type: Plan
    naam: Mobiliteitsplan Zandwijk 2030
    citaat: "Het Mobiliteitsplan Zandwijk 2030 vormt een uitwerking van de Omgevingsvisie Zandwijk."
    relaties:
      - {relatie: isUitwerkingVan, doel: omgevingsvisie-zandwijk,
         citaat: "Het Mobiliteitsplan Zandwijk 2030 vormt een uitwerking van de Omgevingsvisie Zandwijk."}
  - id: omgevingsvisie-zandwijk
    type: Omgevingsvisie
    naam: Omgevingsvisie Zandwijk
    citaat: "de Omgevingsvisie Zandwijk"
  - id: fietsnota-zandwijk
    type: Nota
    naam: Fietsnota Zandwijk
    citaat: "{missing}"
"""


def corpus_folder(root: Path, *, broken: bool = False) -> Path:
    folder = root / "zandwijk"
    (folder / "sources").mkdir(parents=True)
    (folder / "records").mkdir()
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "sources" / "zandwijk.txt").write_text(TEXT, encoding="utf-8")
    # the Fietsnota is curated but not in the text: a broken record, or (without it) one entity fewer
    records = RECORDS.replace("{missing}", "de Fietsnota Zandwijk") if broken else RECORDS.split("  - id: fiets")[0]
    (folder / "records" / "mobiliteit.yaml").write_text(records, encoding="utf-8")
    return folder


def test_a_held_out_corpus_is_found_and_scored(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path / "heldout")
    corpora = ev.heldout_corpora(tmp_path / "heldout", folder)
    assert [(c.name, c.data_dir) for c in corpora] == [("zandwijk-jaarverslag-2024", folder)]
    res = ev.evaluate(corpora[0], 0.0)
    ent_tp_p, n_proposed, ent_tp_g, n_curated = res["entities"]
    assert n_curated == 3 and ent_tp_g >= 2, "both named documents are found"
    assert n_proposed >= ent_tp_p >= 2
    assert res["kinds"]["isUitwerkingVan"][2:] == [1, 1], "the stated elaboration is found"
    assert res["explicit"] == (1, 1)


def test_pooling_adds_counts_not_percentages(tmp_path: Path) -> None:
    a = {"entities": (1, 2, 1, 4), "totals": [1, 1, 1, 10], "explicit": (1, 2), "threshold": 0.0,
         "kinds": {"gaatOver": [1, 1, 1, 10]}}
    b = {"entities": (3, 3, 3, 4), "totals": [0, 5, 0, 10], "explicit": (0, 8), "threshold": 0.0,
         "kinds": {"gaatOver": [0, 5, 0, 5], "ligtIn": [0, 0, 0, 5]}}
    pooled = ev.pooled([a, b])
    assert pooled["entities"] == (4, 5, 4, 8) and pooled["totals"] == [1, 6, 1, 20] and pooled["explicit"] == (1, 10)
    assert pooled["kinds"] == {"gaatOver": [1, 6, 1, 15], "ligtIn": [0, 0, 0, 5]}
    text = ev.render([a], [[{**a, "corpus": "a", "role": "toets"}, {**b, "corpus": "b", "role": "toets"},
                             {**b, "corpus": "c", "role": "ontwikkeling"}]])
    assert "| samen / pooled: toets | ≥ 0.00 | entiteiten / entities | 5 | 8 | 80 % | 50 % |" in text
    assert "| c (ontwikkeling / development) | ≥ 0.00 | entiteiten / entities | 3 | 4 | 100 % | 75 % |" in text, \
        "a development text is listed apart from the test texts"


def test_roles_come_from_rollen_yaml(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path / "heldout")
    assert [c.role for c in ev.heldout_corpora(tmp_path / "heldout", folder)] == ["toets"]
    (tmp_path / "heldout" / "rollen.yaml").write_text("zandwijk: ontwikkeling\n", encoding="utf-8")
    assert [c.role for c in ev.heldout_corpora(tmp_path / "heldout", folder)] == ["ontwikkeling"]
    (tmp_path / "heldout" / "rollen.yaml").write_text("zandwijk: oefening\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"rollen\.yaml: zandwijk: role 'oefening'"):
        ev.heldout_corpora(tmp_path / "heldout", folder)


def test_a_broken_corpus_names_its_file(tmp_path: Path) -> None:
    folder = corpus_folder(tmp_path / "heldout", broken=True)
    corpus = ev.Corpus("zandwijk", folder, "zandwijk-jaarverslag-2024", folder)
    with pytest.raises(RecordError, match=r"mobiliteit\.yaml"):
        ev.propose(corpus)


@pytest.mark.parametrize("corpus", ev.heldout_corpora(), ids=lambda c: c.name)
def test_the_shipped_held_out_corpora_are_valid(corpus: ev.Corpus) -> None:
    """Every quote of the held-out curation is in its text and every target exists (else its score is void)."""
    checked = check_project(corpus.data_dir, Settings().base_iri, shacl=True)
    assert checked.ok, [str(p) for p in checked.problems[:5]]
    assert corpus.role in ev.ROLES and len(checked.project.records) > 50
