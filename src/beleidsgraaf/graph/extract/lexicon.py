"""The Dutch lexicons of the extractor, kept as YAML data files next to this module.

``lexicon/entiteiten.yaml`` holds the head words of document names, organisation, area and project words,
public bodies with their TOOI codes and stop words; ``lexicon/relaties.yaml`` holds the relation phrasings;
``lexicon/onderwerpen.yaml`` the policy themes.
All three are package data, read once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from beleidsgraaf.errors import OntologyError


@dataclass(frozen=True, slots=True)
class PublicBody:
    """A public body or region every Dutch text may name (not taken from curated records)."""

    name: str
    type: str
    alt: tuple[str, ...]
    tooi: str | None
    province: str | None = None


@dataclass(frozen=True, slots=True)
class RelationPattern:
    """One phrasing of a relation: a regular expression on folded text and where subject and object stand.

    ``subject`` / ``obj`` are ``voor`` (before the phrase), ``na`` (after it) or ``zin`` (anywhere else in
    the sentence); ``subject_kinds`` / ``object_kinds`` restrict the coarse types (IRI segments) allowed.
    ``subject_fallback`` is where to look for the subject when none stands at ``subject`` ("Samen met A
    hebben we het Plan B opgesteld": after the phrase); ``all_subjects`` takes every fitting subject after
    the phrase (a list: "zoals vastgelegd in de Koers, de Visie en het Plan"). A named group ``kern`` in
    the regex marks the phrase itself; the rest of the match is context the phrase needs.
    """

    relation: str
    regex: str
    subject: str
    obj: str
    confidence: float
    subject_kinds: frozenset[str]
    object_kinds: frozenset[str]
    stop: str | None
    all_objects: bool
    subject_fallback: str | None = None
    all_subjects: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the entity and relation rules look up."""

    documents: dict[str, str]
    not_documents: frozenset[str]
    name_required: frozenset[str]
    organisations: dict[str, str]
    areas: dict[str, str]
    projects: dict[str, str]
    public_bodies: tuple[PublicBody, ...]
    own_bodies: tuple[dict[str, Any], ...]
    stopwords: frozenset[str]
    relations: tuple[RelationPattern, ...]
    #: policy themes: (name, variants), from ``lexicon/onderwerpen.yaml``
    themes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: groups of actors named without a proper name ("de netbeheerders"): organisations
    parties: frozenset[str] = frozenset()

    def points_back(self, det: str, head: str) -> bool:
        """Whether "``det`` ``head``" (folded) can refer back to a document or project named before.

        A demonstrative always can ("deze nota", "dit fonds"); an article only with a document or project word
        ("het plan", "de aanpak"; not "de stad").
        """
        return det not in ("de", "het") or head in self.documents or head in self.projects


def _read(name: str) -> dict[str, Any]:
    """Read one packaged lexicon file.

    Raises:
        OntologyError: the file is missing or not valid YAML (a packaging bug).
    """
    try:
        text = resources.files("beleidsgraaf.graph.extract").joinpath("lexicon", name).read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise OntologyError(f"cannot read the packaged lexicon {name}: {exc}") from exc
    if not isinstance(data, dict):
        raise OntologyError(f"the packaged lexicon {name} is not a mapping")
    return data


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (cached).

    Raises:
        OntologyError: a lexicon file is missing or malformed.
    """
    ent = _read("entiteiten.yaml")
    rel = _read("relaties.yaml")
    themes = tuple((str(t["naam"]), tuple(str(a) for a in t.get("ook", []) or []))
                   for t in _read("onderwerpen.yaml").get("onderwerpen", []))
    bodies = tuple(
        PublicBody(str(b["naam"]), str(b["type"]), tuple(str(a) for a in b.get("ook", [])), b.get("tooi"),
                   b.get("provincie"))
        for b in ent.get("openbare_lichamen", [])
    )
    patterns: list[RelationPattern] = []
    for item in rel.get("relaties", []):
        for pat in item.get("patronen", []):
            patterns.append(RelationPattern(
                relation=str(item["relatie"]),
                regex=str(pat["regex"]),
                subject=str(pat.get("onderwerp", "voor")),
                obj=str(pat.get("object", "na")),
                confidence=float(pat.get("zekerheid", item.get("zekerheid", 0.7))),
                subject_kinds=frozenset(pat.get("onderwerp_soort", item.get("onderwerp_soort", [])) or []),
                object_kinds=frozenset(pat.get("object_soort", item.get("object_soort", [])) or []),
                stop=pat.get("tot"),
                all_objects=bool(pat.get("alle_objecten", item.get("alle_objecten", True))),
                subject_fallback=pat.get("onderwerp_anders"),
                all_subjects=bool(pat.get("alle_onderwerpen", False)),
            ))
    return Lexicon(
        documents={str(k): str(v) for k, v in ent["documenten"].items()},
        not_documents=frozenset(ent.get("geen_document", [])),
        name_required=frozenset(ent.get("alleen_met_naam", [])),
        organisations={str(k): str(v) for k, v in ent["organisaties"].items()},
        areas={str(k): str(v) for k, v in ent["gebieden"].items()},
        projects={str(k): str(v) for k, v in ent["projecten"].items()},
        public_bodies=bodies,
        own_bodies=tuple(ent.get("eigen_organen", [])),
        stopwords=frozenset(str(w) for w in ent.get("stopwoorden", [])),
        relations=tuple(patterns),
        themes=themes,
        parties=frozenset(str(w) for w in ent.get("partijen", []) or []),
    )
