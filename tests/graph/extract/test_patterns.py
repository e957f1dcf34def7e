"""Each extraction pattern on small Dutch texts written for the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from beleidsgraaf.graph.extract.entities import Gazetteer, GazetteerEntry
from beleidsgraaf.graph.extract.extractor import extract, review_data
from beleidsgraaf.graph.extract.reading import read_source
from beleidsgraaf.graph.extract.relations import find_amounts, find_dates
from beleidsgraaf.graph.textnorm import find_quote, match_normalise

TITLE = "Programmabegroting 2026 gemeente Zwolle"


def _extract(path: Path, gazetteer: Gazetteer, title: str = TITLE) -> dict[str, Any]:
    ex = extract(read_source(path), gazetteer, title=title)
    return review_data(ex, source_id="zwolle", title=title, text_file=path.name)


@pytest.fixture()
def records(zwolle_file: Path, lexicon_only: Gazetteer) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in _extract(zwolle_file, lexicon_only)["records"]}


def _rel(records: dict[str, dict[str, Any]], subject: str, relation: str) -> list[str]:
    return [r["doel"] for r in records[subject].get("relaties", []) if r["relatie"] == relation]


def test_new_candidates_get_a_type_from_dutch_naming_patterns(records: dict[str, dict[str, Any]]) -> None:
    expected = {
        "uitvoeringsprogramma-wonen-2025-2028": "Programma",
        "woonvisie-zwolle-2030": "Visie",
        "routekaart-schoon-water": "Routekaart",
        "woondeal-regio-zwolle": "Deal",
        "nationale-woonagenda": "Agenda",
        "nota-cultuur": "Nota",
        "stichting-woonkracht": "Organisatie",
        "pilot-buurtkracht": "Project",
        "regionale-energiestrategie-zwolle": "Strategie",
        "klimaat": "Opgave",
    }
    assert {k: records[k]["type"] for k in expected} == expected
    assert records["regionale-energiestrategie-zwolle"]["ook"] == ["RES"]  # acronym in brackets


def test_public_bodies_and_own_bodies_are_linked_with_tooi(records: dict[str, dict[str, Any]]) -> None:
    assert records["gemeente-zwolle"]["tooi"] == "gm0193"
    assert records["gemeente-deventer"]["tooi"] == "gm0150"
    assert records["provincie-overijssel"]["tooi"] == "pv23"  # "de provincie" of Zwolle
    assert records["gemeenteraad-zwolle"]["type"] == "Bestuursorgaan"


def test_relation_phrasings(records: dict[str, dict[str, Any]]) -> None:
    assert _rel(records, "uitvoeringsprogramma-wonen-2025-2028", "isUitwerkingVan") == ["woonvisie-zwolle-2030"]
    assert sorted(_rel(records, "woonvisie-zwolle-2030", "opgesteldDoor")) == ["gemeente-deventer",
                                                                              "gemeente-zwolle"]
    assert _rel(records, "woonvisie-zwolle-2030", "inSamenwerkingMet") == ["provincie-overijssel"]
    assert _rel(records, "woondeal-regio-zwolle", "geeftUitvoeringAan") == ["nationale-woonagenda"]
    assert _rel(records, "hittebestendig-plan", "draagtBijAan") == ["klimaatagenda-zwolle"]
    assert _rel(records, "deelplan-noord", "maaktDeelUitVan") == ["programma-stadshart-2030"]
    assert _rel(records, "pilot-buurtkracht", "inSamenwerkingMet") == ["stichting-woonkracht"]
    assert _rel(records, "deelplan-noord", "valtOnder") == ["klimaat"]  # under the heading "2. Klimaat"


def test_every_proposal_has_a_verbatim_quote_position_and_confidence(zwolle_file: Path,
                                                                     records: dict[str, dict[str, Any]]) -> None:
    text = zwolle_file.read_text(encoding="utf-8")
    norm = match_normalise(text)
    items = [r for r in records.values()]
    items += [i for r in records.values() for k in ("relaties", "vaststellingen", "financieringen", "mijlpalen")
              for i in r.get(k, [])]
    assert len(items) > 30
    for item in items:
        meta = item["voorstel"]
        assert meta["status"] == "voorgesteld"
        assert 0 < meta["zekerheid"] <= 1
        start, end = meta["positie"]
        assert find_quote(item["citaat"], norm), item["citaat"]
        assert " ".join(text[start:end].split()) == item["citaat"]


def test_quote_of_a_relation_is_the_source_sentence_part(records: dict[str, dict[str, Any]]) -> None:
    rel = next(r for r in records["uitvoeringsprogramma-wonen-2025-2028"]["relaties"]
               if r["relatie"] == "isUitwerkingVan")
    assert rel["citaat"] == ("Uitvoeringsprogramma Wonen 2025-2028 vormt een verdere uitwerking van de "
                             "Woonvisie Zwolle 2030")


def test_adoptions_funding_and_milestones_as_precise_as_the_text(records: dict[str, dict[str, Any]]) -> None:
    fund = records["routekaart-schoon-water"]["financieringen"][0]
    assert {k: fund[k] for k in ("bedrag", "soort", "valuta", "periode", "naam", "door")} == {
        "bedrag": "3000000", "soort": "exact", "valuta": "EUR", "periode": "2025/2028",
        "naam": "uitvoeringskrediet", "door": "gemeenteraad-zwolle"}
    assert records["routekaart-schoon-water"]["vaststellingen"][0]["door"] == "gemeenteraad-zwolle"
    ruim = records["programma-stadshart-2030"]["financieringen"][0]
    assert (ruim["bedrag"], ruim["soort"], ruim["door"]) == ("2500000", "minimum", "rijksoverheid")
    mijlpaal = records["programmaplan-stadshart"]["mijlpalen"][0]
    assert (mijlpaal["soort"], mijlpaal["datum"]) == ("verwacht", "2026-Q3")
    assert mijlpaal["omschrijving"] == "aan de raad aangeboden"
    assert records["nota-cultuur"]["status"]["waarde"] == "vastgesteld"  # adopted, body not named
    # "In 2025 is de nota Cultuur vastgesteld": an adoption with its date (a record needs door or datum), no body
    assert [{k: v for k, v in a.items() if k in ("door", "datum")}
            for a in records["nota-cultuur"]["vaststellingen"]] == [{"datum": "2025"}]
    assert [m["soort"] for m in records["pilot-buurtkracht"]["mijlpalen"]] == ["gestart"]


def test_known_entities_are_linked_by_variant_case_and_ligature(zwolle_file: Path) -> None:
    known = GazetteerEntry("woonvisie-zwolle", "Visie", ["Woonvisie Zwolle 2030", "Woonvisie"], True,
                           source="elders")
    routekaart = GazetteerEntry("routekaart-water", "Routekaart", ["ROUTEKAART SCHOON WATER"], True,
                                source="elders")
    rijk = GazetteerEntry("rijk", "Rijksorganisatie", ["Rijksoverheid", "Rijk"], True, source="elders")
    records = {r["id"]: r for r in _extract(zwolle_file, Gazetteer([known, routekaart, rijk]))["records"]}
    assert records["woonvisie-zwolle"]["bekend"] is True
    assert "woonvisie-zwolle-2030" not in records
    assert records["routekaart-water"]["bekend"] is True  # case-insensitive
    assert records["rijk"]["bekend"] is True  # "Rĳk" with the ligature
    uitwerking = records["uitvoeringsprogramma-wonen-2025-2028"]["relaties"][0]
    assert (uitwerking["relatie"], uitwerking["doel"]) == ("isUitwerkingVan", "woonvisie-zwolle")


def test_fuzzy_lookup_links_near_variants() -> None:
    gaz = Gazetteer([GazetteerEntry("energie-strategie-twente", "Strategie", ["Energie Strategie Twente"], True)])
    hit = gaz.lookup("Energiestrategie Twente")
    assert hit is not None and hit.id == "energie-strategie-twente"
    assert gaz.lookup("Omgevingsvisie Twente") is None


@pytest.mark.parametrize(("text", "notation"), [
    ("naar verwachting in het tweede kwartaal van 2025", "2025-Q2"),
    ("in de eerste helft van 2026", "2026-H1"),
    ("beoogd in maart 2025", "2025-03"),
    ("op 18 september 2024", "2024-09-18"),
    ("in 2023", "2023"),
    ("voor de periode 2024-2027", "2024/2027"),
])
def test_dates_are_kept_as_precise_as_the_text(text: str, notation: str) -> None:
    assert [d.notation for d in find_dates(text)] == [notation]


@pytest.mark.parametrize(("text", "amount", "kind"), [
    ("10 miljoen euro", "10000000", "exact"),
    ("ruim 4 miljoen euro", "4000000", "minimum"),
    ("maximaal € 250.000", "250000", "maximum"),
    ("€ 1,5 mln", "1500000", "exact"),
])
def test_amounts(text: str, amount: str, kind: str) -> None:
    found = find_amounts(text)
    assert [(a.amount, a.kind) for a in found] == [(amount, kind)]
    assert find_amounts("in 2024 en 2025 zijn 12 projecten") == []
