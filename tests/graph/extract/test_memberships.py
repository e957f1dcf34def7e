"""Who is a member of a partnership, on a small text written for these tests (not from Hengelo or a scored
corpus): the organisations, and "we", named in a sentence about working together in a partnership named after
"in" or "binnen"; a region with a compound name ("Energieregio Salland") is a partnership, not an area, and
the region it is named after is an area. And
which body is part of which: a council of its municipality, a ministry of the Rijk.
"""

from __future__ import annotations

import functools

import pytest

from tests.graph.extract.helpers import Records, proposed_records

TEXT = """Jaarverslag 2025 gemeente Deventer

2. Samenwerking
Sinds 2021 werken wij met de buurgemeenten Olst-Wijhe en Raalte samen in de Energieregio Salland.
In de Jeugdzorgalliantie IJsselland werken de gemeenten Olst-Wijhe en Raalte sinds 2019 samen.
We werken samen met de netbeheerders aan de warmteplannen in de regio Salland.
"""


@functools.cache
def records() -> Records:
    return proposed_records(TEXT, "Jaarverslag 2025 gemeente Deventer")


@pytest.mark.parametrize(("rid", "partnerships"), [
    ("gemeente-deventer", {"energieregio-salland"}),  # "wij", in the first sentence only
    ("gemeente-olst-wijhe", {"energieregio-salland", "jeugdzorgalliantie-ijsselland"}),
    ("gemeente-raalte", {"energieregio-salland", "jeugdzorgalliantie-ijsselland"}),
    ("buurgemeenten", set()),  # a group word stands for the members named with it
    ("netbeheerders", set()),  # working together in an area ("de regio Salland") is no membership
])
def test_members(rid: str, partnerships: set[str]) -> None:
    assert {r["doel"] for r in records()[rid].get("relaties", []) if r["relatie"] == "isLidVan"} == partnerships


def test_a_compound_region_is_a_partnership() -> None:
    assert records()["energieregio-salland"]["type"] == "Samenwerkingsverband"
    assert records()["salland"]["type"] == "Regio"


def test_the_region_a_partnership_is_named_after() -> None:
    """"de Jeugdzorgalliantie IJsselland": the area IJsselland, which the text names nowhere else."""
    rec = records()["ijsselland"]
    assert (rec["type"], rec["naam"]) == ("Regio", "IJsselland")


ORGANS = """Jaarverslag 2025 gemeente Deventer

De gemeenteraad stelde de Woonvisie Deventer 2035 vast. Het Rijk en het ministerie van Volkshuisvesting en
Ruimtelijke Ordening steunen de aanpak; Rijkswaterstaat legt de weg aan.
"""


@pytest.mark.parametrize(("rid", "parents"), [
    ("gemeenteraad-deventer", {"gemeente-deventer"}),  # the council is an organ of the municipality
    ("ministerie-van-volkshuisvesting-en-ruimtelijke-ordening", {"rijksoverheid"}),  # a ministry of the Rijk
    ("rijkswaterstaat", set()),  # an agency: not said of which ministry
])
def test_organs(rid: str, parents: set[str]) -> None:
    rec = proposed_records(ORGANS, "Jaarverslag 2025 gemeente Deventer")[rid]
    assert {r["doel"] for r in rec.get("relaties", []) if r["relatie"] == "isOnderdeelVan"} == parents
