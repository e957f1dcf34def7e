"""From file to reviewed, validated records: `beleidsgraaf extract` then `beleidsgraaf review`."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from beleidsgraaf.cli import main
from beleidsgraaf.errors import InvalidParameter
from beleidsgraaf.graph.extract.review import ReviewFile, apply_decision
from beleidsgraaf.graph.validate import check_project

BASE = "https://data.beleidsgraaf.nl"
TITLE = "Programmabegroting 2026 gemeente Zwolle"


def _extract(zwolle_file: Path, data: Path, out: Path) -> None:
    code = main(["extract", str(zwolle_file), "--data", str(data), "--source-title", TITLE,
                 "--source-id", "zwolle-begroting-2026", "-o", str(out)])
    assert code == 0


def test_accept_all_writes_records_that_validate_and_build(zwolle_file: Path, empty_data: Path,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "zwolle.voorstel.yaml"
    _extract(zwolle_file, empty_data, out)
    # SHACL is left to the validator's own tests (the shapes are still changing); references, quotes,
    # dates and cycles are checked here
    assert main(["review", str(out), "--data", str(empty_data), "--accept-all", "--no-shacl"]) == 0
    records_file = empty_data / "zwolle-begroting-2026" / "voorstellen.yaml"
    written = yaml.safe_load(records_file.read_text(encoding="utf-8"))
    assert written["bron"] == "zwolle-begroting-2026"
    assert "zekerheid" not in records_file.read_text(encoding="utf-8")  # review metadata is not a record key
    assert (empty_data / "sources" / "zwolle-begroting-2026.txt").read_text(encoding="utf-8") == \
        zwolle_file.read_text(encoding="utf-8")
    sources = yaml.safe_load((empty_data / "sources.yaml").read_text(encoding="utf-8"))
    assert [b["id"] for b in sources["bronnen"]] == ["zwolle-begroting-2026"]
    result = check_project(empty_data, BASE, shacl=False)
    assert result.ok, [str(p) for p in result.problems]
    ids = {r.id for r in result.project.records}
    assert {"woonvisie-zwolle-2030", "gemeente-zwolle", "programmabegroting-2026-gemeente-zwolle"} <= ids
    # the whole review file is marked as decided
    assert ReviewFile.load(out).counts()["voorgesteld"] == 0


def test_decisions_from_a_file_accept_edit_and_reject(zwolle_file: Path, empty_data: Path,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "z.yaml"
    _extract(zwolle_file, empty_data, out)
    review = ReviewFile.load(out)
    proposals = review.proposals()
    lines = []
    for p in proposals:
        if p.section is None and p.record["id"] == "woonvisie-zwolle-2030":
            lines.append("e type=Omgevingsvisie; naam=Woonvisie Zwolle 2030")
        elif p.section is None and p.record["id"] == "klimaat":
            lines.append("r")
        else:
            lines.append("a")
    decisions = tmp_path / "beslissingen.txt"
    decisions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["review", str(out), "--data", str(empty_data), "--decisions", str(decisions),
                 "--no-shacl"]) == 0
    after = {r["id"]: r for r in ReviewFile.load(out).records}
    assert after["woonvisie-zwolle-2030"]["type"] == "Omgevingsvisie"
    assert after["klimaat"]["voorstel"]["status"] == "afgewezen"
    written = yaml.safe_load((empty_data / "zwolle-begroting-2026" / "voorstellen.yaml").read_text("utf-8"))
    ids = {r["id"]: r for r in written["records"]}
    assert ids["woonvisie-zwolle-2030"]["type"] == "Omgevingsvisie"
    assert "klimaat" not in ids
    # statements pointing at the rejected theme were left out, not written dangling
    assert all(rel["doel"] != "klimaat" for r in written["records"] for rel in r.get("relaties", []))
    assert check_project(empty_data, BASE, shacl=False).ok


def test_nothing_is_written_without_decisions_or_when_invalid(zwolle_file: Path, empty_data: Path,
                                                              tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "z.yaml"
    _extract(zwolle_file, empty_data, out)
    before = (empty_data / "sources.yaml").read_text(encoding="utf-8")
    # stdin closes at once: nothing decided, the source document is not accepted → nothing written
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["review", str(out), "--data", str(empty_data)]) == 1
    assert (empty_data / "sources.yaml").read_text(encoding="utf-8") == before
    # accept all, but break a quote by hand: validation fails and nothing is written
    review = ReviewFile.load(out)
    review.records[1]["citaat"] = "Deze zin staat niet in de bron."
    review.save()
    assert main(["review", str(out), "--data", str(empty_data), "--accept-all", "--no-shacl"]) == 1
    assert (empty_data / "sources.yaml").read_text(encoding="utf-8") == before
    assert not (empty_data / "zwolle-begroting-2026").exists()


def test_scripted_stdin_decisions(zwolle_file: Path, empty_data: Path, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "z.yaml"
    _extract(zwolle_file, empty_data, out)
    monkeypatch.setattr("sys.stdin", io.StringIO("a\nr\nq\n"))
    assert main(["review", str(out), "--data", str(empty_data), "--no-write"]) == 0
    counts = ReviewFile.load(out).counts()
    assert (counts["geaccepteerd"], counts["afgewezen"]) == (1, 1)
    shown = capsys.readouterr().out
    assert "zekerheid / confidence" in shown and "»" in shown
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    assert main(["review", str(out), "--data", str(empty_data), "--no-write"]) == 1


def test_min_confidence_accepts_above_and_rejects_below(zwolle_file: Path, empty_data: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "z.yaml"
    _extract(zwolle_file, empty_data, out)
    assert main(["review", str(out), "--data", str(empty_data), "--min-zekerheid", "0.7", "--no-write"]) == 0
    for p in ReviewFile.load(out).proposals():
        assert p.status == ("geaccepteerd" if p.confidence >= 0.7 else "afgewezen")


def test_renaming_an_id_updates_every_reference_in_the_review_file(zwolle_file: Path, empty_data: Path,
                                                                   tmp_path: Path) -> None:
    out = tmp_path / "z.yaml"
    _extract(zwolle_file, empty_data, out)
    before = ReviewFile.load(out)
    refs = [(r["id"], s, i.get("doel") or i.get("door")) for r in before.records for s in ("relaties",
            "vaststellingen", "financieringen") for i in r.get(s, []) if "woonvisie-zwolle-2030" in
            (i.get("doel"), i.get("door"))]
    subject_statements = len(next(r for r in before.records if r["id"] == "woonvisie-zwolle-2030")["relaties"])
    assert refs and subject_statements  # the Zwolle text refers to the Woonvisie and states things about it
    lines = []
    for p in before.proposals():
        if p.section is None and p.record["id"] == "woonvisie-zwolle-2030":
            lines.append("e id=woonvisie-2030")
        elif p.section is None and p.record["id"] == "programmabegroting-2026-gemeente-zwolle":
            lines.append("e id=begroting-zwolle-2026")  # the source document: bron.document follows
        else:
            lines.append("a")
    decisions = tmp_path / "beslissingen.txt"
    decisions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["review", str(out), "--data", str(empty_data), "--decisions", str(decisions),
                 "--no-shacl"]) == 0
    after = ReviewFile.load(out)
    text = out.read_text(encoding="utf-8")
    assert "woonvisie-zwolle-2030" not in text and "programmabegroting-2026-gemeente-zwolle" not in text
    assert after.source["document"] == "begroting-zwolle-2026"
    written = yaml.safe_load((empty_data / "zwolle-begroting-2026" / "voorstellen.yaml").read_text("utf-8"))
    by_id = {r["id"]: r for r in written["records"]}
    assert len(by_id["woonvisie-2030"]["relaties"]) == subject_statements
    moved = [(r["id"], s, i.get("doel") or i.get("door")) for r in written["records"] for s in (
             "relaties", "vaststellingen", "financieringen") for i in r.get(s, []) if "woonvisie-2030" in
             (i.get("doel"), i.get("door"))]
    assert [(rid, s) for rid, s, _ in moved] == [(rid, s) for rid, s, _ in refs]  # none was dropped
    assert check_project(empty_data, BASE, shacl=False).ok


def test_renaming_to_a_taken_or_bad_id_is_refused(zwolle_file: Path, empty_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "z.yaml"
    _extract(zwolle_file, empty_data, out)
    review = ReviewFile.load(out)
    woonvisie = next(p for p in review.proposals() if p.section is None and p.record["id"] == "woonvisie-zwolle-2030")
    with pytest.raises(InvalidParameter, match="already the id"):
        apply_decision(woonvisie, "e id=gemeente-zwolle")
    with pytest.raises(InvalidParameter, match="not a slug"):
        apply_decision(woonvisie, "e id=Woonvisie 2030")
    assert woonvisie.record["id"] == "woonvisie-zwolle-2030"
