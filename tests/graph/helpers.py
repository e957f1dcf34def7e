"""Make small data folders for tests: a source text, sources.yaml and one record file."""

from __future__ import annotations

import textwrap
from pathlib import Path

SOURCE_TEXT = """\
Hoofdstuk 1 Proef
Inleiding
De Toekomstvisie Proefstad 2040 is in 2023 vastgesteld door de gemeenteraad.
Het Programma Groene Wĳken vormt een verdere uitwerking van de Toekomstvisie
Proefstad 2040. De raad stelde een krediet van 2 miljoen Euro voor de periode
2024-2027 beschikbaar. Het plan wordt naar verwachting in het tweede kwartaal van 2025 aan de raad aangeboden.
Resultaten
De gemeente Proefstad werkt samen met de Provincie Proefland.
"""

HEADER = """\
bron: proef
records:
"""

BASE_RECORDS = """\
  - id: proef-jaarverslag
    type: Jaarstukken
    naam: Jaarverslag Proefstad
    ook: [Hoofdstuk 1 Proef]
    citaat: "Hoofdstuk 1 Proef"
  - id: gemeente-proefstad
    type: Gemeente
    tooi: gm9999
    naam: Gemeente Proefstad
    citaat: "De gemeente Proefstad werkt samen"
  - id: gemeenteraad-proefstad
    type: Bestuursorgaan
    naam: Gemeenteraad Proefstad
    ook: [gemeenteraad]
    citaat: "vastgesteld door de gemeenteraad"
  - id: toekomstvisie-proefstad-2040
    type: Visie
    naam: Toekomstvisie Proefstad 2040
    citaat: "De Toekomstvisie Proefstad 2040 is in 2023 vastgesteld"
    vaststellingen:
      - {door: gemeenteraad-proefstad, datum: "2023", citaat: "is in 2023 vastgesteld door de gemeenteraad"}
  - id: programma-groene-wijken
    type: Programma
    naam: Programma Groene Wijken
    citaat: "Het Programma Groene Wĳken vormt"
    relaties:
      - {relatie: isUitwerkingVan, doel: toekomstvisie-proefstad-2040, citaat: "Het Programma Groene Wijken vormt een verdere uitwerking van de Toekomstvisie Proefstad 2040."}
    financieringen:
      - {bedrag: "2000000", soort: exact, periode: "2024/2027", door: gemeenteraad-proefstad, naam: krediet, citaat: "De raad stelde een krediet van 2 miljoen Euro voor de periode 2024-2027 beschikbaar."}
    mijlpalen:
      - {soort: verwacht, datum: "2025-Q2", omschrijving: aangeboden aan de raad, citaat: "naar verwachting in het tweede kwartaal van 2025 aan de raad aangeboden"}
"""


def make_data(root: Path, extra_records: str = "", *, records: str | None = None, text: str = SOURCE_TEXT) -> Path:
    """Write a data folder under ``root`` and return it; ``extra_records`` is appended to the base records."""
    data = root / "data"
    (data / "sources").mkdir(parents=True, exist_ok=True)
    (data / "proef").mkdir(exist_ok=True)
    (data / "sources" / "proef.txt").write_text(text, encoding="utf-8")
    (data / "sources.yaml").write_text(textwrap.dedent("""\
        bronnen:
          - id: proef
            bestand: sources/proef.txt
            document: proef-jaarverslag
            titel: "Proefstad jaarverslag, hoofdstuk 1"
            records: proef
            secties:
              - {kop: "Hoofdstuk 1 Proef", niveau: 1}
              - {kop: "Inleiding", niveau: 2}
              - {kop: "Resultaten", niveau: 2}
        """), encoding="utf-8")
    body = records if records is not None else BASE_RECORDS + extra_records
    (data / "proef" / "records.yaml").write_text(HEADER + body, encoding="utf-8")
    return data


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line of ``path`` that contains ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
