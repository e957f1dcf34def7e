"""Fixtures of the extractor tests: small Dutch texts written for the tests (not from the Hengelo chapter)."""

from __future__ import annotations

from pathlib import Path

import pytest

from beleidsgraaf.graph.extract.entities import Gazetteer

#: A fictional programme budget of Zwolle; every pattern of the extractor occurs once.
ZWOLLE = """Programmabegroting 2026 gemeente Zwolle

1. Wonen en werken
Het Uitvoeringsprogramma Wonen 2025-2028 vormt een verdere uitwerking van de Woonvisie Zwolle 2030.
De Woonvisie Zwolle 2030 is in 2022 opgesteld door Zwolle en Deventer, samen met de provincie.
De raad stelde de Routekaart schoon water en een bijbehorend uitvoeringskrediet van 3 miljoen euro
voor de periode 2025-2028 vast. Met de Woondeal Regio Zwolle geven we invulling aan de Nationale
Woonagenda. Het Programmaplan Stadshart wordt naar verwachting in het derde kwartaal van 2026 aan de
raad aangeboden.

2. Klimaat
Het Hittebestendig Plan draagt bij aan de Klimaatagenda Zwolle. Het Deelplan Noord maakt deel uit van
het Programma Stadshart 2030. In samenwerking met Stichting Woonkracht is de Pilot Buurtkracht in
2025 gestart. Van het Rĳk ontvingen we ruim 2,5 miljoen euro voor het Programma Stadshart 2030.
In 2025 is de nota Cultuur vastgesteld. De Regionale Energiestrategie Zwolle (RES) is de basis; de RES
wordt elk jaar bijgesteld.
"""


@pytest.fixture()
def zwolle_file(tmp_path: Path) -> Path:
    """The Zwolle text as a UTF-8 file."""
    path = tmp_path / "begroting-zwolle.txt"
    path.write_text(ZWOLLE, encoding="utf-8")
    return path


@pytest.fixture()
def empty_data(tmp_path: Path) -> Path:
    """A data folder with no sources yet (so tests do not depend on the curation of data/hengelo)."""
    data = tmp_path / "data"
    (data / "sources").mkdir(parents=True)
    (data / "sources.yaml").write_text("# bronnen\nbronnen: []\n", encoding="utf-8")
    return data


@pytest.fixture()
def lexicon_only() -> Gazetteer:
    """A gazetteer with only the lexicon's public bodies (no records)."""
    return Gazetteer.build(None)
