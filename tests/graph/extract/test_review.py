"""From file to reviewed, validated records: `beleidsgraaf extract` then `beleidsgraaf review`."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
import yaml

from beleidsgraaf.cli import main
from beleidsgraaf.errors import InvalidParameter
from beleidsgraaf.graph.extract.review import ReviewFile, apply_decision, join_variants, split_variants
from beleidsgraaf.graph.validate import check_project

BASE = "https://data.beleidsgraaf.nl"
TITLE = "Programmabegroting 2026 gemeente Zwolle"


def _extract(zwolle_file: Path, data: Path, out: Path) -> Path:
    """Extract the Zwolle text into the review file `out` (the set-up of every test here)."""
    code = main(["extract", str(zwolle_file), "--data", str(data), "--source-title", TITLE,
                 "--source-id", "zwolle-begroting-2026", "-o", str(out)])
    assert code == 0
    return out


@pytest.fixture()
def proposals(zwolle_file: Path, empty_data: Path, tmp_path: Path) -> Path:
    """The review file of the Zwolle text, nothing decided yet."""
    return _extract(zwolle_file, empty_data, tmp_path / "z.yaml")


def _review(out: Path, data: Path, *options: str) -> int:
    return main(["review", str(out), "--data", str(data), *options])


def _decide(out: Path, data: Path, edits: dict[str, str]) -> int:
    """Review `out` with a decisions file: `edits` for the records by id, accept every other proposal."""
    lines = [edits.get(p.record["id"], "a") if p.section is None else "a" for p in ReviewFile.load(out).proposals()]
    decisions = out.parent / "beslissingen.txt"
    decisions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return _review(out, data, "--decisions", str(decisions), "--no-shacl")


def _references(records: list[dict[str, Any]], target: str) -> list[tuple[str, str, str]]:
    """(record id, section, target) of every statement or event of `records` that names `target`."""
    return [(r["id"], s, i.get("doel") or i.get("door")) for r in records
            for s in ("relaties", "vaststellingen", "financieringen") for i in r.get(s, [])
            if target in (i.get("doel"), i.get("door"))]


def _written(data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((data / "zwolle-begroting-2026" / "voorstellen.yaml").read_text("utf-8"))
    return loaded


def test_accept_all_writes_records_that_validate_and_build(zwolle_file: Path, empty_data: Path,
                                                           tmp_path: Path) -> None:
    out = _extract(zwolle_file, empty_data, tmp_path / "zwolle.voorstel.yaml")
    # SHACL is left to the validator's own tests (the shapes are still changing); references, quotes,
    # dates and cycles are checked here
    assert _review(out, empty_data, "--accept-all", "--no-shacl") == 0
    records_file = empty_data / "zwolle-begroting-2026" / "voorstellen.yaml"
    written = _written(empty_data)
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


def test_decisions_from_a_file_accept_edit_and_reject(proposals: Path, empty_data: Path) -> None:
    assert _decide(proposals, empty_data, {"woonvisie-zwolle-2030": "e type=Omgevingsvisie; naam=Woonvisie Zwolle 2030",
                                           "klimaat": "r"}) == 0
    after = {r["id"]: r for r in ReviewFile.load(proposals).records}
    assert after["woonvisie-zwolle-2030"]["type"] == "Omgevingsvisie"
    assert after["klimaat"]["voorstel"]["status"] == "afgewezen"
    written = _written(empty_data)
    ids = {r["id"]: r for r in written["records"]}
    assert ids["woonvisie-zwolle-2030"]["type"] == "Omgevingsvisie"
    assert "klimaat" not in ids
    # statements pointing at the rejected theme were left out, not written dangling
    assert all(rel["doel"] != "klimaat" for r in written["records"] for rel in r.get("relaties", []))
    assert check_project(empty_data, BASE, shacl=False).ok


# (review options, whether a quote is broken by hand first): review refuses (exit 1) and writes nothing
REFUSED_REVIEWS = [
    # stdin closes at once: nothing decided, the source document is not accepted → nothing written
    pytest.param((), False, id="stdin-sluit-meteen-niets-besloten"),
    # accept all, but break a quote by hand: validation fails and nothing is written
    pytest.param(("--accept-all", "--no-shacl"), True, id="alles-geaccepteerd-maar-citaat-staat-niet-in-bron"),
]


@pytest.mark.parametrize(("options", "break_quote"), REFUSED_REVIEWS)
def test_nothing_is_written_without_decisions_or_when_invalid(proposals: Path, empty_data: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              options: tuple[str, ...], break_quote: bool) -> None:
    before = (empty_data / "sources.yaml").read_text(encoding="utf-8")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    if break_quote:
        review = ReviewFile.load(proposals)
        review.records[1]["citaat"] = "Deze zin staat niet in de bron."
        review.save()
    assert _review(proposals, empty_data, *options) == 1
    assert (empty_data / "sources.yaml").read_text(encoding="utf-8") == before
    assert not (empty_data / "zwolle-begroting-2026").exists()


def test_scripted_stdin_decisions(proposals: Path, empty_data: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("a\nr\nq\n"))
    assert _review(proposals, empty_data, "--no-write") == 0
    counts = ReviewFile.load(proposals).counts()
    assert (counts["geaccepteerd"], counts["afgewezen"]) == (1, 1)
    shown = capsys.readouterr().out
    assert "zekerheid / confidence" in shown and "»" in shown
    # an answer that is no decision stops a scripted review with an error
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    assert _review(proposals, empty_data, "--no-write") == 1


def test_min_confidence_accepts_above_and_rejects_below(proposals: Path, empty_data: Path) -> None:
    assert _review(proposals, empty_data, "--min-zekerheid", "0.7", "--no-write") == 0
    for p in ReviewFile.load(proposals).proposals():
        assert p.status == ("geaccepteerd" if p.confidence >= 0.7 else "afgewezen")


def test_renaming_an_id_updates_every_reference_in_the_review_file(proposals: Path, empty_data: Path) -> None:
    before = ReviewFile.load(proposals)
    refs = _references(before.records, "woonvisie-zwolle-2030")
    subject_statements = len(next(r for r in before.records if r["id"] == "woonvisie-zwolle-2030")["relaties"])
    assert refs and subject_statements  # the Zwolle text refers to the Woonvisie and states things about it
    assert _decide(proposals, empty_data, {
        "woonvisie-zwolle-2030": "e id=woonvisie-2030",
        "programmabegroting-2026-gemeente-zwolle": "e id=begroting-zwolle-2026",  # the source: bron.document follows
    }) == 0
    after = ReviewFile.load(proposals)
    text = proposals.read_text(encoding="utf-8")
    assert "woonvisie-zwolle-2030" not in text and "programmabegroting-2026-gemeente-zwolle" not in text
    assert after.source["document"] == "begroting-zwolle-2026"
    written = _written(empty_data)
    by_id = {r["id"]: r for r in written["records"]}
    assert len(by_id["woonvisie-2030"]["relaties"]) == subject_statements
    moved = _references(written["records"], "woonvisie-2030")
    assert [(rid, s) for rid, s, _ in moved] == [(rid, s) for rid, s, _ in refs]  # none was dropped
    assert check_project(empty_data, BASE, shacl=False).ok


# (edit, the refusal's words): renaming the Woonvisie is refused and its id stays
REFUSED_RENAMES = [
    pytest.param("e id=gemeente-zwolle", "already the id", id="id-al-in-gebruik-gemeente-zwolle"),
    pytest.param("e id=Woonvisie 2030", "not a slug", id="id-is-geen-slug-hoofdletter-en-spatie"),
]


@pytest.mark.parametrize(("decision", "refusal"), REFUSED_RENAMES)
def test_renaming_to_a_taken_or_bad_id_is_refused(proposals: Path, decision: str, refusal: str) -> None:
    review = ReviewFile.load(proposals)
    woonvisie = next(p for p in review.proposals() if p.section is None and p.record["id"] == "woonvisie-zwolle-2030")
    with pytest.raises(InvalidParameter, match=refusal):
        apply_decision(woonvisie, decision)
    assert woonvisie.record["id"] == "woonvisie-zwolle-2030"


@pytest.mark.parametrize(("line", "variants"), [
    ("RES, RES Twente", ["RES", "RES Twente"]),  # no "|": commas separate
    ("Ministerie van VWS | Ministerie van Volksgezondheid, Welzijn en Sport",
     ["Ministerie van VWS", "Ministerie van Volksgezondheid, Welzijn en Sport"]),
    ("Ministerie van Volksgezondheid, Welzijn en Sport |", ["Ministerie van Volksgezondheid, Welzijn en Sport"]),
    (" | ", []),
])
def test_an_edited_line_of_variants(line: str, variants: list[str]) -> None:
    assert split_variants(line) == variants
    assert split_variants(join_variants(variants)) == variants
