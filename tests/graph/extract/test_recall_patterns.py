"""The recall rules added for issue #6 on a small Dutch text written for these tests (not from Hengelo).

Themes from the lexicon, projects named by the work done to a place, compounds with a project or instrument
word, groups of partners, road numbers, names with "van" before their keyword, what a passage is about and
where (gaatOver, betreftGebied, ligtIn), what "we" (the municipality) do, and "Hiermee ..." pointing back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from beleidsgraaf.graph.extract.entities import Gazetteer
from beleidsgraaf.graph.extract.extractor import extract, review_data
from beleidsgraaf.graph.extract.reading import read_source
from beleidsgraaf.graph.textnorm import find_quote, match_normalise

TITLE = "Jaarverslag 2025 gemeente Deventer"
DEVENTER = """Jaarverslag 2025 gemeente Deventer

1. Leefbare wijken
Het Actieplan Buurtkracht richt zich op eenzaamheid en mantelzorg in de wijk Keizerslanden.
We geven uitvoering aan het Actieplan Buurtkracht, samen met Stichting Present en de woningcorporaties.
De Woonvisie Deventer 2030 is door de raad vastgesteld. Hiermee geven we invulling aan de Regionale Woonagenda Salland.
In onze stad begon de herinrichting van de Stationsweg. Het Kunst van Deventer festival trok veel bezoekers.
Voor de bestemmingsreserve Stadshart en een uitvoeringskrediet langs de N348 stelde de raad middelen beschikbaar.
Met Zwolle maakten we het Koersdocument Warmte Salland.
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("deventer") / "jaarverslag.txt"
    path.write_text(DEVENTER, encoding="utf-8")
    ex = extract(read_source(path), Gazetteer.build(None), title=TITLE)
    out = review_data(ex, source_id="deventer", title=TITLE, text_file=path.name)
    out["_text"] = DEVENTER
    return out


def _records(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in data["records"]}


def _rels(data: dict[str, Any], subject: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(r["relatie"], r["doel"]): r for r in _records(data)[subject].get("relaties", [])}


def test_themes_from_the_lexicon(data: dict[str, Any]) -> None:
    recs = _records(data)
    assert recs["eenzaamheid"]["type"] == recs["mantelzorg"]["type"] == "Onderwerp"
    assert recs["eenzaamheid"]["voorstel"]["regel"] == "onderwerp (lexicon)"


def test_projects_compounds_groups_roads_and_names_with_van(data: dict[str, Any]) -> None:
    recs = _records(data)
    assert recs["herinrichting-van-de-stationsweg"]["type"] == "Project"
    assert recs["stationsweg"]["type"] == "Locatie"  # the place keeps its own entity inside the project name
    assert recs["bestemmingsreserve-stadshart"]["type"] == "Instrument"
    assert not any("uitvoeringskrediet" in rid for rid in recs)  # money for something, not an instrument
    assert recs["woningcorporaties"]["type"] == "Organisatie"
    assert recs["n348"]["type"] == "Locatie"
    assert recs["kunst-van-deventer-festival"]["naam"] == "Kunst van Deventer festival"


def test_what_a_passage_is_about_and_where(data: dict[str, Any]) -> None:
    rels = _rels(data, "actieplan-buurtkracht")
    assert {("gaatOver", "eenzaamheid"), ("gaatOver", "mantelzorg"), ("betreftGebied", "wijk-keizerslanden")} \
        <= set(rels)
    assert rels[("gaatOver", "eenzaamheid")]["voorstel"]["zekerheid"] < 0.6  # co-occurrence: for review
    # a place of the text lies in the own municipality, named here as "onze stad"
    assert ("ligtIn", "deventer") in _rels(data, "stationsweg")
    assert _records(data)["deventer"]["type"] == "Gemeentegebied"


def test_what_we_the_municipality_do(data: dict[str, Any]) -> None:
    rels = _rels(data, "actieplan-buurtkracht")
    assert ("uitgevoerdDoor", "gemeente-deventer") in rels
    assert {("inSamenwerkingMet", "stichting-present"), ("inSamenwerkingMet", "woningcorporaties")} <= set(rels)
    assert ("opgesteldDoor", "gemeente-deventer") in _rels(data, "koersdocument-warmte-salland")


def test_hiermee_points_back_at_the_previous_sentence(data: dict[str, Any]) -> None:
    rel = _rels(data, "woonvisie-deventer-2030")[("geeftUitvoeringAan", "regionale-woonagenda-salland")]
    assert "verwijzing naar de vorige zin" in rel["voorstel"]["regel"]
    assert rel["voorstel"]["zekerheid"] < 0.6


def test_every_new_quote_is_found_in_the_text(data: dict[str, Any]) -> None:
    norm = match_normalise(data["_text"])
    for rec in data["records"]:
        for item in [rec, *rec.get("relaties", [])]:
            assert find_quote(item["citaat"], norm), item["citaat"]


def test_valt_onder_follows_the_heading_not_the_first_mention(tmp_path: Path) -> None:
    text = ("Jaarverslag 2025 gemeente Deventer\n\n"
            "Dit hoofdstuk gaat over twee opgaven; Sterke economie komt als tweede aan bod.\n\n"
            "1. Leefbare wijken\nHet Programma Wijkkracht loopt door tot 2027.\n\n"
            "2. Sterke economie\nHet Programma Werkstad Deventer helpt ondernemers.\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract(read_source(path), Gazetteer.build(None), title=TITLE)
    recs = {r["id"]: r for r in review_data(ex, source_id="d", title=TITLE, text_file="t.txt")["records"]}
    under = {rid: [x["doel"] for x in r.get("relaties", []) if x["relatie"] == "valtOnder"] for rid, r in recs.items()}
    assert under["programma-wijkkracht"] == ["leefbare-wijken"]
    # the theme "Sterke economie" is named in the introduction already, but the programme is under its heading
    assert under["programma-werkstad-deventer"] == ["sterke-economie"]


def test_documents_and_bodies_named_by_number_or_office(tmp_path: Path) -> None:
    text = ("Jaarverslag 2025 gemeente Deventer\n\n"
            "De raad is geïnformeerd met twee raadsbrieven (zaaknummers 1234567 en 7654321).\n"
            "Meer hierover staat in paragraaf 4.3 en 4.4 en in bijlage 2.1.\n"
            "Hiertoe besloten de minister van BZK en de staatssecretaris van EZK.\n"
            "Samen met de zeven Achterhoekse gemeenten werken we aan de regiodeal.\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract(read_source(path), Gazetteer.build(None), title=TITLE)
    recs = {r["id"]: r for r in review_data(ex, source_id="d", title=TITLE, text_file="t.txt")["records"]}
    assert recs["brief-zaaknummer-1234567"]["type"] == recs["brief-zaaknummer-7654321"]["type"] == "Brief"
    assert "1234567" in recs["brief-zaaknummer-1234567"]["ook"]
    assert {recs[k]["type"] for k in ("paragraaf-4-3", "paragraaf-4-4", "bijlage-2-1")} == {"Beleidsdocument"}
    # a numbered part is a part of the document the text comes from
    assert [(r["relatie"], r["doel"]) for r in recs["bijlage-2-1"]["relaties"]] == [
        ("maaktDeelUitVan", "jaarverslag-2025-gemeente-deventer")]
    assert recs["ministerie-van-bzk"]["type"] == recs["ministerie-van-ezk"]["type"] == "Rijksorganisatie"
    regio = recs["achterhoekse-gemeenten"]
    assert regio["type"] == "Samenwerkingsverband" and "zeven Achterhoekse gemeenten" in regio["ook"]


def test_a_quoted_title_after_a_named_document_is_another_name_of_it(tmp_path: Path) -> None:
    text = ("Jaarverslag 2025 gemeente Deventer\n\n"
            "Het Cultuurplan 2030 'Stad in Beweging' gaf richting aan ons werk.\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract(read_source(path), Gazetteer.build(None), title=TITLE)
    recs = {r["id"]: r for r in review_data(ex, source_id="d", title=TITLE, text_file="t.txt")["records"]}
    assert recs["cultuurplan-2030"]["naam"] == "Cultuurplan 2030"
    assert "Stad in Beweging" in recs["cultuurplan-2030"]["ook"]
    assert "beweging" not in recs  # the words of the title are not a place


def test_quoted_names_after_a_project_word_are_projects(tmp_path: Path) -> None:
    text = ("Jaarverslag 2025 gemeente Deventer\n\n"
            "Bij de projecten ‘Samen aan tafel’ (welzijn) en ‘Thuis in de wijk’ werkten we met vrijwilligers.\n"
            "Dat gaf ’n goede start; het motto ‘Doe mee’ hing overal.\n")
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    ex = extract(read_source(path), Gazetteer.build(None), title=TITLE)
    recs = {r["id"]: r for r in review_data(ex, source_id="d", title=TITLE, text_file="t.txt")["records"]}
    assert recs["samen-aan-tafel"]["type"] == recs["thuis-in-de-wijk"]["type"] == "Project"
    assert "doe-mee" not in recs  # a quote without a project word before it
    assert not any(rid.startswith("n-") for rid in recs)  # ’n (een) is no opening quotation mark
