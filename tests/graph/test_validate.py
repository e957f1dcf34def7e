"""Broken records get the documented errors, with file and line; good records compile to the expected RDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from beleidsgraaf.cli import main
from beleidsgraaf.graph.validate import check_project
from beleidsgraaf.ontology import BG, RDF, SCHEMA, XSD
from tests.graph.helpers import line_of, make_data

BASE = "http://ex.org"


def problems_of(data: Path, *, shacl: bool = False) -> list[tuple[str, int, str]]:
    result = check_project(data, BASE, shacl=shacl)
    return [(p.location.path.name if p.location else "", p.location.line if p.location else 0, p.code)
            for p in result.problems]


def test_good_records_compile_with_claims_events_and_sections(tmp_path: Path) -> None:
    result = check_project(make_data(tmp_path), BASE, shacl=False)
    assert result.problems == []
    triples = {(s, p, o) for s, p, o, _g in result.compiled.quads}
    programma = URIRef(f"{BASE}/id/document/programma-groene-wijken")
    visie = URIRef(f"{BASE}/id/document/toekomstvisie-proefstad-2040")
    assert (programma, BG.isUitwerkingVan, visie) in triples
    claims = [s for s, p, o in triples if p == RDF.subject and o == programma]
    claim = next(c for c in claims if (c, RDF.predicate, BG.isUitwerkingVan) in triples)
    quote = next(o for s, p, o in triples if s == claim and p == BG.citaat)
    # the stored quote is the verbatim source text (ligature and line break included), not the typed one
    assert str(quote) == ("Het Programma Groene Wĳken vormt een verdere uitwerking van de Toekomstvisie\n"
                          "Proefstad 2040.")
    section = next(o for s, p, o in triples if s == claim and p == BG.sectie)
    assert str(section) == "Hoofdstuk 1 Proef › Inleiding"
    # funding: an exact amount with its period, never more precise than the text
    money = next(o for s, p, o in triples if p == BG.bedrag)
    assert (money, SCHEMA.value, Literal("2000000", datatype=XSD.decimal)) in triples
    assert (money, SCHEMA.validFrom, Literal("2024", datatype=XSD.gYear)) in triples
    # a quarter has no XSD type: kept as text and interval only
    milestone = next(o for s, p, o in triples if p == BG.mijlpaal)
    assert (milestone, BG.datumTekst, Literal("2025-Q2")) in triples
    assert not any(s == milestone and p == BG.datum for s, p, o in triples)
    # no blank nodes anywhere: output is reproducible
    assert not any(t.__class__.__name__ == "BNode" for q in result.compiled.quads for t in q)


def test_unknown_id_is_reported_with_file_line_and_suggestion(tmp_path: Path) -> None:
    data = make_data(tmp_path, """\
  - id: extra
    type: Nota
    naam: Programma Groene Wijken nota
    ook: [Programma Groene Wĳken]
    citaat: "Het Programma Groene Wĳken vormt"
    relaties:
      - {relatie: bouwtVoortOp, doel: toekomstvisie-proefstad-2041, citaat: "Het Programma Groene Wĳken vormt"}
""")
    result = check_project(data, BASE, shacl=False)
    [problem] = result.problems
    assert problem.code == "reference"
    records = data / "proef" / "records.yaml"
    line = line_of(records, "toekomstvisie-proefstad-2041")
    assert problem.location is not None and problem.location.line == line
    assert "toekomstvisie-proefstad-2041" in str(problem) and "did you mean 'toekomstvisie-proefstad-2040'" in str(
        problem)
    assert str(problem).startswith(f"{records}:{line}")


def test_quote_not_in_source_is_reported(tmp_path: Path) -> None:
    data = make_data(tmp_path, """\
  - id: extra
    type: Nota
    naam: Nota Groen
    citaat: "De Nota Groen staat niet in de tekst"
""")
    assert problems_of(data) == [("records.yaml", line_of(data / "proef" / "records.yaml", "id: extra"), "quote")]


def test_impossible_date_and_unknown_notation_are_reported(tmp_path: Path) -> None:
    data = make_data(tmp_path, """\
  - id: extra
    type: Nota
    naam: Proefstad
    citaat: "De gemeente Proefstad werkt samen"
    datum: {waarde: "2024-02-30", citaat: "De gemeente Proefstad werkt samen"}
    mijlpalen:
      - {soort: verwacht, datum: "volgend jaar", citaat: "De gemeente Proefstad werkt samen"}
""")
    records = data / "proef" / "records.yaml"
    assert problems_of(data) == [("records.yaml", line_of(records, "2024-02-30"), "date"),
                                 ("records.yaml", line_of(records, "volgend jaar"), "date")]


def test_cycle_is_reported(tmp_path: Path) -> None:
    data = make_data(tmp_path, """\
  - id: extra
    type: Nota
    naam: Toekomstvisie Proefstad 2040 bijlage
    ook: [Toekomstvisie Proefstad 2040]
    citaat: "De Toekomstvisie Proefstad 2040"
    relaties:
      - {relatie: isUitwerkingVan, doel: extra2, citaat: "De Toekomstvisie Proefstad 2040"}
  - id: extra2
    type: Nota
    naam: Programma Groene Wijken bijlage
    ook: [Programma Groene Wĳken]
    citaat: "Het Programma Groene Wĳken vormt"
    relaties:
      - {relatie: isUitwerkingVan, doel: extra, citaat: "Het Programma Groene Wĳken vormt"}
  - id: toekomstvisie-bijlage
    type: Nota
    naam: Toekomstvisie Proefstad 2040 deel 2
    ook: [Toekomstvisie Proefstad 2040]
    citaat: "De Toekomstvisie Proefstad 2040"
    relaties:
      - {relatie: maaktDeelUitVan, doel: toekomstvisie-bijlage, citaat: "De Toekomstvisie Proefstad 2040"}
""")
    result = check_project(data, BASE, shacl=False)
    cycles = [p for p in result.problems if p.code == "cycle"]
    assert len(cycles) == 2
    assert "isUitwerkingVan" in str(cycles[0]) and "maaktDeelUitVan" in str(cycles[1])
    records = data / "proef" / "records.yaml"
    assert [p.location.line for p in cycles if p.location] == [line_of(records, "doel: extra2"),
                                                               line_of(records, "doel: toekomstvisie-bijlage")]


def test_schema_problems_are_all_reported_not_just_the_first(tmp_path: Path) -> None:
    data = make_data(tmp_path, """\
  - id: Bad_Id
    type: Nota
    naam: x
    citaat: "De gemeente Proefstad"
  - id: geen-type
    naam: Proefstad
    citaat: "De gemeente Proefstad"
  - id: onbekend
    type: Wensenlijst
    naam: Proefstad
    kleur: groen
    citaat: "De gemeente Proefstad"
    relaties:
      - {relatie: isUitwerkingVn, doel: gemeente-proefstad, citaat: "De gemeente Proefstad"}
  - id: gemeente-proefstad
    type: Gemeente
    naam: Proefstad
    citaat: "De gemeente Proefstad"
""")
    found = problems_of(data)
    codes = [c for _f, _l, c in found]
    assert codes.count("schema") >= 3  # bad slug, missing type, unknown key
    assert "type" in codes and "duplicate" in codes and "mention" in codes


def test_yaml_syntax_error_names_line(tmp_path: Path) -> None:
    data = make_data(tmp_path, "  - id: [unclosed\n")
    problems = [p for p in check_project(data, BASE, shacl=False).problems if p.code == "yaml"]
    assert len(problems) == 1 and problems[0].location is not None
    assert problems[0].location.path.name == "records.yaml"
    assert problems[0].location.line == line_of(data / "proef" / "records.yaml", "[unclosed") + 1  # end of input


def test_shacl_violation_is_mapped_to_its_record(tmp_path: Path) -> None:
    # a relation whose target has the wrong class: valtOnder must point at an Opgave
    data = make_data(tmp_path, """\
  - id: extra
    type: Nota
    naam: Proefstad nota
    ook: [Proefstad]
    citaat: "De gemeente Proefstad werkt samen"
    relaties:
      - {relatie: valtOnder, doel: gemeente-proefstad, citaat: "De gemeente Proefstad werkt samen"}
""")
    result = check_project(data, BASE, shacl=True)
    shacl = [p for p in result.problems if p.code == "shacl"]
    assert shacl, result.problems
    line = line_of(data / "proef" / "records.yaml", "id: extra")
    assert all(p.location is not None and p.location.line == line for p in shacl)


def test_validate_command_reports_every_problem_and_exits_nonzero(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    data = make_data(tmp_path, """\
  - id: extra
    type: Nota
    naam: Nota Groen
    citaat: "niet in de tekst"
    datum: {waarde: "2025-13", citaat: "niet in de tekst"}
""")
    assert main(["validate", "--data", str(data), "--base-iri", BASE]) == 1
    out = capsys.readouterr().out
    records = data / "proef" / "records.yaml"
    assert f"{records}:{line_of(records, 'id: extra')}" in out  # quote of the record
    assert f"{records}:{line_of(records, '2025-13')}" in out  # the impossible date
    assert main(["validate", "--data", str(make_data(tmp_path / "ok")), "--base-iri", BASE]) == 0


def test_a_name_split_at_its_comma_by_a_yaml_flow_list_is_reported(tmp_path: Path) -> None:
    # "ook: [Hoofdstuk 1, Proef]" is two items to YAML; "Hoofdstuk 1, Proef" is not in the quote here, so only
    # the record whose quote holds the joined name is reported, and quoting the items (two names) answers it
    data = make_data(tmp_path, """\
  - id: toekomstvisie-variant
    type: Visie
    naam: Toekomstvisie Proefstad 2040, Groene Wijken
    ook: [Toekomstvisie Proefstad 2040, Groene Wijken]
    citaat: "De Toekomstvisie Proefstad 2040 is in 2023 vastgesteld"
  - id: twee-namen
    type: Visie
    naam: Visie Proefstad
    ook: ["Toekomstvisie Proefstad 2040", "Groene Wijken"]
    citaat: "De Toekomstvisie Proefstad 2040 is in 2023 vastgesteld"
  - id: blokvorm
    type: Visie
    naam: Toekomstvisie Proefstad 2040, Groene Wijken
    ook:
      - Toekomstvisie Proefstad 2040
      - Groene Wijken
    citaat: "De Toekomstvisie Proefstad 2040 is in 2023 vastgesteld"
""")
    records_file = data / "proef" / "records.yaml"
    split = [p for p in check_project(data, BASE, shacl=False).problems if "split at its comma" in str(p)]
    assert [(p.location.path.name, p.location.line) for p in split if p.location] == \
        [("records.yaml", line_of(records_file, "ook: [Toekomstvisie Proefstad 2040, Groene Wijken]"))]
    assert 'ook: ["Toekomstvisie Proefstad 2040, Groene Wijken"]' in str(split[0])


@pytest.mark.parametrize(("first", "second", "events"), [
    # the same milestone told in two sentences: one event, with a bg:Bewering per quote
    ("", "", 1),
    # a proposal to the council and its decision, both "gepland 2025": two events, told apart by their description
    # (one node would carry two labels and break the shapes)
    ("omschrijving: voorstel aan de raad, ", "omschrijving: besluit van de raad, ", 2),
])
def test_two_milestones_of_one_kind_and_date(tmp_path: Path, first: str, second: str, events: int) -> None:
    data = make_data(tmp_path, f"""\
  - id: extra
    type: Nota
    naam: Proefstad nota
    ook: [Proefstad]
    citaat: "De gemeente Proefstad werkt samen"
    mijlpalen:
      - {{soort: gepland, datum: "2025", {first}citaat: "De gemeente Proefstad werkt samen"}}
      - {{soort: gepland, datum: "2025", {second}citaat: "met de Provincie Proefland"}}
""")
    result = check_project(data, BASE, shacl=True)
    assert result.ok, result.problems
    quads = result.compiled.quads
    extra = result.compiled.entities["extra"]
    claims = {q[0] for q in quads if q[1] == RDF.predicate and q[2] == BG.mijlpaal
              and (q[0], RDF.subject, extra, q[3]) in set(quads)}
    assert len({q[2] for q in quads if q[0] == extra and q[1] == BG.mijlpaal}) == events
    assert len(claims) == 2  # one per quote
