"""Helpers of the extractor tests: the records proposed for a small text written for a test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from beleidsgraaf.graph.extract.entities import Gazetteer
from beleidsgraaf.graph.extract.extractor import extract, review_data
from beleidsgraaf.graph.extract.reading import SourceText

#: proposed records by id
Records = dict[str, dict[str, Any]]


def proposed_records(body: str, title: str, *, gazetteer: Gazetteer | None = None, source_id: str = "tekst",
                     text_file: str = "tekst.txt") -> Records:
    """Extract ``body`` (as the text of the file ``text_file``) and return the proposed records by id.

    With the lexicon only, unless a ``gazetteer`` is given.
    """
    ex = extract(SourceText(body, Path(text_file)), gazetteer or Gazetteer.build(None), title=title)
    data = review_data(ex, source_id=source_id, title=title, text_file=text_file)
    return {str(r["id"]): r for r in data["records"]}
