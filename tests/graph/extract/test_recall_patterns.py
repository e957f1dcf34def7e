"""The recall rules added for issue #6 on small Dutch texts written for these tests (not from Hengelo).

Themes from the lexicon, projects named by the work done to a place, compounds with a project or instrument
word, groups of partners, road numbers, names with "van" before their keyword, what a passage is about and
where (gaatOver, betreftGebied, ligtIn), what "we" (the municipality) do, "Hiermee ..." pointing back,
headings, documents and bodies named by number or office, and quoted titles and project names.

Each text is extracted once (the `reviewed` fixture); the expectations are tables, one row a case, in the
way a conformance suite runs its cases as data: what is proposed with which type or name, what is not
proposed, which statements are proposed (some for review, below 0.6), and which are the only ones.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, NamedTuple

import pytest

from beleidsgraaf.graph.textnorm import find_quote, match_normalise
from tests.graph.extract.helpers import Records, proposed_records

TITLE = "Jaarverslag 2025 gemeente Deventer"


class Text(NamedTuple):
    """A test text and how it is handed to the extractor."""

    body: str
    source_id: str = "d"
    file_name: str = "t.txt"


TEXTS = {
    # one annual report on which most recall rules fire
    "deventer": Text("""Jaarverslag 2025 gemeente Deventer

1. Leefbare wijken
Het Actieplan Buurtkracht richt zich op eenzaamheid en mantelzorg in de wijk Keizerslanden.
We geven uitvoering aan het Actieplan Buurtkracht, samen met Stichting Present en de woningcorporaties.
De Woonvisie Deventer 2030 is door de raad vastgesteld. Hiermee geven we invulling aan de Regionale Woonagenda Salland.
In onze stad begon de herinrichting van de Stationsweg. Het Kunst van Deventer festival trok veel bezoekers.
Voor de bestemmingsreserve Stadshart en een uitvoeringskrediet langs de N348 stelde de raad middelen beschikbaar.
Met Zwolle maakten we het Koersdocument Warmte Salland.
""", source_id="deventer", file_name="jaarverslag.txt"),
    # a theme named in the introduction before its own heading
    "kopjes": Text("Jaarverslag 2025 gemeente Deventer\n\n"
                   "Dit hoofdstuk gaat over twee opgaven; Sterke economie komt als tweede aan bod.\n\n"
                   "1. Leefbare wijken\nHet Programma Wijkkracht loopt door tot 2027.\n\n"
                   "2. Sterke economie\nHet Programma Werkstad Deventer helpt ondernemers.\n"),
    # documents named by number, bodies named by office, a counted group of municipalities
    "nummers": Text("Jaarverslag 2025 gemeente Deventer\n\n"
                    "De raad is geïnformeerd met twee raadsbrieven (zaaknummers 1234567 en 7654321).\n"
                    "Meer hierover staat in paragraaf 4.3 en 4.4 en in bijlage 2.1.\n"
                    "Hiertoe besloten de minister van BZK en de staatssecretaris van EZK.\n"
                    "Samen met de zeven Achterhoekse gemeenten werken we aan de regiodeal.\n"),
    # a quoted title after a named document
    "titel": Text("Jaarverslag 2025 gemeente Deventer\n\n"
                  "Het Cultuurplan 2030 'Stad in Beweging' gaf richting aan ons werk.\n"),
    # quoted names after a project word, a quoted motto, and ’n (een) that opens no quote
    "projecten": Text("Jaarverslag 2025 gemeente Deventer\n\n"
                      "Bij de projecten ‘Samen aan tafel’ (welzijn) en ‘Thuis in de wijk’ werkten we met vrijwilligers.\n"
                      "Dat gaf ’n goede start; het motto ‘Doe mee’ hing overal.\n"),
}

@pytest.fixture(scope="module")
def reviewed() -> Callable[[str], Records]:
    """The proposed records of a text of TEXTS by its name, each text extracted once for the module."""

    @functools.cache
    def get(name: str) -> Records:
        text = TEXTS[name]
        return proposed_records(text.body, TITLE, source_id=text.source_id, text_file=text.file_name)

    return get


def _statements(record: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["relatie"], r["doel"]) for r in record.get("relaties", [])]


def _statement(record: dict[str, Any], relatie: str, doel: str) -> dict[str, Any]:
    by_key: dict[tuple[str, str], dict[str, Any]] = {(r["relatie"], r["doel"]): r for r in record.get("relaties", [])}
    assert (relatie, doel) in by_key, f"{record['id']} {relatie} {doel} not among {_statements(record)}"
    return by_key[(relatie, doel)]


# (text, record id, key, expected value): the record is proposed and its key has that value ("regel": the rule that
# proposed it, under voorstel)
PROPOSED = [
    pytest.param("deventer", "eenzaamheid", "type", "Onderwerp", id="lexicon-thema-eenzaamheid-is-Onderwerp"),
    pytest.param("deventer", "mantelzorg", "type", "Onderwerp", id="lexicon-thema-mantelzorg-is-Onderwerp"),
    pytest.param("deventer", "eenzaamheid", "regel", "onderwerp (lexicon)", id="lexicon-thema-noemt-zijn-regel"),
    pytest.param("deventer", "herinrichting-van-de-stationsweg", "type", "Project",
                 id="werk-aan-een-plek-herinrichting-van-de-Stationsweg-is-Project"),
    # the place keeps its own entity inside the project name
    pytest.param("deventer", "stationsweg", "type", "Locatie", id="plek-in-projectnaam-Stationsweg-is-Locatie"),
    pytest.param("deventer", "bestemmingsreserve-stadshart", "type", "Instrument",
                 id="samenstelling-bestemmingsreserve-Stadshart-is-Instrument"),
    pytest.param("deventer", "woningcorporaties", "type", "Organisatie", id="groep-woningcorporaties-is-Organisatie"),
    pytest.param("deventer", "n348", "type", "Locatie", id="wegnummer-N348-is-Locatie"),
    pytest.param("deventer", "kunst-van-deventer-festival", "naam", "Kunst van Deventer festival",
                 id="naam-met-van-voor-trefwoord-Kunst-van-Deventer-festival"),
    # a place of the text lies in the own municipality, named there as "onze stad"
    pytest.param("deventer", "deventer", "type", "Gemeentegebied", id="onze-stad-Deventer-is-Gemeentegebied"),
    pytest.param("nummers", "brief-zaaknummer-1234567", "type", "Brief", id="raadsbrief-zaaknummer-1234567-is-Brief"),
    pytest.param("nummers", "brief-zaaknummer-7654321", "type", "Brief",
                 id="tweede-zaaknummer-7654321-is-ook-Brief"),
    pytest.param("nummers", "paragraaf-4-3", "type", "Beleidsdocument", id="paragraaf-4.3-is-Beleidsdocument"),
    pytest.param("nummers", "paragraaf-4-4", "type", "Beleidsdocument", id="en-4.4-is-ook-paragraaf-Beleidsdocument"),
    pytest.param("nummers", "bijlage-2-1", "type", "Beleidsdocument", id="bijlage-2.1-is-Beleidsdocument"),
    pytest.param("nummers", "ministerie-van-binnenlandse-zaken-en-koninkrijksrelaties", "type", "Rijksorganisatie",
                 id="minister-van-BZK-is-ministerie-Rijksorganisatie"),
    pytest.param("nummers", "ministerie-van-economische-zaken", "type", "Rijksorganisatie",
                 id="staatssecretaris-van-EZK-is-ministerie-Rijksorganisatie"),
    pytest.param("nummers", "achterhoekse-gemeenten", "type", "Samenwerkingsverband",
                 id="zeven-Achterhoekse-gemeenten-is-Samenwerkingsverband"),
    pytest.param("titel", "cultuurplan-2030", "naam", "Cultuurplan 2030",
                 id="geciteerde-titel-hoort-niet-bij-naam-Cultuurplan-2030"),
    pytest.param("projecten", "samen-aan-tafel", "type", "Project", id="projecten-Samen-aan-tafel-is-Project"),
    pytest.param("projecten", "thuis-in-de-wijk", "type", "Project", id="en-Thuis-in-de-wijk-is-ook-Project"),
]


@pytest.mark.parametrize(("text", "rid", "key", "expected"), PROPOSED)
def test_proposed_record(reviewed: Callable[[str], Records], text: str, rid: str, key: str, expected: str) -> None:
    record = reviewed(text)[rid]
    value = record["voorstel"]["regel"] if key == "regel" else record[key]
    assert value == expected, record


# (text, record id, name): the record is proposed with that name among its other names (ook)
ALSO_NAMED = [
    pytest.param("nummers", "brief-zaaknummer-1234567", "1234567", id="brief-ook-bij-zaaknummer-1234567"),
    pytest.param("nummers", "achterhoekse-gemeenten", "zeven Achterhoekse gemeenten",
                 id="groep-ook-als-zeven-Achterhoekse-gemeenten"),
    pytest.param("titel", "cultuurplan-2030", "Stad in Beweging",
                 id="geciteerde-titel-Stad-in-Beweging-is-andere-naam-van-document"),
]


@pytest.mark.parametrize(("text", "rid", "name"), ALSO_NAMED)
def test_another_name_of_a_record(reviewed: Callable[[str], Records], text: str, rid: str, name: str) -> None:
    assert name in reviewed(text)[rid]["ook"]


# (text, pattern): no proposed record id matches the pattern as a whole
NOT_PROPOSED = [
    # money for something, not an instrument
    pytest.param("deventer", ".*uitvoeringskrediet.*", id="uitvoeringskrediet-langs-N348-is-geen-Instrument"),
    # the words of a quoted title are not a place
    pytest.param("titel", "beweging", id="woorden-van-geciteerde-titel-zijn-geen-plek"),
    # a quote without a project word before it
    pytest.param("projecten", "doe-mee", id="motto-Doe-mee-zonder-projectwoord-is-geen-project"),
    # ’n (een) is no opening quotation mark
    pytest.param("projecten", "n-.*", id="apostrof-n-opent-geen-citaat"),
]


@pytest.mark.parametrize(("text", "pattern"), NOT_PROPOSED)
def test_not_proposed(reviewed: Callable[[str], Records], text: str, pattern: str) -> None:
    assert not [rid for rid in reviewed(text) if re.fullmatch(pattern, rid)]


# (text, subject, relation, object): the statement is proposed (among others)
STATEMENTS = [
    pytest.param("deventer", "actieplan-buurtkracht", "gaatOver", "eenzaamheid", id="passage-gaat-over-eenzaamheid"),
    pytest.param("deventer", "actieplan-buurtkracht", "gaatOver", "mantelzorg", id="passage-gaat-over-mantelzorg"),
    pytest.param("deventer", "actieplan-buurtkracht", "betreftGebied", "keizerslanden",
                 id="passage-betreft-wijk-Keizerslanden"),
    pytest.param("deventer", "stationsweg", "ligtIn", "deventer", id="plek-ligt-in-onze-stad"),
    pytest.param("deventer", "actieplan-buurtkracht", "uitgevoerdDoor", "gemeente-deventer",
                 id="we-geven-uitvoering-dus-uitgevoerd-door-gemeente"),
    pytest.param("deventer", "actieplan-buurtkracht", "inSamenwerkingMet", "stichting-present",
                 id="samen-met-Stichting-Present"),
    pytest.param("deventer", "actieplan-buurtkracht", "inSamenwerkingMet", "woningcorporaties",
                 id="samen-met-de-woningcorporaties"),
    pytest.param("deventer", "koersdocument-warmte-salland", "opgesteldDoor", "gemeente-deventer",
                 id="met-Zwolle-maakten-we-dus-opgesteld-door-gemeente"),
    pytest.param("deventer", "woonvisie-deventer-2030", "geeftUitvoeringAan", "regionale-woonagenda-salland",
                 id="hiermee-wijst-terug-naar-de-vorige-zin"),
]


@pytest.mark.parametrize(("text", "subject", "relatie", "doel"), STATEMENTS)
def test_proposed_statement(reviewed: Callable[[str], Records], text: str, subject: str, relatie: str,
                            doel: str) -> None:
    assert (relatie, doel) in _statements(reviewed(text)[subject])


# (subject, relation, object, words of the rule or None): proposed from context, so below 0.6 (for review)
FOR_REVIEW = [
    pytest.param("actieplan-buurtkracht", "gaatOver", "eenzaamheid", None, id="samen-voorkomen-gaatOver-ter-beoordeling"),
    pytest.param("woonvisie-deventer-2030", "geeftUitvoeringAan", "regionale-woonagenda-salland",
                 "verwijzing naar de vorige zin", id="hiermee-verwijzing-naar-de-vorige-zin-ter-beoordeling"),
]


@pytest.mark.parametrize(("subject", "relatie", "doel", "regel"), FOR_REVIEW)
def test_context_statement_is_for_review(reviewed: Callable[[str], Records], subject: str, relatie: str, doel: str,
                                         regel: str | None) -> None:
    proposal = _statement(reviewed("deventer")[subject], relatie, doel)["voorstel"]
    assert proposal["zekerheid"] < 0.6
    if regel is not None:
        assert regel in proposal["regel"]


# (text, subject, relation or None for all, statements): these are its only statements (of that relation)
ONLY_STATEMENTS = [
    pytest.param("kopjes", "programma-wijkkracht", "valtOnder", [("valtOnder", "leefbare-wijken")],
                 id="valtOnder-volgt-het-kopje-Leefbare-wijken"),
    # the theme "Sterke economie" is named in the introduction already, but the programme is under its heading
    pytest.param("kopjes", "programma-werkstad-deventer", "valtOnder", [("valtOnder", "sterke-economie")],
                 id="valtOnder-volgt-het-kopje-niet-de-eerste-vermelding-Sterke-economie"),
    # a numbered part is a part of the document the text comes from
    pytest.param("nummers", "bijlage-2-1", None, [("maaktDeelUitVan", "jaarverslag-2025-gemeente-deventer")],
                 id="bijlage-maakt-deel-uit-van-het-brondocument"),
]


@pytest.mark.parametrize(("text", "subject", "relatie", "expected"), ONLY_STATEMENTS)
def test_only_statements(reviewed: Callable[[str], Records], text: str, subject: str, relatie: str | None,
                         expected: list[tuple[str, str]]) -> None:
    got = [s for s in _statements(reviewed(text)[subject]) if relatie is None or s[0] == relatie]
    assert got == expected


@pytest.mark.parametrize("text", list(TEXTS))
def test_every_new_quote_is_found_in_the_text(reviewed: Callable[[str], Records], text: str) -> None:
    norm = match_normalise(TEXTS[text].body)
    for rec in reviewed(text).values():
        for item in [rec, *rec.get("relaties", [])]:
            assert find_quote(item["citaat"], norm), item["citaat"]
