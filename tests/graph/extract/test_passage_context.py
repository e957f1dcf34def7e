"""What a passage says of the document it opens with, on a small text written for these tests (not from Hengelo
or a scored corpus): a sentence that opens "Het plan …" is about the plan named before (not about another plan
the previous sentence named last), the organisations after "wij met" are partners of what we sign, and money
"Voor de restauratie" goes to the restoration named before (not to the grant it comes from); "de uitvoering
van X ligt bij Y": Y carries X out; the fund money comes from is run by, the grant drawn up by, the government
that gives it; partners of what was signed "met" or drawn up "in samenspraak met"; what we will "aanbieden".
"""

from __future__ import annotations

import functools

import pytest

from tests.graph.extract.helpers import Records, proposed_records

TEXT = """Jaarverslag 2025 gemeente Deventer

3. Mobiliteit
De raad stelde in maart het Fietsplan Deventer 2025-2030 vast. Het plan vervangt het Fietsplan 2015-2020.
Het plan richt zich op verkeersveiligheid en fietsparkeren.
In juni ondertekenden wij met Woonstichting De Brug en Stichting Fietsdepot het Convenant Fietsparkeren Deventer.
Dit jaar begon de restauratie van watermolen De Vlijt. Voor de restauratie ontvingen we 300.000 euro uit de
Regeling Monumenten Overijssel. De uitvoering van het Convenant Fietsparkeren Deventer ligt bij Stichting
Fietsdepot.
Het Rijk kende ons 2 miljoen euro toe uit het Volkshuisvestingsfonds. Uit de Subsidieregeling Fietspaden
Overijssel ontvingen we van de provincie Overijssel 500.000 euro voor het Fietsplan Deventer 2025-2030.
In 2025 hebben wij het Convenant Vroegsignalering Deventer ondertekend met woningcorporatie Wâldwenjen en
drinkwaterbedrijf Vitens. Wij hebben het Actieplan Armoede opgesteld in samenspraak met de Cliëntenraad Sociaal
Domein. De Programmabegroting 2027-2030 bieden wij in oktober 2026 aan de raad aan; de Kadernota 2027, die wij
in mei 2026 aanbieden, volgt eerst.
"""


@functools.cache
def records() -> Records:
    return proposed_records(TEXT, "Jaarverslag 2025 gemeente Deventer")


def _targets(rid: str, relatie: str) -> set[str]:
    return {r["doel"] for r in records()[rid].get("relaties", []) if r["relatie"] == relatie}


@pytest.mark.parametrize(("rid", "themes"), [
    ("fietsplan-deventer-2025-2030", {"verkeersveiligheid", "fietsparkeren"}),  # "Het plan richt zich op …"
    ("fietsplan-2015-2020", set()),  # named last in the sentence before, but not the plan "het plan" means
])
def test_a_sentence_opening_with_the_plan_is_about_the_plan_named_before(rid: str, themes: set[str]) -> None:
    assert _targets(rid, "gaatOver") == themes


def test_partners_after_wij_met() -> None:
    assert _targets("convenant-fietsparkeren-deventer", "inSamenwerkingMet") == \
        {"woonstichting-de-brug", "stichting-fietsdepot"}


def test_money_for_what_the_sentence_opens_with() -> None:
    assert [f["bedrag"] for f in records()["restauratie-van-watermolen-de-vlijt"].get("financieringen", [])] == \
        ["300000"]
    assert not records()["regeling-monumenten-overijssel"].get("financieringen")


def test_the_carrying_out_lies_with() -> None:
    assert _targets("convenant-fietsparkeren-deventer", "uitgevoerdDoor") == {"stichting-fietsdepot"}


@pytest.mark.parametrize(("rid", "relatie", "giver"), [
    ("volkshuisvestingsfonds", "uitgevoerdDoor", "rijksoverheid"),  # a fund: run by who gives from it
    ("subsidieregeling-fietspaden-overijssel", "opgesteldDoor", "provincie-overijssel"),  # a grant: drawn up
])
def test_the_giver_of_a_fund_or_grant(rid: str, relatie: str, giver: str) -> None:
    assert _targets(rid, relatie) == {giver}


@pytest.mark.parametrize(("rid", "partners"), [
    ("convenant-vroegsignalering-deventer", {"woningcorporatie-waldwenjen", "drinkwaterbedrijf-vitens"}),
    ("actieplan-armoede", {"clientenraad-sociaal-domein"}),
])
def test_partners_of_what_was_signed_or_drawn_up_with(rid: str, partners: set[str]) -> None:
    assert _targets(rid, "inSamenwerkingMet") == partners


def test_what_we_will_offer_the_council_is_planned() -> None:
    assert [(m["soort"], m["datum"]) for m in records()["kadernota-2027"].get("mijlpalen", [])] == \
        [("gepland", "2026-05")]
