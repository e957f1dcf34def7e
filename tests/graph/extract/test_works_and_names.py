"""Works on places, names with a capital article inside, themes in compounds and more keywords, on a small text
written for these tests (not from Hengelo or a scored corpus).

A project named by the work done to a place: with or without "van" ("de gebiedsontwikkeling Havenkwartier"),
an area word and the name after it ("de restauratie van watermolen De Vlijt"), two places ("de herinrichting
van de Brink en het Stationsplein"), not an adjective ("het Deventerse deel"); a capital article inside a
name ("Herbestemming Fabriek De Zwaluw"); a theme opening a compound of a policy word ("re-integratiebeleid");
keywords for grants, task forces, advisory councils, counters, facilities, guidance notes and regional profiles; a title
in sentence case after a lower-case keyword ("het programma Kansrijk opgroeien van …"); a document the college
adopted, with no author named, drawn up by the college (not so for the council's); an
evaluation planned for a year ("We evalueren … in 2027"), a start planned ("start in het vierde kwartaal"),
and what is expected to be ready is expected, not done ("is naar verwachting eind 2026 gereed").
"""

from __future__ import annotations

import functools

import pytest

from tests.graph.extract.helpers import Records, proposed_records

TEXT = """Jaarverslag 2025 gemeente Deventer

4. Openbare ruimte
In 2025 startte de gebiedsontwikkeling Havenkwartier. De reconstructie van de N348 is bijna klaar.
We begonnen met de restauratie van watermolen De Vlijt en de uitbreiding van bedrijventerrein De Weteringen.
De herinrichting van de Brink en het Stationsplein is in voorbereiding. De aanleg van het Deventerse deel van de
fietsroute volgt in 2026.
Centraal staat het project Herbestemming Fabriek De Zwaluw aan de Havenkade.
Ons re-integratiebeleid is vernieuwd.
Voor isolatie ontvingen we de Specifieke uitkering Lokale Aanpak Verduurzaming.
Samen met de Taskforce Netcongestie Overijssel, de Sportraad Deventer en het Energieloket Deventer maakten we de
Handreiking Zonnedaken. Het Regioprofiel Cultuur Salland 2025-2028 is door de regio opgesteld.
In maart 2025 stelde het college het Uitvoeringsplan Groen 2025-2027 vast. De gemeenteraad stelde in juni de
Woonvisie Deventer 2035 vast. We evalueren het Energieloket Deventer in 2027.
Het warmtenet draait op aquathermie; bij nieuwe zonneparken streven we naar lokaal eigendom.
Geld kwam uit het programma Kansrijk opgroeien van het ministerie van VWS en uit het programma Lezen in de
wijk. Ook het programma Energiehubs en wordt deels door de provincie betaald. In mei is de nota Sport vastgesteld.
In oktober is het wijkpunt De Spil geopend; ook basisschool De Linde doet mee.
De Snelfietsroute Deventer-Olst is naar verwachting eind 2026 gereed. De voorbereiding van het nieuwe
Uitvoeringsplan Groen 2028-2031 start in het vierde kwartaal van 2027.
Met de schoolbesturen en het zorgkantoor maken we afspraken over de opvang. Het zwerfafval nam af.
"""


@functools.cache
def records() -> Records:
    return proposed_records(TEXT, "Jaarverslag 2025 gemeente Deventer")


@pytest.mark.parametrize(("rid", "etype", "naam", "variant"), [
    ("gebiedsontwikkeling-havenkwartier", "Project", "Gebiedsontwikkeling Havenkwartier", None),  # no "van"
    ("reconstructie-van-de-n348", "Project", "Reconstructie van de N348", "Reconstructie N348"),
    ("restauratie-van-watermolen-de-vlijt", "Project", "Restauratie van watermolen De Vlijt",
     "Restauratie watermolen De Vlijt"),
    ("uitbreiding-van-bedrijventerrein-de-weteringen", "Project", "Uitbreiding van bedrijventerrein De Weteringen",
     "Uitbreiding bedrijventerrein De Weteringen"),
    ("herinrichting-van-de-brink-en-het-stationsplein", "Project", "Herinrichting van de Brink en het Stationsplein",
     None),
    ("de-vlijt", "Locatie", "De Vlijt", "watermolen De Vlijt"),  # the places keep their own names
    ("brink", "Locatie", "Brink", None),
    ("stationsplein", "Locatie", "Stationsplein", None),
    ("project-herbestemming-fabriek-de-zwaluw", "Project", "Project Herbestemming Fabriek De Zwaluw",
     "Herbestemming Fabriek De Zwaluw"),
    ("re-integratie", "Onderwerp", "Re-integratie", "re-integratiebeleid"),
    ("specifieke-uitkering-lokale-aanpak-verduurzaming", "Regeling",
     "Specifieke uitkering Lokale Aanpak Verduurzaming", None),
    ("taskforce-netcongestie-overijssel", "Samenwerkingsverband", "Taskforce Netcongestie Overijssel", None),
    ("sportraad-deventer", "Organisatie", "Sportraad Deventer", None),
    ("energieloket-deventer", "Instrument", "Energieloket Deventer", None),
    ("handreiking-zonnedaken", "Nota", "Handreiking Zonnedaken", None),
    ("regioprofiel-cultuur-salland-2025-2028", "Strategie", "Regioprofiel Cultuur Salland 2025-2028", None),
    ("programma-kansrijk-opgroeien", "Programma", "Programma Kansrijk opgroeien",
     "Kansrijk opgroeien"),  # a title in sentence case, up to "van"
    ("programma-lezen-in-de-wijk", "Programma", "Programma Lezen in de wijk", "Lezen in de wijk"),  # up to "."
    ("programma-energiehubs", "Programma", "Programma Energiehubs", None),  # not "… en wordt deels …"
    ("nota-sport", "Nota", "Nota Sport", None),  # not "Sport vastgesteld"
    ("de-spil", "Locatie", "De Spil", "wijkpunt De Spil"),  # facilities named by a lower-case word
    ("de-linde", "Locatie", "De Linde", "basisschool De Linde"),
    ("schoolbesturen", "Organisatie", "Schoolbesturen", None),  # groups added to the lexicon
    ("zorgkantoor", "Organisatie", "Zorgkantoor", None),
    ("aquathermie", "Onderwerp", "Aquathermie", None),  # themes added to the lexicon
    ("lokaal-eigendom", "Onderwerp", "Lokaal eigendom", None),
    ("zwerfafval", "Onderwerp", "Zwerfafval", None),
])
def test_named(rid: str, etype: str, naam: str, variant: str | None) -> None:
    rec = records()[rid]
    assert (rec["type"], rec["naam"]) == (etype, naam)
    assert variant is None or variant in rec.get("ook", [])


def test_an_adjective_is_no_place_of_a_work() -> None:
    """'de aanleg van het Deventerse deel': no project named after 'Deventerse'."""
    assert not [r for r in records().values() if "deventerse" in str(r["id"])]


@pytest.mark.parametrize(("rid", "adopted_by", "authors"), [
    ("uitvoeringsplan-groen-2025-2027", "college-deventer", {"college-deventer"}),  # it adopts what it drew up
    ("woonvisie-deventer-2035", "gemeenteraad-deventer", set()),  # the council adopts the college's proposal
])
def test_author_of_what_the_college_adopted(rid: str, adopted_by: str, authors: set[str]) -> None:
    rec = records()[rid]
    assert [v["door"] for v in rec["vaststellingen"]] == [adopted_by]
    assert {r["doel"] for r in rec.get("relaties", []) if r["relatie"] == "opgesteldDoor"} == authors


@pytest.mark.parametrize(("rid", "milestones"), [
    ("energieloket-deventer", [("gepland", "2027")]),  # "We evalueren … in 2027"
    ("uitvoeringsplan-groen-2028-2031", [("gepland", "2027-Q4")]),  # "start in het vierde kwartaal van 2027"
    ("snelfietsroute-deventer-olst", [("verwacht", "2026")]),  # expected to be ready: not also "gereed"
])
def test_milestones(rid: str, milestones: list[tuple[str, str]]) -> None:
    assert [(m["soort"], m["datum"]) for m in records()[rid].get("mijlpalen", [])] == milestones


def test_the_source_document_is_also_named_without_its_chapter() -> None:
    """Title "Jaarverslag 2025 gemeente Deventer (concept), Programma 4 …": the whole report, and "jaarverslag 2025"
    as the text calls it, are variants of the source document."""
    title = "Jaarverslag 2025 gemeente Deventer (concept), Programma 4 Openbare ruimte"
    body = "Programma 4 Openbare ruimte\n\nIn dit hoofdstuk van het jaarverslag 2025 leggen we verantwoording af.\n"
    doc = proposed_records(body, title)["jaarverslag-2025-gemeente-deventer-concept-programma-4-openbare-ruimte"]
    assert {"Jaarverslag 2025 gemeente Deventer", "jaarverslag 2025"} <= set(doc["ook"])
