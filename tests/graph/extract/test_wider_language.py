"""Wider Dutch policy language, on a small text written for these tests (not from Hengelo or a scored corpus).

Agreements signed and laws in force (milestones and who made them), a council that will discuss a document
(a planned milestone on the date in the sentence, not the year in the document's name), money that goes to
what is named after the amount rather than to where it comes from, "we werken aan" a document (writing it)
against a project (carrying it out), instruments and reports named by their compound ("starterslening",
"toeristenbelasting", "klanttevredenheidsonderzoek"), organisations and places named by a keyword ("Zorggroep
Het Anker", "Rijksdienst voor Ondernemend Nederland", "Sporthal De Brink"), "Regio X" as the partnership of a
region, themes of the lexicon, and what does not fall under the theme of its section (a place, a national
document). A second text: names with a comma, a capital article, "met" or "en" inside them, the title after a
lower-case "project" or "programma" as a variant, who made an agreement in a relative clause ("dat het Rijk …
sloot"), lists of authors, and what "we" prepare, work out or carry out with partners. A third: names listed
after a group word ("de wijken A en B", "de woningcorporaties A en B"), an area named after a lower-case word
("de regio Noorderkwartier" is the area Noorderkwartier), signatories of a deal, a deal "die het Rijk en de
regio hebben gesloten", and "die we samen met X uitvoeren". A fourth: municipalities the lexicon does not list
and their bodies, a school "X College", national agencies of the lexicon.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests.graph.extract.helpers import Records, proposed_records

TITLE = "Jaarverslag 2025 gemeente Deventer"
TEXT = """Jaarverslag 2025 gemeente Deventer

3. Wonen en leefomgeving
Op 3 maart 2025 ondertekenden wij met Woonstichting De Brug het Convenant Schone Lucht Deventer.
De Huisvestingsverordening Deventer 2025 is per 1 juli 2025 in werking getreden.
De gemeenteraad behandelt de Kadernota 2027 op 4 juni 2026.
Wij werken aan de Woonvisie Deventer 2030. Ook werken we aan het Project Groene Kade.
Via de Subsidieregeling Groene Daken ontvingen wij 2 miljoen euro voor het Project Groene Kade.
Daarnaast stellen wij een storting van 3 miljoen euro in de Reserve Woningbouw voor.
Voor starters is er de starterslening; ook de toeristenbelasting stijgt. We hielden een klanttevredenheidsonderzoek.
Met Zorggroep Het Anker en de Rijksdienst voor Ondernemend Nederland bespraken we de huisvesting van statushouders
en het fietsparkeren in Sporthal De Brink.
De Nationale Woonagenda en de Havenkade worden in dit hoofdstuk ook genoemd.
De Verstedelijkingsstrategie Noordveen is door de Regio Noordveen opgesteld.
Samen met Borne en Almelo maakten we de programmeringsafspraken.
"""


NAMES_AND_AUTHORS = """Jaarverslag 2025 gemeente Deventer

Wij ontvingen geld van het ministerie van Volksgezondheid, Welzijn en Sport en uit het programma Preventie met
Gezag van het ministerie van Justitie en Veiligheid. Met het project Veilige Schoolomgevingen richten we scholen in.
Samen met Waterschap Rijn en IJssel werken we aan de Ruimtelijke Agenda De Drie Marken.
Dat past in het Gezond en Actief Leven Akkoord, dat het Rijk in 2023 met de VNG sloot.
Samen met Borne en Almelo voerden we het project 'Veilig Buitengebied' uit.
In 2025 zijn we gestart met de voorbereiding van het Volkshuisvestingsprogramma Deventer.
In 2026 stellen Borne en Almelo de Woonagenda Twente op.
Hoe we dat doen, werken we uit in het Uitvoeringsplan Gezond Deventer 2025-2026.
"""


GROUPS_AND_SIGNATORIES = """Jaarverslag 2025 gemeente Deventer

De eerste fase richt zich op de wijken Hoogveld en Berg-Noord. Partners zijn de woningcorporaties Woonstichting
Veldhof en Lindewonen Groep. Het plan is afgestemd met drinkwaterbedrijf Vitens.
Deventer is de centrumgemeente van de regio Noorderkwartier. De Regionale Agenda Noorderkwartier 2025 is het kader.
Op 3 april 2025 ondertekenden de provincie Gelderland en Stichting Werkwijs de Arbeidsmarktdeal Noorderkwartier.
Dat past in de Regio Deal Salland, die het Rijk en de regio in 2024 hebben gesloten.
Met de Pilot Taalhuis, die we samen met Bibliotheek Deventer uitvoeren, werken we aan taal.
"""


TOWNS_AND_BODIES = """Jaarverslag 2025 gemeente Deventer

Samen met de buurgemeente Holtvenne en de gemeenten Bresdonk en Kervenheim werken we aan de Woonagenda. Dat is
besproken met de gemeenteraad van Steenwaard en het college van burgemeester en wethouders van Zuidervaart. Het
algemeen bestuur van de ISLL stelde het plan vast. Ook het Vaartland College en UWV doen mee. De gemeenteraad van
Deventer stemde in. Het Noorder College doet mee.
"""


@functools.cache
def records(text: str = TEXT) -> Records:
    return proposed_records(text, TITLE)


def _relations(rid: str, relatie: str) -> set[str]:
    return {r["doel"] for r in records()[rid].get("relaties", []) if r["relatie"] == relatie}


def _events(rid: str, key: str) -> list[dict[str, Any]]:
    return list(records()[rid].get(key, []))


@pytest.mark.parametrize(("rid", "soort", "datum"), [
    ("convenant-schone-lucht-deventer", "gereed", "2025-03-03"),  # "ondertekenden wij"
    ("huisvestingsverordening-deventer-2025", "gestart", "2025-07-01"),  # "per … in werking getreden"
    ("kadernota-2027", "gepland", "2026-06-04"),  # "behandelt … op": the date, not the 2027 of the name
])
def test_milestone_of_signing_entry_into_force_and_discussion(rid: str, soort: str, datum: str) -> None:
    assert [(m["soort"], m["datum"]) for m in _events(rid, "mijlpalen")] == [(soort, datum)]


def test_what_we_sign_we_drew_up() -> None:
    assert _relations("convenant-schone-lucht-deventer", "opgesteldDoor") == {"gemeente-deventer"}


def test_working_on_a_document_is_writing_it_working_on_a_project_is_carrying_it_out() -> None:
    assert _relations("woonvisie-deventer-2030", "opgesteldDoor") == {"gemeente-deventer"}
    assert _relations("woonvisie-deventer-2030", "uitgevoerdDoor") == set()
    assert _relations("project-groene-kade", "uitgevoerdDoor") == {"gemeente-deventer"}
    assert _relations("project-groene-kade", "opgesteldDoor") == set()


@pytest.mark.parametrize(("rid", "bedrag"), [
    ("project-groene-kade", "2000000"),  # "… euro voor het Project", not the regulation it came "via"
    ("reserve-woningbouw", "3000000"),  # "een storting van … euro in de Reserve"
])
def test_funding_goes_to_what_the_money_is_for(rid: str, bedrag: str) -> None:
    assert [f["bedrag"] for f in _events(rid, "financieringen")] == [bedrag]


def test_no_funding_for_where_the_money_comes_from() -> None:
    assert _events("subsidieregeling-groene-daken", "financieringen") == []


@pytest.mark.parametrize(("rid", "etype", "naam"), [
    ("starterslening", "Instrument", "Starterslening"),
    ("toeristenbelasting", "Instrument", "Toeristenbelasting"),
    ("klanttevredenheidsonderzoek", "Rapport", "Klanttevredenheidsonderzoek"),
    ("zorggroep-het-anker", "Organisatie", "Zorggroep Het Anker"),
    ("rijksdienst-voor-ondernemend-nederland", "Rijksorganisatie", "Rijksdienst voor Ondernemend Nederland"),
    ("sporthal-de-brink", "Locatie", "Sporthal De Brink"),
    ("regio-noordveen", "Samenwerkingsverband", "Regio Noordveen"),
    ("statushouders", "Onderwerp", "Statushouders"),
    ("fietsparkeren", "Onderwerp", "Fietsparkeren"),
    ("programmeringsafspraken", "Convenant", "Programmeringsafspraken"),  # not "Almelo programmeringsafspraken"
])
def test_entity(rid: str, etype: str, naam: str) -> None:
    rec = records()[rid]
    assert (rec["type"], rec["naam"]) == (etype, naam)


def test_the_regional_partnership_drew_up_its_strategy() -> None:
    assert _relations("verstedelijkingsstrategie-noordveen", "opgesteldDoor") == {"regio-noordveen"}


@pytest.mark.parametrize(("rid", "under"), [
    ("woonvisie-deventer-2030", True),
    ("reserve-woningbouw", True),
    ("havenkade", False),  # a place is not part of a programme
    ("sporthal-de-brink", False),
    ("nationale-woonagenda", False),  # a document of the Rijk, named in the section
])
def test_what_falls_under_the_theme_of_its_section(rid: str, under: bool) -> None:
    assert (_relations(rid, "valtOnder") == {"wonen-en-leefomgeving"}) is under


def _named(rid: str) -> tuple[str, str, list[str]]:
    rec = records(NAMES_AND_AUTHORS)[rid]
    return rec["type"], rec["naam"], list(rec.get("ook", []))


@pytest.mark.parametrize(("rid", "etype", "naam", "variant"), [
    ("ministerie-van-volksgezondheid-welzijn-en-sport", "Rijksorganisatie",
     "Ministerie van Volksgezondheid, Welzijn en Sport", None),  # a lexicon name with a comma
    ("programma-preventie-met-gezag", "Programma", "Programma Preventie met Gezag", "Preventie met Gezag"),
    ("project-veilige-schoolomgevingen", "Project", "Project Veilige Schoolomgevingen", "Veilige Schoolomgevingen"),
    ("waterschap-rijn-en-ijssel", "Overheidsorganisatie", "Waterschap Rijn en IJssel", None),
    ("ruimtelijke-agenda-de-drie-marken", "Agenda", "Ruimtelijke Agenda De Drie Marken", None),
    ("gezond-en-actief-leven-akkoord", "Convenant", "Gezond en Actief Leven Akkoord", None),
    ("veilig-buitengebied", "Project", "Veilig Buitengebied", None),  # a project's quoted title, not an area
])
def test_name_with_connecting_words(rid: str, etype: str, naam: str, variant: str | None) -> None:
    got_type, got_name, variants = _named(rid)
    assert (got_type, got_name) == (etype, naam)
    assert variant is None or variant in variants


@pytest.mark.parametrize(("rid", "relatie", "doelen"), [
    ("gezond-en-actief-leven-akkoord", "opgesteldDoor", {"rijksoverheid"}),  # ", dat het Rijk … sloot"
    ("woonagenda-twente", "opgesteldDoor", {"gemeente-borne", "gemeente-almelo"}),  # "stellen A en B … op"
    ("volkshuisvestingsprogramma-deventer", "opgesteldDoor", {"gemeente-deventer"}),  # "voorbereiding van"
    ("uitvoeringsplan-gezond-deventer-2025-2026", "opgesteldDoor", {"gemeente-deventer"}),  # "werken we uit in"
    ("veilig-buitengebied", "uitgevoerdDoor", {"gemeente-deventer", "gemeente-borne", "gemeente-almelo"}),
    ("veilig-buitengebied", "inSamenwerkingMet", {"gemeente-borne", "gemeente-almelo"}),  # "voerden we … uit"
    ("ruimtelijke-agenda-de-drie-marken", "opgesteldDoor", {"gemeente-deventer"}),
    ("ruimtelijke-agenda-de-drie-marken", "uitgevoerdDoor", set()),  # a partner in writing, not carrying out
])
def test_who_made_or_carries_out(rid: str, relatie: str, doelen: set[str]) -> None:
    got = {r["doel"] for r in records(NAMES_AND_AUTHORS)[rid].get("relaties", []) if r["relatie"] == relatie}
    assert got == doelen


@pytest.mark.parametrize(("rid", "etype", "naam", "variant"), [
    ("hoogveld", "Wijk", "Hoogveld", None),  # "de wijken Hoogveld en Berg-Noord"
    ("berg-noord", "Wijk", "Berg-Noord", None),
    ("woonstichting-veldhof", "Organisatie", "Woonstichting Veldhof", None),  # "de woningcorporaties A en B"
    ("lindewonen-groep", "Organisatie", "Lindewonen Groep", None),
    ("drinkwaterbedrijf-vitens", "Organisatie", "Drinkwaterbedrijf Vitens", None),
    ("noorderkwartier", "Regio", "Noorderkwartier", "regio Noorderkwartier"),  # the area, not "regio …"
    ("stichting-werkwijs", "Organisatie", "Stichting Werkwijs", None),  # not "… de Arbeidsmarktdeal …"
])
def test_name_in_a_group_or_after_a_describing_word(rid: str, etype: str, naam: str, variant: str | None) -> None:
    rec = records(GROUPS_AND_SIGNATORIES)[rid]
    assert (rec["type"], rec["naam"]) == (etype, naam)
    assert variant is None or variant in rec.get("ook", [])


@pytest.mark.parametrize(("rid", "relatie", "doelen"), [
    ("regionale-agenda-noorderkwartier-2025", "betreftGebied", {"noorderkwartier"}),
    ("arbeidsmarktdeal-noorderkwartier", "opgesteldDoor", {"provincie-gelderland", "stichting-werkwijs"}),
    ("regio-deal-salland", "opgesteldDoor", {"rijksoverheid"}),  # ", die het Rijk en de regio hebben gesloten"
    ("pilot-taalhuis", "uitgevoerdDoor", {"gemeente-deventer", "bibliotheek-deventer"}),  # "die we … uitvoeren"
    ("pilot-taalhuis", "inSamenwerkingMet", {"bibliotheek-deventer"}),
])
def test_signatories_and_what_we_carry_out(rid: str, relatie: str, doelen: set[str]) -> None:
    got = {r["doel"] for r in records(GROUPS_AND_SIGNATORIES)[rid].get("relaties", []) if r["relatie"] == relatie}
    assert got == doelen


@pytest.mark.parametrize(("rid", "etype", "naam", "variant"), [
    ("gemeente-holtvenne", "Gemeente", "Gemeente Holtvenne", "Holtvenne"),  # "de buurgemeente Holtvenne"
    ("gemeente-bresdonk", "Gemeente", "Gemeente Bresdonk", "Bresdonk"),  # "de gemeenten Bresdonk en Kervenheim"
    ("gemeente-kervenheim", "Gemeente", "Gemeente Kervenheim", "Kervenheim"),
    ("gemeenteraad-van-steenwaard", "Bestuursorgaan", "Gemeenteraad van Steenwaard", None),
    ("college-van-burgemeester-en-wethouders-van-zuidervaart", "Bestuursorgaan",
     "College van burgemeester en wethouders van Zuidervaart", None),
    ("algemeen-bestuur-van-isll", "Bestuursorgaan", "Algemeen bestuur van ISLL", None),
    ("vaartland-college", "Organisatie", "Vaartland College", None),
    ("noorder-college", "Organisatie", "Noorder College", None),  # not "Het Noorder College"
    ("uitvoeringsinstituut-werknemersverzekeringen", "Overheidsorganisatie",
     "Uitvoeringsinstituut Werknemersverzekeringen", "UWV"),
    ("gemeenteraad-deventer", "Bestuursorgaan", "Gemeenteraad van Deventer", None),  # the own council, as before
])
def test_other_towns_their_bodies_and_agencies(rid: str, etype: str, naam: str, variant: str | None) -> None:
    rec = records(TOWNS_AND_BODIES)[rid]
    assert (rec["type"], rec["naam"]) == (etype, naam)
    assert variant is None or variant in rec.get("ook", [])
    assert "tooi" not in rec, "no TOOI code invented: the reviewer adds it"
