"""The review file: proposals a person accepts, edits or rejects, and writing the accepted ones as records.

A review file is YAML, a superset of the record format (docs/records.md)::

    bron: {id, bestand, document, titel, records, secties, origineel}   # the new source entry
    tekst: voorstel.txt                                                   # verbatim text, next to the file
    records:
      - id: ...                      # a record as in data/<folder>/*.yaml ...
        type: ...
        naam: ...
        citaat: ...
        bekend: true                 # ... already in the graph (only its statements are proposed)
        voorstel: {status: voorgesteld, zekerheid: 0.8, positie: [start, end], pagina: 2, regel: ...}
        relaties:
          - {relatie: ..., doel: ..., citaat: ..., voorstel: {status: ..., zekerheid: ..., positie: ...}}
        vaststellingen: [...]        # same, each with its own voorstel
        financieringen: [...]
        mijlpalen: [...]

``status`` is ``voorgesteld`` (not decided), ``geaccepteerd`` or ``afgewezen``. Only accepted proposals are
written, as a normal record file ``data/<records>/voorstellen.yaml`` (statements about ``bekend`` entities,
defined in another source's records, under its ``aanvullingen``) plus the source entry in
``sources.yaml`` and the text in ``data/sources/``; the result is validated like any other source before
anything is written into the data folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from beleidsgraaf.errors import InvalidParameter, RecordError, SourceLocation, ValidationFailed

STATUSES = ("voorgesteld", "geaccepteerd", "afgewezen")
SECTIONS = ("relaties", "vaststellingen", "financieringen", "mijlpalen")
SINGLE = ("datum", "status")
RECORD_KEYS = ("id", "type", "naam", "naam_en", "ook", "omschrijving", "citaat", "tooi", "status", "datum",
               "relaties", "vaststellingen", "financieringen", "mijlpalen")
REVIEW_ONLY = ("voorstel", "bekend")
#: Fields a reviewer may edit, per kind of proposal.
EDITABLE = {
    "record": ("id", "type", "naam", "naam_en", "ook", "omschrijving", "citaat"),
    "relaties": ("relatie", "doel", "citaat"),
    "vaststellingen": ("door", "datum", "citaat"),
    "financieringen": ("bedrag", "soort", "valuta", "periode", "door", "naam", "citaat"),
    "mijlpalen": ("soort", "datum", "omschrijving", "citaat"),
    "datum": ("waarde", "citaat"),
    "status": ("waarde", "citaat"),
}
RECORDS_FILE = "voorstellen.yaml"


class _Dumper(yaml.SafeDumper):
    """Block style for records, flow style for the small mappings inside them."""


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    flow = not any(isinstance(v, dict | list) and k != "positie" for k, v in data.items()) \
        or set(data) <= {"status", "zekerheid", "positie", "pagina", "regel"}
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


_Dumper.add_representer(dict, _represent_dict)


def dump_review(data: dict[str, Any]) -> str:
    """Serialise review-file data (keys in the order given, Unicode kept)."""
    head = ("# Voorstellen van `beleidsgraaf extract`; beoordeel ze met `beleidsgraaf review BESTAND`.\n"
            "# Proposals made by `beleidsgraaf extract`; review them with `beleidsgraaf review FILE`.\n"
            "# voorstel.status: voorgesteld | geaccepteerd | afgewezen\n")
    return head + yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)


@dataclass(slots=True)
class Proposal:
    """One decidable proposal: an entity record or one of its statements (``section`` says which)."""

    index: int
    record: dict[str, Any]
    section: str | None
    item: dict[str, Any]
    #: the whole review file's data, so that renaming an id can follow every reference to it
    review: dict[str, Any] | None = None

    @property
    def meta(self) -> dict[str, Any]:
        """The ``voorstel`` mapping (status, zekerheid, positie, pagina)."""
        meta = self.item.setdefault("voorstel", {"status": "voorgesteld"})
        if not isinstance(meta, dict):
            meta = {"status": "voorgesteld"}
            self.item["voorstel"] = meta
        return meta

    @property
    def status(self) -> str:
        """``voorgesteld``, ``geaccepteerd`` or ``afgewezen``."""
        return str(self.meta.get("status", "voorgesteld"))

    @status.setter
    def status(self, value: str) -> None:
        self.meta["status"] = value

    @property
    def kind(self) -> str:
        """``record`` for an entity, else the section (``relaties``, ``mijlpalen``, ``datum``, ...)."""
        return self.section or "record"

    @property
    def confidence(self) -> float:
        """The extractor's confidence, 0..1."""
        try:
            return float(self.meta.get("zekerheid", 0))
        except (TypeError, ValueError):
            return 0.0

    def describe(self) -> str:
        """One line saying what is proposed."""
        rec = self.record
        if self.section is None:
            known = " (bekend / known)" if rec.get("bekend") else ""
            alt = f" [ook: {join_variants(rec['ook'])}]" if rec.get("ook") else ""
            return f"entiteit / entity {rec.get('id')}: {rec.get('type')} “{rec.get('naam')}”{alt}{known}"
        values = ", ".join(f"{k}={v}" for k, v in self.item.items() if k not in ("citaat", "voorstel", "relatie"))
        if self.section == "relaties":
            return f"relatie / relation {rec.get('id')} —{self.item.get('relatie')}→ {self.item.get('doel')}"
        return f"{self.section} {rec.get('id')}: {values}"

    def shown(self, field: str) -> str:
        """The value of ``field`` as one line of text: what an editor shows and :meth:`edit` reads back."""
        value = self.item.get(field, "")
        return join_variants(value) if isinstance(value, list) else str(value)

    def edit(self, field: str, value: str) -> None:
        """Change one field of the proposal.

        Renaming a record's ``id`` renames every reference to it in the review file too (:func:`rename_id`).

        Raises:
            InvalidParameter: (the field name) the field cannot be edited for this kind of proposal, or a new
                ``id`` is not a slug or already taken in the file.
        """
        allowed = EDITABLE[self.kind]
        if field not in allowed:
            raise InvalidParameter(
                field, f"cannot be edited on a {self.kind} proposal (editable: {', '.join(allowed)})")
        if field == "id" and self.review is not None:
            rename_id(self.review, str(self.item.get("id")), value.strip())
            return
        if field == "ook":
            self.item[field] = split_variants(value)
        elif value.strip():
            self.item[field] = value.strip()
        else:
            self.item.pop(field, None)


#: how the variants (``ook``) of a proposal are shown and edited as one line of text
VARIANT_SEPARATOR = " | "


def split_variants(value: str) -> list[str]:
    """The variants in an edited line: separated by ``|``, or by commas when the line has no ``|``.

    "Ministerie van VWS | Ministerie van Volksgezondheid, Welzijn en Sport" keeps the comma of the second
    name; "RES, RES Twente" is two variants; a single name with a comma ends in ``|``.
    """
    parts = value.split("|") if "|" in value else value.split(",")
    return [v.strip() for v in parts if v.strip()]


def join_variants(values: list[Any]) -> str:
    """The variants as the one line :func:`split_variants` reads back (a single name with a comma ends in "|")."""
    line = VARIANT_SEPARATOR.join(map(str, values))
    return f"{line} |" if len(values) == 1 and "," in line else line


def rename_id(data: dict[str, Any], old: str, new: str) -> int:
    """Rename the proposed entity ``old`` to ``new`` in review-file ``data``, with every reference to it.

    References are the ``doel`` of relations, the ``door`` of adoptions and fundings, and the source's
    ``document``. Returns the number of references changed (the record itself not counted).

    Raises:
        InvalidParameter: (``id``) ``new`` is not a slug, or another record of the file already has it.
    """
    from beleidsgraaf.graph.records import SLUG_RE

    if not SLUG_RE.match(new):
        raise InvalidParameter("id", f"{new!r} is not a slug (lowercase a-z, 0-9, single hyphens)")
    records = [r for r in data.get("records", []) or [] if isinstance(r, dict)]
    if new != old and any(str(r.get("id")) == new for r in records):
        raise InvalidParameter("id", f"{new!r} is already the id of another record in this review file")
    changed = 0
    for rec in records:
        if str(rec.get("id")) == old and not rec.get("bekend"):
            rec["id"] = new
        for section in SECTIONS:
            for item in rec.get(section, []) or []:
                if not isinstance(item, dict):
                    continue
                for key in ("doel", "door"):
                    if str(item.get(key)) == old:
                        item[key] = new
                        changed += 1
    bron = data.get("bron")
    if isinstance(bron, dict) and str(bron.get("document")) == old:
        bron["document"] = new
        changed += 1
    return changed


class ReviewFile:
    """A review file on disk with its proposals."""

    def __init__(self, path: Path, data: dict[str, Any]) -> None:
        self.path = path
        self.data = data

    @classmethod
    def load(cls, path: Path) -> ReviewFile:
        """Read and check a review file.

        Raises:
            InvalidParameter: (``REVIEWFILE``) the file cannot be read.
            RecordError: the file is not valid YAML or misses ``bron`` / ``records`` (with file and line).
        """
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidParameter("REVIEWFILE", f"{path}: cannot read: {exc.strerror or exc}") from exc
        try:
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            raise RecordError(f"invalid YAML: {exc.problem}", SourceLocation(path, mark.line + 1 if mark else 1),
                              "yaml") from exc
        if not isinstance(data, dict) or not isinstance(data.get("bron"), dict) or \
                not isinstance(data.get("records"), list):
            raise RecordError("a review file needs 'bron' (a mapping) and 'records' (a list)",
                              SourceLocation(path, 1), "schema")
        for key in ("id", "document", "titel"):
            if not data["bron"].get(key):
                raise RecordError(f"'bron' misses {key!r}", SourceLocation(path, 1), "schema")
        return cls(path, data)

    @property
    def source(self) -> dict[str, Any]:
        """The new source entry."""
        bron: dict[str, Any] = self.data["bron"]
        return bron

    @property
    def records(self) -> list[dict[str, Any]]:
        """The proposed records."""
        recs: list[dict[str, Any]] = self.data["records"]
        return recs

    def text_path(self) -> Path:
        """The file with the verbatim source text."""
        return self.path.parent / str(self.data.get("tekst") or self.path.with_suffix(".txt").name)

    def text(self) -> str:
        """The verbatim source text.

        Raises:
            InvalidParameter: (``tekst``) the text file is missing.
        """
        try:
            return self.text_path().read_text(encoding="utf-8")
        except OSError as exc:
            raise InvalidParameter("tekst", f"{self.text_path()}: cannot read the source text: {exc}") from exc

    def proposals(self) -> list[Proposal]:
        """Every proposal, in file order (an entity, then its statements)."""
        out: list[Proposal] = []
        for rec in self.records:
            if not isinstance(rec, dict):
                continue
            if not rec.get("bekend"):
                out.append(Proposal(len(out), rec, None, rec, self.data))
            for single in SINGLE:
                item = rec.get(single)
                if isinstance(item, dict) and "voorstel" in item:
                    out.append(Proposal(len(out), rec, single, item, self.data))
            for section in SECTIONS:
                for item in rec.get(section, []) or []:
                    if isinstance(item, dict):
                        out.append(Proposal(len(out), rec, section, item, self.data))
        return out

    def save(self) -> None:
        """Write the file back (decisions and edits included)."""
        self.path.write_text(dump_review(self.data), encoding="utf-8")

    def counts(self) -> dict[str, int]:
        """How many proposals have each status."""
        counts = dict.fromkeys(STATUSES, 0)
        for p in self.proposals():
            counts[p.status] = counts.get(p.status, 0) + 1
        return counts


# ----- writing the accepted proposals -------------------------------------------------------------------


@dataclass(slots=True)
class WriteResult:
    """What :func:`write_accepted` wrote and what it had to leave out (with the reason)."""

    records: int
    statements: int
    skipped: list[str]
    files: list[Path]
    #: how many known entities (defined in another source) got statements, under ``aanvullingen``
    additions: int = 0


def _accepted(item: dict[str, Any]) -> bool:
    meta = item.get("voorstel")
    return isinstance(meta, dict) and meta.get("status") == "geaccepteerd"


def _clean(item: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if k not in REVIEW_ONLY}


@dataclass(slots=True)
class Accepted:
    """The accepted proposals in record format: new ``records`` and ``aanvullingen`` to known entities."""

    records: list[dict[str, Any]]
    additions: list[dict[str, Any]]
    statements: int
    notes: list[str]


def accepted_records(review: ReviewFile, existing: set[str]) -> Accepted:
    """The accepted proposals as record-format mappings; ``existing`` are the ids already in the data.

    A statement about a new entity is written only when that entity's record is accepted; a statement about a
    known entity (``bekend``, defined in another source's records) is written as an ``aanvullingen`` entry.
    Every id a statement names (``doel``, ``door``) must be accepted or exist; the statements left out are
    listed with the reason.
    """
    notes: list[str] = []
    accepted_ids = {str(r["id"]) for r in review.records if isinstance(r, dict) and not r.get("bekend")
                    and _accepted(r)}
    available = accepted_ids | existing
    out: list[dict[str, Any]] = []
    additions: list[dict[str, Any]] = []
    statements = 0
    for rec in review.records:
        if not isinstance(rec, dict):
            continue
        rid = str(rec.get("id"))
        known = bool(rec.get("bekend"))
        subject_written = not known and _accepted(rec)
        addable = known and rid in existing
        new: dict[str, Any] = {}
        added: dict[str, Any] = {"id": rid}
        for key in RECORD_KEYS:
            if key not in rec:
                continue
            value = rec[key]
            if key in SECTIONS:
                kept = []
                for item in value or []:
                    if not isinstance(item, dict) or not _accepted(item):
                        continue
                    missing = [str(item[k]) for k in ("doel", "door")
                               if item.get(k) and str(item[k]) not in available]
                    if not (subject_written or addable):
                        why = "it is not in the data" if known else "it was not accepted"
                        notes.append(f"{key} of {rid} not written: the record of {rid} is not written ({why})")
                    elif missing:
                        notes.append(f"{key} of {rid} not written: {', '.join(missing)} was not accepted "
                                     "and does not exist")
                    else:
                        kept.append(_clean(item))
                if kept:
                    (new if subject_written else added)[key] = kept
                    statements += len(kept)
            elif key in SINGLE and isinstance(value, dict):
                if _accepted(value) and subject_written:
                    new[key] = _clean(value)
                    statements += 1
                elif _accepted(value) and known:
                    notes.append(f"{key} of {rid} not written: the {key} of a known entity stays with its own "
                                 "record (an addition holds relaties, vaststellingen, financieringen, mijlpalen)")
            else:
                new[key] = value
        if subject_written:
            out.append(new)
        elif len(added) > 1:
            additions.append(added)
    return Accepted(out, additions, statements, notes)


def _append_source(sources_yaml: Path, entry: dict[str, Any]) -> None:
    text = sources_yaml.read_text(encoding="utf-8") if sources_yaml.exists() else "bronnen:\n"
    text = re.sub(r"(?m)^bronnen:\s*\[\]\s*$", "bronnen:", text)
    block = yaml.dump([entry], Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    block = "".join("  " + line if line.strip() else line for line in block.splitlines(keepends=True))
    if not text.endswith("\n"):
        text += "\n"
    sources_yaml.write_text(text + block, encoding="utf-8")


def _source_ids(sources_yaml: Path) -> set[str]:
    if not sources_yaml.exists():
        return set()
    try:
        data = yaml.safe_load(sources_yaml.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return set()
    return {str(b.get("id")) for b in data.get("bronnen", []) or [] if isinstance(b, dict)}


def _write_into(data_dir: Path, review: ReviewFile, acc: Accepted) -> list[Path]:
    src = review.source
    keys = ("id", "bestand", "document", "titel", "records", "secties")
    entry: dict[str, Any] = {k: src[k] for k in keys if k in src}
    entry.setdefault("bestand", f"sources/{src['id']}.txt")
    entry.setdefault("records", src["id"])
    text_target = data_dir / str(entry["bestand"])
    text_target.parent.mkdir(parents=True, exist_ok=True)
    text_target.write_text(review.text(), encoding="utf-8")
    sources_yaml = data_dir / "sources.yaml"
    if str(src["id"]) not in _source_ids(sources_yaml):
        _append_source(sources_yaml, entry)
    folder = data_dir / str(entry["records"])
    folder.mkdir(parents=True, exist_ok=True)
    records_file = folder / RECORDS_FILE
    header = (f"# Records uit {review.path.name}, beoordeeld met `beleidsgraaf review`.\n"
              f"# Records from {review.path.name}, reviewed with `beleidsgraaf review`.\n")
    content: dict[str, Any] = {"bron": src["id"], "records": acc.records}
    if acc.additions:
        content["aanvullingen"] = acc.additions
    body = yaml.dump(content, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120)
    records_file.write_text(header + body, encoding="utf-8")
    return [text_target, sources_yaml, records_file]


def write_accepted(review: ReviewFile, data_dir: Path, base: str, *, shacl: bool = True,
                   progress: Callable[[str], None] | None = None) -> WriteResult:
    """Write the accepted proposals into ``data_dir`` as a new source, after validating the result.

    The new files are first written into a copy of ``data_dir`` and the whole project is validated there
    (SHACL, references, quotes, dates, cycles); only when that passes are they written into ``data_dir``.

    Raises:
        InvalidParameter: (``REVIEWFILE``) the source document's record is neither accepted nor known.
        ValidationFailed: the result would not validate; nothing was written.
    """
    from beleidsgraaf.graph.records import load_project
    from beleidsgraaf.graph.validate import check_project

    say = progress or (lambda _m: None)
    project = load_project(data_dir)
    src_id = str(review.source["id"])
    existing = {r.id for r in project.records if r.source != src_id}
    acc = accepted_records(review, existing)
    doc = str(review.source["document"])
    if doc not in existing and all(r.get("id") != doc for r in acc.records):
        raise InvalidParameter("REVIEWFILE", f"the record of the source document {doc!r} must be accepted "
                                             "(or exist) before anything can be written")
    with tempfile.TemporaryDirectory(prefix="beleidsgraaf-review-") as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data_dir, trial)
        written = _write_into(trial, review, acc)
        say(f"valideren / validating {len(acc.records)} records and {len(acc.additions)} aanvullingen / "
            f"additions in a copy of {data_dir}")
        result = check_project(trial, base, shacl=shacl)
        if not result.ok:
            problems = [_relocate(p, trial, data_dir) for p in result.problems]
            raise ValidationFailed(problems)
        del written
    files = _write_into(data_dir, review, acc)
    return WriteResult(len(acc.records), acc.statements, acc.notes, files, len(acc.additions))


def _relocate(problem: RecordError, trial: Path, real: Path) -> RecordError:
    loc = problem.location
    if loc is None or not loc.path.is_relative_to(trial):
        return problem
    moved = SourceLocation(real / loc.path.relative_to(trial), loc.line, loc.column)
    return RecordError(problem.message, moved, problem.code)


# ----- decisions ----------------------------------------------------------------------------------------


def apply_decision(proposal: Proposal, line: str) -> str:
    """Apply one decision line and return its action letter.

    ``a`` accepts, ``r`` rejects, ``s`` skips, ``q`` stops, ``e field=value; field=value`` edits and accepts.

    Raises:
        InvalidParameter: (``decision``) the line is not a decision, or an edit names a field that cannot
            be edited.
    """
    text = line.strip()
    action = text[:1].lower()
    if action not in {"a", "r", "s", "e", "q"}:
        raise InvalidParameter("decision", f"{text!r}: use a (accepteren/accept), e (edit), r (afwijzen/reject), "
                                           "s (overslaan/skip) or q (stoppen/quit)")
    if action == "a":
        proposal.status = "geaccepteerd"
    elif action == "r":
        proposal.status = "afgewezen"
    elif action == "e":
        for part in text[1:].split(";"):
            if not part.strip():
                continue
            if "=" not in part:
                raise InvalidParameter("decision", f"{part.strip()!r}: write an edit as field=value")
            key, value = part.split("=", 1)
            proposal.edit(key.strip(), value)
        proposal.status = "geaccepteerd"
    return action


def pending(review: ReviewFile) -> Iterator[Proposal]:
    """The proposals still to be decided."""
    return (p for p in review.proposals() if p.status == "voorgesteld")
