"""Explicit Dutch phrasings of relations and events, on small texts written for these tests (not from Hengelo).

Each rule has a row: verb patterns with their variants ("leveren we een bijdrage aan", "bouwt verder op",
"in het kader van", "dat invulling geeft aan"), the subject after the phrase when none stands before it
("Samen met A hebben we het Plan B opgesteld"), a list of subjects ("zoals vastgelegd in de Koers, het Plan en
de Visie"), "waarin de doelen van X zijn vastgelegd", partners listed after an item without a name, adoptions
with a date but no body, by "wij" (the college), by a decision ("besloot … in te stellen"), none for an
adoption still to come, milestones of a year-less month or a past event in an annual report (the report's year),
a document named by its compound alone ("het in wording zijnde uitvoeringsplan") and a project named by the
place it works in ("de wijkaanpak in Holtenbroek"). Every proposal keeps a verbatim quote and a position.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from beleidsgraaf.cli import main
from beleidsgraaf.graph.extract.relations import report_year
from beleidsgraaf.graph.extract.review import ReviewFile
from beleidsgraaf.graph.textnorm import find_quote, match_normalise
from tests.graph.extract.helpers import Records, proposed_records

REPORT = "Jaarverslag 2025 gemeente Zwolle"
BUDGET = "Programmabegroting 2026 gemeente Zwolle"

TEXTS: dict[str, tuple[str, str]] = {
    # relations
    "relaties": (REPORT, """Jaarverslag 2025 gemeente Zwolle

1. Wonen
De Woonagenda Zwolle vormt een uitwerking van de ambities van de gemeente Zwolle, zoals vastgelegd in de Koers
2035, het Omgevingsplan Zwolle en de Woonvisie Zwolle. In 2025 verscheen het Position Paper Salland 2040, waarin
de doelen van de elf Sallandse gemeenten zijn vastgelegd.
Samen met Stichting Kans hebben we het Actieplan Armoede opgesteld. Onze keuzes voor de zorg hebben wij
vastgelegd in de Zorgvisie Zwolle.
In het kader van het Programma Schoon Water is gekozen voor de Pilot Regenton.
Met de bouw van het zonneveld Kraggenburg leveren we een belangrijke bijdrage aan de Klimaatagenda Zwolle.
De Routekaart Wonen 2035 bouwt verder op de Woonvisie Zwolle. Het Fietsplan Zwolle kwam als vervolg op het
Mobiliteitsplan 2030. Het Uitvoeringsprogramma Zorg, dat invulling geeft aan de Zorgvisie Zwolle, loopt.
Vanuit de Sallandse Koers werken we samen met de elf Sallandse gemeenten, Zilveren Kruis, WijZwolle en de
provincie Overijssel.
Stichting Kans heeft het Actieplan Schulden opgesteld. In 2024 heeft de provincie Overijssel de Woonagenda Oost
gemaakt. Stichting Kans schreef de Armoedevisie Zwolle. Het Fietsplan Oost is in 2023 door de provincie
Overijssel opgesteld. Het Sportplan Zwolle is door de provincie Overijssel vastgesteld.
Ook gaven we samen met Stichting Thuis uitvoering aan de Woondeal Zwolle. Het Zomerfestival Zwolle werd
georganiseerd door Stichting Feest. In de Begroting 2026 vindt u, via de bekende opgaven, een verdere vertaling
van het Coalitieakkoord Zwolle.
"""),
    # adoptions and milestones in an annual report (it looks back on 2025)
    "gebeurtenissen": (REPORT, """Jaarverslag 2025 gemeente Zwolle

Het college van burgemeester en wethouders legt hierbij verantwoording af over 2025.
In 2025 is de nota Cultuur vastgesteld. En wij hebben de Subsidieregeling Buurtgeld vastgesteld.
In oktober heeft de gemeenteraad besloten een Reserve Binnenstad in te stellen.
In mei besloot de raad de Nota Erfgoed vast te stellen.
De Omgevingsvisie Zwolle is door ons college ter visie gelegd om in 2026 vastgesteld te worden.
Op basis van door de raad vastgestelde kaders werken we aan het Wijkplan Oost.
Het in wording zijnde uitvoeringsplan wordt naar verwachting in het tweede kwartaal van 2026 aan de raad
aangeboden. We zijn gestart met de Pilot Buurtbus. Op 12 maart is het Programma Fiets afgerond.
De Wijkmonitor Zwolle werd vernieuwd. De Pilot Deelauto is in juni van start gegaan.
De Nota Sport is vastgesteld. Het Speelplan Zwolle is door de raad vastgesteld. In de Zomerbrief 2025 is de vorming van een Woonagenda Zwolle vastgesteld.
De stadsdeel- en wijkmonitor werd vernieuwd tot de Buurtbarometer Zwolle.
Het omgevingsprogramma voor de locatie van de Oude Suikerfabriek (OSF) is afgerond. De omgevingsvisie voor het
stedelijk gebied is klaar. Het uitvoeringsplan voor de komende jaren volgt later. We werkten aan een
energieaanpak voor bedrijven.
In het voorjaar startte de eerste wijkaanpak in Holtenbroek. De gebiedsgerichte aanpak in Stadshagen loopt
door. De aanpak in Zwolle werkt.
"""),
    # areas named in the names of documents and projects
    "gebieden": (REPORT, """Jaarverslag 2025 gemeente Zwolle

In Salland werken we samen met de buurgemeenten. Regionaal werken we aan de Energiestrategie Salland (ESS).
Het Kennispunt Salland telt mee. De Mobiliteitshub Holtenbroek opende in Holtenbroek. Het Cultuurplan 2030
'Heel Salland Speelt' loopt door. De mobiliteit in de regio groeit en cultuur verbindt.
Met Stichting Salland Werkt sprak het college over Salland en over onze stad.
Daarnaast is een Digital Twin ontwikkeld voor delen van Zwolle. De gemeente Zwolle steunt de Pilot Stadsbus.
De Marktstraat krijgt nieuwe bomen. Over de stad valt meer te zeggen. Ook nu. En verder.
Het wonen in de Binnenstad groeit, ook aan de Marktstraat.
"""),
    # names the entity rules read
    "namen": (REPORT, """Jaarverslag 2025 gemeente Zwolle

We werken aan een structurele samenwerking met de Raad voor Kinderen. De raad van Zwolle stemde in.
Het advies van de commissie Woonagenda Zwolle 2030 was helder.
We voeren de Uitvoeringsagenda Wonen sociaal 2025 uit. Het Programma Zorg helpt 2025 mensen.
De Woonvisie 2030 is leidend; daarom is er de Uitvoeringsagenda Woonvisie 2030.
Het Deelplan Oost, onderdeel van het Programma Stadshart, is klaar. Ook is de tweede fase van de Omgevingsvisie
Zwolle, de Omgevingsvisie Buitengebied, klaar. Het Plan Zuid vormt de derde fase van het Programma Stadshart.
We pasten het Denkkader Wonen toe, waaronder de derde fase van de Omgevingsvisie Zwolle, De Brink en meer.
Het Stationsplein, aan het spoor, is een belangrijk element van de Spoorzone Zwolle.
Ook werkten we aan de Woondeal Zwolle, een collectieve verduurzamingsaanpak voor huurwoningen.
De raad stelde de Nota Bomen vast. Hiermee leveren we een bijdrage aan de klimaatadaptatie.
Met het Zonneveld Zuid leveren we een bijdrage aan de doelen voor duurzame opwekking van warmte. De Pilot Fiets
draagt bij aan schone lucht. De Pilot Bus draagt bij aan schone lucht en aan rust in de wijk.
"""),
    # a sentence without a topic of its own after one with a topic
    "doorgeschoven": (REPORT, """Jaarverslag 2025 gemeente Zwolle

1. Groen
Het Actieplan Groen gaat over biodiversiteit. Daarvoor werken we samen met de netbeheerders.
Verder zijn er in de buurt Assendorp bankjes geplaatst.
"""),
    # a municipality and a province the lexicon does not place: "deze nota", "de visie", "van de provincie"
    "terugverwijzingen": ("Jaarverslag 2025 gemeente Zandwijk", """Jaarverslag 2025 gemeente Zandwijk

In 2025 stelde de raad de Parkeernota Zandwijk 2025 vast. Deze nota vervangt het Parkeerplan 2012.
De Fietsvisie Zandwijk is leidend. De visie wordt uitgevoerd via de Uitvoeringsagenda Fiets 2025-2028.
Het Ontwikkelkader Centrum werkt de Gebiedsvisie Centrum verder uit.
De Energieagenda Zandwijk komt voort uit het Klimaatakkoord.
Het college heeft de ambities uit het Coalitieakkoord Zandwijk vertaald in het Collegeprogramma Zandwijk 2026.
Met de provincie Utrecht overlegden we over het Actieplan Fiets van de provincie.
We volgen de Nationale Omgevingsvisie (NOVI) van het Rijk.
"""),
    # the same events in a budget: it looks ahead, so a month has no known year and no past event is dated
    "begroting": (BUDGET, """Programmabegroting 2026 gemeente Zwolle

In oktober heeft de gemeenteraad besloten een Reserve Binnenstad in te stellen.
We zijn gestart met de Pilot Buurtbus.
"""),
}

@pytest.fixture(scope="module")
def reviewed() -> Callable[[str], Records]:
    """The proposed records of a text of TEXTS by name (extracted once, with the lexicon only)."""

    @functools.cache
    def get(name: str) -> Records:
        title, body = TEXTS[name]
        return proposed_records(body, title, source_id=name)

    return get


def _relations(record: dict[str, Any], relatie: str | None = None) -> list[dict[str, Any]]:
    return [r for r in record.get("relaties", []) if relatie is None or r["relatie"] == relatie]


# (subject, relation, object, confidence at least): proposed from the explicit phrasing
RELATIONS = [
    pytest.param("relaties", "koers-2035", "opgesteldDoor", "gemeente-zwolle", 0.6, id="zoals-vastgelegd-in-eerste-van-lijst"),
    pytest.param("relaties", "omgevingsplan-zwolle", "opgesteldDoor", "gemeente-zwolle", 0.6, id="zoals-vastgelegd-in-tweede"),
    pytest.param("relaties", "woonvisie-zwolle", "opgesteldDoor", "gemeente-zwolle", 0.6, id="zoals-vastgelegd-in-laatste"),
    pytest.param("relaties", "position-paper-salland-2040", "opgesteldDoor", "sallandse-gemeenten", 0.6,
                 id="waarin-de-doelen-van-X-zijn-vastgelegd"),
    pytest.param("relaties", "actieplan-armoede", "inSamenwerkingMet", "stichting-kans", 0.5,
                 id="samen-met-zonder-onderwerp-ervoor-dan-erna"),
    pytest.param("relaties", "actieplan-armoede", "opgesteldDoor", "gemeente-zwolle", 0.5, id="hebben-we-het-plan-opgesteld"),
    pytest.param("relaties", "zorgvisie-zwolle", "opgesteldDoor", "gemeente-zwolle", 0.5, id="hebben-wij-vastgelegd-in"),
    pytest.param("relaties", "pilot-regenton", "maaktDeelUitVan", "programma-schoon-water", 0.4,
                 id="in-het-kader-van-onderwerp-erna"),
    pytest.param("relaties", "zonneveld-kraggenburg", "draagtBijAan", "klimaatagenda-zwolle", 0.7,
                 id="leveren-we-een-belangrijke-bijdrage-aan"),
    pytest.param("relaties", "routekaart-wonen-2035", "bouwtVoortOp", "woonvisie-zwolle", 0.7, id="bouwt-verder-op"),
    pytest.param("relaties", "fietsplan-zwolle", "bouwtVoortOp", "mobiliteitsplan-2030", 0.6, id="als-vervolg-op"),
    pytest.param("relaties", "uitvoeringsprogramma-zorg", "geeftUitvoeringAan", "zorgvisie-zwolle", 0.7,
                 id="dat-invulling-geeft-aan"),
    pytest.param("relaties", "sallandse-koers", "inSamenwerkingMet", "zilveren-kruis", 0.5,
                 id="partner-na-een-opsommingsdeel-zonder-naam"),
    pytest.param("relaties", "sallandse-koers", "inSamenwerkingMet", "wijzwolle", 0.5, id="partner-verderop-in-de-opsomming"),
    pytest.param("relaties", "actieplan-schulden", "opgesteldDoor", "stichting-kans", 0.7, id="organisatie-heeft-opgesteld"),
    pytest.param("relaties", "woonagenda-oost", "opgesteldDoor", "provincie-overijssel", 0.7,
                 id="heeft-organisatie-gemaakt-na-het-werkwoord"),
    pytest.param("relaties", "armoedevisie-zwolle", "opgesteldDoor", "stichting-kans", 0.7, id="organisatie-schreef"),
    pytest.param("relaties", "fietsplan-oost", "opgesteldDoor", "provincie-overijssel", 0.8, id="is-door-organisatie-opgesteld"),
    pytest.param("relaties", "woondeal-zwolle", "uitgevoerdDoor", "gemeente-zwolle", 0.5,
                 id="gaven-we-met-woorden-ertussen-uitvoering-aan"),
    pytest.param("relaties", "woondeal-zwolle", "uitgevoerdDoor", "stichting-thuis", 0.5,
                 id="partner-van-wij-voert-mee-uit"),
    pytest.param("relaties", "zomerfestival-zwolle", "uitgevoerdDoor", "stichting-feest", 0.6, id="georganiseerd-door"),
    pytest.param("relaties", "begroting-2026", "isUitwerkingVan", "coalitieakkoord-zwolle", 0.7,
                 id="vindt-u-een-verdere-vertaling-van"),
    pytest.param("terugverwijzingen", "parkeernota-zandwijk-2025", "vervangt", "parkeerplan-2012", 0.5,
                 id="deze-nota-vervangt: de nota van de vorige zin"),
    pytest.param("terugverwijzingen", "uitvoeringsagenda-fiets-2025-2028", "geeftUitvoeringAan",
                 "fietsvisie-zandwijk", 0.5, id="de-visie-wordt-uitgevoerd-via"),
    pytest.param("terugverwijzingen", "ontwikkelkader-centrum", "isUitwerkingVan", "gebiedsvisie-centrum", 0.7,
                 id="werkt-verder-uit"),
    pytest.param("terugverwijzingen", "energieagenda-zandwijk", "isUitwerkingVan", "klimaatakkoord", 0.6,
                 id="komt-voort-uit"),
    pytest.param("terugverwijzingen", "collegeprogramma-zandwijk-2026", "isUitwerkingVan",
                 "coalitieakkoord-zandwijk", 0.7, id="vertaald-in"),
    pytest.param("terugverwijzingen", "actieplan-fiets", "opgesteldDoor", "provincie-utrecht", 0.6,
                 id="document-van-de-provincie: de enige genoemde provincie"),
    pytest.param("terugverwijzingen", "nationale-omgevingsvisie", "opgesteldDoor", "rijksoverheid", 0.6,
                 id="document-met-afkorting-van-het-rijk"),
]


@pytest.mark.parametrize(("text", "subject", "relatie", "doel", "at_least"), RELATIONS)
def test_relation_from_phrasing(reviewed: Callable[[str], Records], text: str, subject: str, relatie: str,
                                doel: str, at_least: float) -> None:
    records = reviewed(text)
    found = [r for r in _relations(records[subject], relatie) if r["doel"] == doel]
    assert len(found) == 1, _relations(records[subject])  # one proposal, even when two rules make it
    assert found[0]["voorstel"]["zekerheid"] >= at_least
    assert doel in records  # the object is a proposed record too


def test_a_quote_of_a_named_author_starts_at_the_full_name(reviewed: Callable[[str], Records]) -> None:
    novi = _relations(reviewed("terugverwijzingen")["nationale-omgevingsvisie"], "opgesteldDoor")
    assert [r["citaat"] for r in novi] == ["Nationale Omgevingsvisie (NOVI) van het Rijk"]


def test_adopted_by_is_not_written_by(reviewed: Callable[[str], Records]) -> None:
    assert _relations(reviewed("relaties")["sportplan-zwolle"], "opgesteldDoor") == []


def test_a_partner_is_an_organisation(reviewed: Callable[[str], Records]) -> None:
    records = reviewed("relaties")
    assert records["zilveren-kruis"]["type"] == "Organisatie"
    assert records["wijzwolle"]["type"] == "Organisatie"


# (record id, expected adoptions as (door, datum)); None: the record has no adoption
ADOPTIONS = [
    pytest.param("nota-cultuur", [(None, "2025")], id="vastgesteld-met-datum-zonder-orgaan"),
    pytest.param("subsidieregeling-buurtgeld", [("college-zwolle", None)], id="wij-hebben-vastgesteld-is-het-college"),
    pytest.param("reserve-binnenstad", [("gemeenteraad-zwolle", "2025-10")],
                 id="raad-besloot-in-te-stellen-in-oktober-van-het-verslagjaar"),
    pytest.param("nota-erfgoed", [("gemeenteraad-zwolle", "2025-05")], id="besloot-vast-te-stellen"),
    pytest.param("omgevingsvisie-zwolle", None, id="vastgesteld-te-worden-is-nog-geen-vaststelling"),
    pytest.param("wijkplan-oost", None, id="vastgestelde-kaders-zijn-niet-het-plan-erna"),
    pytest.param("nota-sport", [(None, "2025")], id="is-vastgesteld-zonder-datum-in-het-verslagjaar"),
    pytest.param("speelplan-zwolle", [("gemeenteraad-zwolle", None)], id="met-orgaan-geen-verzonnen-datum"),
    pytest.param("woonagenda-zwolle", None, id="de-vorming-van-een-agenda-is-het-besluit-niet-de-agenda"),
]


@pytest.mark.parametrize(("rid", "expected"), ADOPTIONS)
def test_adoption(reviewed: Callable[[str], Records], rid: str, expected: list[tuple[str | None, str | None]] | None
                  ) -> None:
    record = reviewed("gebeurtenissen")[rid]
    got = [(a.get("door"), a.get("datum")) for a in record.get("vaststellingen", [])]
    assert got == (expected or [])


# (text, record id, expected milestones as (soort, datum)), and whether they are below 0.6 (for review)
MILESTONES = [
    pytest.param("gebeurtenissen", "uitvoeringsplan", [("verwacht", "2026-Q2")], False,
                 id="het-in-wording-zijnde-uitvoeringsplan-naar-verwachting-Q2"),
    pytest.param("gebeurtenissen", "programma-fiets", [("gereed", "2025-03-12")], False,
                 id="op-12-maart-afgerond-in-het-verslagjaar"),
    pytest.param("gebeurtenissen", "pilot-buurtbus", [("gestart", "2025")], True,
                 id="gestart-zonder-datum-in-het-jaar-van-het-verslag"),
    pytest.param("gebeurtenissen", "wijkaanpak-in-holtenbroek", [("gestart", "2025")], True,
                 id="startte-in-het-voorjaar-van-het-verslagjaar"),
    pytest.param("gebeurtenissen", "reserve-binnenstad", [("besloten", "2025-10")], False,
                 id="besloten-in-oktober"),
    pytest.param("gebeurtenissen", "wijkmonitor-zwolle", [("gereed", "2025")], True, id="werd-vernieuwd"),
    pytest.param("gebeurtenissen", "pilot-deelauto", [("gestart", "2025-06")], False, id="in-juni-van-start-gegaan"),
    pytest.param("gebeurtenissen", "buurtbarometer-zwolle", [("gereed", "2025")], True,
                 id="vernieuwd-tot-mijlpaal-van-wat-het-werd"),
    pytest.param("gebeurtenissen", "stadsdeel-en-wijkmonitor", [], False, id="vernieuwd-tot-niet-van-wat-het-was"),
    pytest.param("begroting", "pilot-buurtbus", [], False, id="begroting-kent-geen-jaar-van-verslag"),
    pytest.param("begroting", "reserve-binnenstad", [], False, id="begroting-oktober-zonder-jaar-geen-datum"),
]


@pytest.mark.parametrize(("text", "rid", "expected", "for_review"), MILESTONES)
def test_milestone(reviewed: Callable[[str], Records], text: str, rid: str, expected: list[tuple[str, str]],
                   for_review: bool) -> None:
    milestones = reviewed(text)[rid].get("mijlpalen", [])
    assert [(m["soort"], m["datum"]) for m in milestones] == expected
    for m in milestones:
        assert (m["voorstel"]["zekerheid"] < 0.6) == for_review


def test_a_month_without_year_in_a_budget_is_no_adoption_date(reviewed: Callable[[str], Records]) -> None:
    adoption = reviewed("begroting")["reserve-binnenstad"]["vaststellingen"]
    assert [(a.get("door"), a.get("datum")) for a in adoption] == [("gemeenteraad-zwolle", None)]


# (record id, type, name): named by a compound alone or by the place a project works in
ENTITIES = [
    pytest.param("uitvoeringsplan", "Uitvoeringsplan", "Uitvoeringsplan", id="samenstelling-na-het-in-wording-zijnde"),
    pytest.param("wijkaanpak-in-holtenbroek", "Project", "Wijkaanpak in Holtenbroek", id="wijkaanpak-in-plaats"),
    pytest.param("gebiedsgerichte-aanpak-in-stadshagen", "Project", "Gebiedsgerichte aanpak in Stadshagen",
                 id="aanpak-met-bijvoeglijk-naamwoord-in-plaats"),
    pytest.param("holtenbroek", "Locatie", "Holtenbroek", id="plaats-van-de-aanpak-blijft-eigen-entiteit"),
    pytest.param("omgevingsprogramma-voor-de-locatie-van-de-oude-suikerfabriek", "Omgevingsprogramma",
                 "Omgevingsprogramma voor de locatie van de Oude Suikerfabriek", id="document-voor-een-plaats"),
    pytest.param("omgevingsvisie-voor-het-stedelijk-gebied", "Omgevingsvisie", "Omgevingsvisie voor het stedelijk gebied",
                 id="document-voor-een-gebied-gesloten-door-is"),
    pytest.param("uitvoeringsplan", "Uitvoeringsplan", "Uitvoeringsplan", id="voor-de-komende-jaren-is-een-periode"),
    pytest.param("energieaanpak-voor-bedrijven", "Project", "Energieaanpak voor bedrijven", id="samenstelling-voor-wie"),
    pytest.param("stadsdeel-en-wijkmonitor", "Instrument", "Stadsdeel- en wijkmonitor", id="samenstelling-met-weggelaten-deel"),
]


@pytest.mark.parametrize(("rid", "etype", "name"), ENTITIES)
def test_entity(reviewed: Callable[[str], Records], rid: str, etype: str, name: str) -> None:
    record = reviewed("gebeurtenissen")[rid]
    assert (record["type"], record["naam"]) == (etype, name)


def test_renewed_into_replaces(reviewed: Callable[[str], Records]) -> None:
    records = reviewed("gebeurtenissen")
    assert [(r["relatie"], r["doel"]) for r in _relations(records["buurtbarometer-zwolle"], "vervangt")] == [
        ("vervangt", "stadsdeel-en-wijkmonitor")]


# (subject, area): the subject's name (or its quoted title) names the area; "" when it concerns no area by name
AREAS_IN_NAMES = [
    pytest.param("energiestrategie-salland", "salland", id="regio-in-documentnaam"),
    pytest.param("mobiliteitshub-holtenbroek", "holtenbroek", id="plaats-in-projectnaam"),
    pytest.param("cultuurplan-2030", "salland", id="regio-in-geciteerde-titel"),
]


def test_a_place_lies_in_the_district_named_with_any_of_its_mentions(reviewed: Callable[[str], Records]) -> None:
    records = reviewed("gebieden")
    assert records["binnenstad"]["type"] == "Locatie"  # "in de Binnenstad": a name after a lower-case article
    # the first mention of the Marktstraat names no district; a later one does
    assert [r["doel"] for r in _relations(records["marktstraat"], "ligtIn")] == ["binnenstad"]


def test_the_bare_name_of_the_own_municipality_is_its_area(reviewed: Callable[[str], Records]) -> None:
    records = reviewed("gebieden")
    assert [r["doel"] for r in _relations(records["digital-twin"], "betreftGebied")] == ["zwolle"]
    # "de gemeente Zwolle" is the organisation, not the area
    assert _relations(records["pilot-stadsbus"], "betreftGebied") == []


@pytest.mark.parametrize(("subject", "area"), AREAS_IN_NAMES)
def test_area_in_a_name(reviewed: Callable[[str], Records], subject: str, area: str) -> None:
    records = reviewed("gebieden")
    found = [r for r in _relations(records[subject], "betreftGebied") if r["voorstel"]["regel"].startswith(
        "gebied in de naam")]
    assert [r["doel"] for r in found] == [area]
    assert found[0]["voorstel"]["zekerheid"] < 0.6  # for review
    assert area.split("-")[0] in found[0]["citaat"].lower()  # the quote shows the name that names the area


def test_an_organisation_named_after_an_area_concerns_none(reviewed: Callable[[str], Records]) -> None:
    assert not _relations(reviewed("gebieden")["kennispunt-salland"], "betreftGebied")


# (subject, relation, object or None: no such statement from the name)
NAMED_IN_NAMES = [
    pytest.param("mobiliteitshub-holtenbroek", "gaatOver", "mobiliteit", id="thema-begint-samenstelling-mobiliteitshub"),
    pytest.param("cultuurplan-2030", "gaatOver", "cultuur", id="thema-begint-samenstelling-cultuurplan"),
    pytest.param("kennispunt-salland", "ligtIn", "salland", id="organisatie-ligt-in-gebied-uit-haar-naam"),
    pytest.param("stichting-salland-werkt", "ligtIn", "salland", id="stichting-ligt-in-gebied-uit-haar-naam"),
    pytest.param("energiestrategie-salland", "gaatOver", None, id="geen-thema-in-de-naam"),
    pytest.param("college-zwolle", "ligtIn", None, id="bestuursorgaan-bestuurt-zijn-gebied"),
    pytest.param("gemeente-zwolle", "ligtIn", None, id="gemeente-bestuurt-haar-gebied"),
]


@pytest.mark.parametrize(("subject", "relatie", "doel"), NAMED_IN_NAMES)
def test_what_a_name_says(reviewed: Callable[[str], Records], subject: str, relatie: str, doel: str | None) -> None:
    found = [r for r in _relations(reviewed("gebieden")[subject], relatie) if "in de naam" in r["voorstel"]["regel"]]
    assert [r["doel"] for r in found] == ([doel] if doel else [])
    assert all(r["voorstel"]["zekerheid"] < 0.6 for r in found)


def test_no_area_or_partner_carried_over_to_a_topic_of_an_earlier_sentence(reviewed: Callable[[str], Records]
                                                                           ) -> None:
    records = reviewed("doorgeschoven")
    # "de buurt Assendorp": the area is named "Assendorp", the lower-case word describes it
    assert {"netbeheerders", "assendorp"} <= set(records)
    assert "buurt Assendorp" in records["assendorp"].get("ook", [])
    assert [(r["relatie"], r["doel"]) for r in _relations(records["actieplan-groen"])
            if r["relatie"] in ("inSamenwerkingMet", "betreftGebied")] == []


# (record id, type, name)
NAMES = [
    pytest.param("raad-voor-kinderen", "Organisatie", "Raad voor Kinderen", id="trefwoord-van-twee-woorden-Raad-voor"),
    pytest.param("gemeenteraad-zwolle", "Bestuursorgaan", None, id="de-raad-van-Zwolle-blijft-de-gemeenteraad"),
    pytest.param("commissie-woonagenda-zwolle-2030", "Organisatie", "Commissie Woonagenda Zwolle 2030",
                 id="commissie-genoemd-naar-document"),
    pytest.param("woonagenda-zwolle-2030", "Agenda", "Woonagenda Zwolle 2030", id="document-in-naam-van-commissie-blijft"),
    pytest.param("uitvoeringsagenda-wonen-sociaal-2025", "Agenda", "Uitvoeringsagenda Wonen sociaal 2025",
                 id="kleine-letters-tot-het-jaartal-horen-bij-de-naam"),
    pytest.param("programma-zorg", "Programma", "Programma Zorg", id="geen-jaartal-dat-iets-telt"),
]


@pytest.mark.parametrize(("rid", "etype", "name"), NAMES)
def test_name(reviewed: Callable[[str], Records], rid: str, etype: str, name: str | None) -> None:
    record = reviewed("namen")[rid]
    assert record["type"] == etype
    if name is not None:
        assert record["naam"] == name


# (subject, object or None: no maaktDeelUitVan)
PARTS = [
    pytest.param("deelplan-oost", "programma-stadshart", id="bijstelling-onderdeel-van"),
    pytest.param("omgevingsvisie-buitengebied", "omgevingsvisie-zwolle", id="bijstelling-na-de-tweede-fase-van"),
    pytest.param("plan-zuid", "programma-stadshart", id="vormt-de-derde-fase-van"),
    pytest.param("denkkader-wonen", None, id="fase-van-in-een-opsomming-is-geen-deel-van-wat-ervoor-staat"),
    # a lineage relation is between documents, initiatives and instruments (the shapes); an area lies in another
    pytest.param("stationsplein", None, id="een-plein-is-geen-deel-van-een-spoorzone-als-document"),
]


@pytest.mark.parametrize(("subject", "doel"), PARTS)
def test_part_of(reviewed: Callable[[str], Records], subject: str, doel: str | None) -> None:
    found = [r["doel"] for r in _relations(reviewed("namen")[subject], "maaktDeelUitVan")]
    assert found == ([doel] if doel else [])


def test_an_apposition_with_een_is_no_entity_of_its_own(reviewed: Callable[[str], Records]) -> None:
    assert "verduurzamingsaanpak-voor-huurwoningen" not in reviewed("namen")
    assert "woondeal-zwolle" in reviewed("namen")


def test_hiermee_points_back_to_what_was_done_not_to_who_did_it(reviewed: Callable[[str], Records]) -> None:
    records = reviewed("namen")
    assert [r["doel"] for r in _relations(records["nota-bomen"], "draagtBijAan")] == ["klimaatadaptatie"]
    assert _relations(records["gemeenteraad-zwolle"], "draagtBijAan") == []


# (subject, goal or None): the goal after "bijdrage aan" / "bij aan" is a theme when the lexicon has none
GOALS = [
    pytest.param("zonneveld-zuid", "duurzame-opwekking-van-warmte", id="bijdrage-aan-de-doelen-voor"),
    pytest.param("pilot-fiets", "schone-lucht", id="draagt-bij-aan"),
    pytest.param("pilot-bus", "schone-lucht", id="niet-gesloten-door-leesteken-geen-nieuw-doel"),
]


@pytest.mark.parametrize(("subject", "goal"), GOALS)
def test_goal_contributed_to(reviewed: Callable[[str], Records], subject: str, goal: str) -> None:
    records = reviewed("namen")
    assert records[goal]["type"] == "Onderwerp"
    assert [r["doel"] for r in _relations(records[subject], "draagtBijAan")] == [goal]


def test_an_uitvoerings_document_carries_out_the_document_it_is_named_after(reviewed: Callable[[str], Records]
                                                                           ) -> None:
    records = reviewed("namen")
    found = _relations(records["uitvoeringsagenda-woonvisie-2030"], "geeftUitvoeringAan")
    assert [(r["doel"], r["citaat"]) for r in found] == [("woonvisie-2030", "Uitvoeringsagenda Woonvisie 2030")]
    assert found[0]["voorstel"]["zekerheid"] < 0.6
    assert _relations(records["uitvoeringsagenda-wonen-sociaal-2025"], "geeftUitvoeringAan") == []


def test_no_project_named_by_the_municipality(reviewed: Callable[[str], Records]) -> None:
    assert not [rid for rid in reviewed("gebeurtenissen") if re.fullmatch(r".*aanpak-in-zwolle", rid)]


@pytest.mark.parametrize(("title", "year"), [
    pytest.param(REPORT, "2025", id="jaarverslag"),
    pytest.param("Jaarstukken 2024 gemeente Kampen, hoofdstuk 3", "2024", id="jaarstukken"),
    pytest.param(BUDGET, None, id="begroting-kijkt-vooruit"),
    pytest.param("Jaarverslag 2024-2025", None, id="twee-jaren"),
    pytest.param(None, None, id="geen-titel"),
])
def test_report_year(title: str | None, year: str | None) -> None:
    assert report_year(title) == year


def test_every_proposal_accepted_validates_with_the_shapes(tmp_path: Path, empty_data: Path) -> None:
    """All annual-report texts in one file, every proposal accepted: the records validate (SHACL included)."""
    bodies = [body.split("\n", 2)[2] for title, body in TEXTS.values() if title == REPORT]
    source = tmp_path / "jaarverslag.txt"
    source.write_text(REPORT + "\n\n" + "\n".join(bodies), encoding="utf-8")
    out = tmp_path / "voorstellen.yaml"
    assert main(["extract", str(source), "--data", str(empty_data), "--source-title", REPORT,
                 "--source-id", "jaarverslag-zwolle-2025", "-o", str(out)]) == 0
    decisions = tmp_path / "beslissingen.txt"
    decisions.write_text("a\n" * len(list(ReviewFile.load(out).proposals())), encoding="utf-8")
    assert main(["review", str(out), "--data", str(empty_data), "--decisions", str(decisions)]) == 0


@pytest.mark.parametrize("text", list(TEXTS))
def test_every_quote_is_verbatim_with_position(reviewed: Callable[[str], Records], text: str) -> None:
    norm = match_normalise(TEXTS[text][1])
    for rec in reviewed(text).values():
        for key in ("relaties", "vaststellingen", "mijlpalen"):
            for item in rec.get(key, []):
                assert find_quote(item["citaat"], norm), item["citaat"]
                start, end = item["voorstel"]["positie"]
                assert 0 <= start < end <= len(TEXTS[text][1])
                assert 0 < item["voorstel"]["zekerheid"] <= 1
