"""Read the authoring sources (``data/sources.yaml`` and the record files) with file and line for everything.

The loader never stops at the first problem: it collects every :class:`~beleidsgraaf.errors.RecordError` it
finds and returns them with whatever could be read, so ``beleidsgraaf validate`` can report them all.
YAML scalars are read as text (no implicit typing: ``2024-10`` stays a string, ``no`` is not False).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from beleidsgraaf.errors import RecordError, SourceLocation
from beleidsgraaf.graph.textnorm import fold

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TOOI_RE = re.compile(r"^(gm\d{4}|pv\d{2}|ws\d{4}|mnre\d{4}|oorg\d{5})$")
MILESTONE_KINDS = ("verwacht", "beoogd", "gepland", "gestart", "gereed", "besloten")
AMOUNT_KINDS = ("exact", "minimum", "maximum")
#: The keys of a record that state something about it (all an ``aanvullingen`` entry may hold besides ``id``).
STATEMENT_KEYS = ("relaties", "vaststellingen", "financieringen", "mijlpalen")


# ----- a tiny YAML node reader that keeps line numbers --------------------------------------------------


@dataclass(frozen=True, slots=True)
class Node:
    """A YAML value with its location: ``value`` is str, list[Node] or dict[str, Node].

    ``in_flow`` marks an unquoted scalar inside a flow list (``[a, b]``), where a comma ends it.
    """

    value: object
    loc: SourceLocation
    in_flow: bool = False

    def text(self) -> str | None:
        """The value if it is a scalar, else None."""
        return self.value if isinstance(self.value, str) else None

    def items(self) -> list[Node] | None:
        """The value if it is a sequence, else None."""
        return self.value if isinstance(self.value, list) else None

    def mapping(self) -> dict[str, Node] | None:
        """The value if it is a mapping, else None."""
        return self.value if isinstance(self.value, dict) else None


def _convert(node: yaml.Node, path: Path, *, in_flow: bool = False) -> Node:
    loc = SourceLocation(path, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        return Node(str(node.value), loc, in_flow and node.style is None)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(n, path, in_flow=bool(node.flow_style)) for n in node.value], loc)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in out:
                raise RecordError(
                    f"key {key!r} appears twice in this mapping",
                    SourceLocation(path, key_node.start_mark.line + 1, key_node.start_mark.column + 1),
                    "yaml",
                )
            out[key] = _convert(value_node, path)
        return Node(out, loc)
    raise RecordError("unsupported YAML node", loc, "yaml")  # pragma: no cover - aliases are resolved


def read_yaml(path: Path) -> Node:
    """Read one YAML file into :class:`Node` values.

    Raises:
        RecordError: the file cannot be read or is not valid YAML (with the line and column of the error),
            or a mapping repeats a key.

    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RecordError(f"cannot read file: {exc}", SourceLocation(path, 1), "io") from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        col = mark.column + 1 if mark else None
        raise RecordError(f"invalid YAML: {exc.problem or exc}", SourceLocation(path, line, col), "yaml") from exc
    except yaml.YAMLError as exc:  # pragma: no cover - every parser error is a MarkedYAMLError
        raise RecordError(f"invalid YAML: {exc}", SourceLocation(path, 1), "yaml") from exc
    if node is None:
        return Node({}, SourceLocation(path, 1))
    return _convert(node, path)


# ----- the record model --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quoted:
    """Something stated with a quote: the value, the quote and where the statement stands in the records."""

    value: str
    quote: str
    loc: SourceLocation


@dataclass(frozen=True, slots=True)
class Relation:
    """One ``relaties`` entry: ``property`` (ontology local name) to ``target`` (record id)."""

    property: str
    target: str
    quote: str
    loc: SourceLocation


@dataclass(frozen=True, slots=True)
class Adoption:
    """One ``vaststellingen`` entry."""

    by: str | None
    date: str | None
    quote: str
    loc: SourceLocation


@dataclass(frozen=True, slots=True)
class Funding:
    """One ``financieringen`` entry; ``amount`` is the text of a number in ``currency``."""

    amount: str
    kind: str
    currency: str
    period: str | None
    by: str | None
    name: str | None
    quote: str
    loc: SourceLocation


@dataclass(frozen=True, slots=True)
class Milestone:
    """One ``mijlpalen`` entry."""

    kind: str
    date: str
    description: str | None
    quote: str
    loc: SourceLocation


@dataclass(slots=True)
class Record:
    """One entity as written in a record file."""

    id: str
    type: str
    name: str
    quote: str
    source: str
    loc: SourceLocation
    name_en: str | None = None
    alt: list[str] = field(default_factory=list)
    description: str | None = None
    status: Quoted | None = None
    date: Quoted | None = None
    tooi: str | None = None
    relations: list[Relation] = field(default_factory=list)
    adoptions: list[Adoption] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


@dataclass(slots=True)
class Addition:
    """One ``aanvullingen`` entry: statements of a source about an entity whose record is in another source.

    Only ``id`` and the statement lists; the entity itself (type, names) stays defined where it is.
    """

    id: str
    source: str
    loc: SourceLocation
    relations: list[Relation] = field(default_factory=list)
    adoptions: list[Adoption] = field(default_factory=list)
    fundings: list[Funding] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of a source text and its depth."""

    heading: str
    level: int


@dataclass(slots=True)
class Source:
    """One source document: its text file and the folder of records taken from it."""

    id: str
    file: Path
    document: str
    title: str
    records_dir: Path
    sections: list[Section]
    loc: SourceLocation
    text: str = ""


@dataclass(slots=True)
class Project:
    """Everything read from a data folder, plus every problem met while reading it."""

    data_dir: Path
    sources: list[Source] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    problems: list[RecordError] = field(default_factory=list)
    record_files: list[Path] = field(default_factory=list)
    additions: list[Addition] = field(default_factory=list)

    def by_id(self) -> dict[str, Record]:
        """Records by id (the first one wins where an id is duplicated; duplicates are a problem)."""
        out: dict[str, Record] = {}
        for rec in self.records:
            out.setdefault(rec.id, rec)
        return out


# ----- reading ------------------------------------------------------------------------------------------


class _Reader:
    """Collects problems while turning nodes into records."""

    def __init__(self, problems: list[RecordError]) -> None:
        self.problems = problems

    def problem(self, message: str, loc: SourceLocation, code: str = "record") -> None:
        self.problems.append(RecordError(message, loc, code))

    def mapping(self, node: Node, what: str) -> dict[str, Node] | None:
        m = node.mapping()
        if m is None:
            self.problem(f"{what} must be a mapping (key: value)", node.loc, "schema")
        return m

    def string(self, m: dict[str, Node], key: str, parent: Node, *, required: bool = True) -> str | None:
        node = m.get(key)
        if node is None:
            if required:
                self.problem(f"missing required key {key!r}", parent.loc, "schema")
            return None
        text = node.text()
        if text is None or (required and not text.strip()):
            self.problem(f"{key!r} must be non-empty text", node.loc, "schema")
            return None
        return text.strip() or None

    def strings(self, m: dict[str, Node], key: str) -> list[str]:
        node = m.get(key)
        if node is None:
            return []
        if node.text() is not None:
            return [str(node.text())]
        items = node.items()
        if items is None or any(i.text() is None for i in items):
            self.problem(f"{key!r} must be a list of texts", node.loc, "schema")
            return []
        return [str(i.text()).strip() for i in items if str(i.text()).strip()]

    def unknown_keys(self, m: dict[str, Node], allowed: set[str], what: str) -> None:
        for key, node in m.items():
            if key not in allowed:
                self.problem(f"unknown key {key!r} in {what} (allowed: {', '.join(sorted(allowed))})", node.loc,
                             "schema")

    def listed(self, m: dict[str, Node], key: str) -> Iterator[Node]:
        """The items of the list under ``key`` (none when absent; a problem when it is not a list)."""
        node = m.get(key)
        if node is None:
            return
        items = node.items()
        if items is None:
            self.problem(f"{key!r} must be a list", node.loc, "schema")
            return
        yield from items

    def entries(self, m: dict[str, Node], key: str) -> Iterator[tuple[Node, dict[str, Node]]]:
        for item in self.listed(m, key):
            sub = self.mapping(item, f"an entry of {key!r}")
            if sub is not None:
                yield item, sub

    def quoted(self, m: dict[str, Node], key: str) -> Quoted | None:
        node = m.get(key)
        if node is None:
            return None
        sub = self.mapping(node, f"{key!r}")
        if sub is None:
            return None
        self.unknown_keys(sub, {"waarde", "citaat"}, key)
        value = self.string(sub, "waarde", node)
        quote = self.string(sub, "citaat", node)
        if value is None or quote is None:
            return None
        return Quoted(value, quote, node.loc)

    def record(self, node: Node, source: str) -> Record | None:
        m = self.mapping(node, "a record")
        if m is None:
            return None
        self.unknown_keys(m, {"id", "type", "naam", "naam_en", "ook", "omschrijving", "citaat", "status",
                              "datum", "tooi", "relaties", "vaststellingen", "financieringen", "mijlpalen"},
                          "a record")
        rid = self.string(m, "id", node)
        rtype = self.string(m, "type", node)
        name = self.string(m, "naam", node)
        quote = self.string(m, "citaat", node)
        if rid is not None and not SLUG_RE.match(rid):
            self.problem(f"id {rid!r} is not a slug (lowercase a-z, 0-9, single hyphens)", m["id"].loc, "schema")
        tooi = self.string(m, "tooi", node, required=False)
        if tooi is not None and not TOOI_RE.match(tooi):
            self.problem(f"tooi {tooi!r} is not a TOOI code such as gm0164 or pv23", m["tooi"].loc, "schema")
        if rid is None or rtype is None or name is None or quote is None:
            return None
        rec = Record(
            id=rid, type=rtype, name=name, quote=quote, source=source, loc=node.loc,
            name_en=self.string(m, "naam_en", node, required=False),
            alt=self.strings(m, "ook"),
            description=self.string(m, "omschrijving", node, required=False),
            status=self.quoted(m, "status"),
            date=self.quoted(m, "datum"),
            tooi=tooi,
        )
        self.split_at_comma(m.get("ook"), name, quote)
        self.statements(m, rec)
        return rec

    def split_at_comma(self, node: Node | None, *texts: str) -> None:
        """A problem for two unquoted items of a flow list that are one name the comma split.

        ``ook: [Programma 2 Veiligheid, zorg en participatie]`` is two variants to YAML; when "Programma 2
        Veiligheid, zorg en participatie" stands in the record's name or quote, it was meant as one. Quoting the
        name (or each item, if they really are two) answers it.
        """
        items = node.items() if node is not None else None
        for first, second in itertools.pairwise(items or []):
            joined = fold(f"{first.text()}, {second.text()}")
            if first.in_flow and second.in_flow and any(joined in fold(x) for x in texts):
                self.problem(f"'ook' items {first.text()!r} and {second.text()!r} look like one name split at its "
                             f"comma: write it in quotes, ook: [\"{first.text()}, {second.text()}\"]", first.loc,
                             "schema")

    def addition(self, node: Node, source: str) -> Addition | None:
        """An ``aanvullingen`` entry: ``id`` plus statements, nothing that defines the entity."""
        m = self.mapping(node, "an addition (aanvulling)")
        if m is None:
            return None
        self.unknown_keys(m, {"id", *STATEMENT_KEYS}, "an addition (aanvulling; the entity itself is defined in "
                                                      "its own source's records)")
        rid = self.string(m, "id", node)
        if rid is None:
            return None
        add = Addition(rid, source, node.loc)
        self.statements(m, add)
        if not (add.relations or add.adoptions or add.fundings or add.milestones):
            self.problem(f"the addition to {rid!r} adds no statements (relaties, vaststellingen, financieringen "
                         "or mijlpalen)", node.loc, "schema")
        return add

    def statements(self, m: dict[str, Node], rec: Record | Addition) -> None:
        """Read the statement lists of a record or an addition into it."""
        for item, sub in self.entries(m, "relaties"):
            self.unknown_keys(sub, {"relatie", "doel", "citaat"}, "a relation")
            prop, target, q = (self.string(sub, k, item) for k in ("relatie", "doel", "citaat"))
            if prop and target and q:
                rec.relations.append(Relation(prop, target, q, item.loc))
        for item, sub in self.entries(m, "vaststellingen"):
            self.unknown_keys(sub, {"door", "datum", "citaat"}, "an adoption")
            q = self.string(sub, "citaat", item)
            by = self.string(sub, "door", item, required=False)
            when = self.string(sub, "datum", item, required=False)
            if by is None and when is None:
                self.problem("an adoption needs 'door' or 'datum' (or both)", item.loc, "schema")
            elif q:
                rec.adoptions.append(Adoption(by, when, q, item.loc))
        for item, sub in self.entries(m, "financieringen"):
            self.unknown_keys(sub, {"bedrag", "soort", "valuta", "periode", "door", "naam", "citaat"}, "a funding")
            amount = self.string(sub, "bedrag", item)
            kind = self.string(sub, "soort", item, required=False) or "exact"
            q = self.string(sub, "citaat", item)
            if kind not in AMOUNT_KINDS:
                self.problem(f"soort {kind!r} must be one of {', '.join(AMOUNT_KINDS)}", sub["soort"].loc, "schema")
                continue
            if amount is not None and not re.fullmatch(r"\d+(\.\d+)?", amount):
                self.problem(f"bedrag {amount!r} must be a plain number such as 10000000", sub["bedrag"].loc,
                             "schema")
                continue
            if amount and q:
                rec.fundings.append(Funding(
                    amount, kind, self.string(sub, "valuta", item, required=False) or "EUR",
                    self.string(sub, "periode", item, required=False),
                    self.string(sub, "door", item, required=False),
                    self.string(sub, "naam", item, required=False), q, item.loc))
        for item, sub in self.entries(m, "mijlpalen"):
            self.unknown_keys(sub, {"soort", "datum", "omschrijving", "citaat"}, "a milestone")
            kind_m = self.string(sub, "soort", item)
            when_m = self.string(sub, "datum", item)
            q = self.string(sub, "citaat", item)
            if kind_m is not None and kind_m not in MILESTONE_KINDS:
                self.problem(f"soort {kind_m!r} must be one of {', '.join(MILESTONE_KINDS)}", sub["soort"].loc,
                             "schema")
                continue
            if kind_m and when_m and q:
                rec.milestones.append(Milestone(kind_m, when_m, self.string(sub, "omschrijving", item,
                                                                              required=False), q, item.loc))


def load_project(data_dir: Path) -> Project:
    """Read ``sources.yaml``, every source text and every record file below ``data_dir``.

    Problems (unreadable files, YAML errors, missing keys, unknown keys, duplicate ids) are collected in
    :attr:`Project.problems`; this function itself only raises for programming errors.
    """
    project = Project(data_dir=data_dir)
    reader = _Reader(project.problems)
    sources_file = data_dir / "sources.yaml"
    try:
        root = read_yaml(sources_file)
    except RecordError as exc:
        project.problems.append(exc)
        return project
    root_map = reader.mapping(root, "sources.yaml")
    if root_map is None:
        return project
    reader.unknown_keys(root_map, {"bronnen"}, "sources.yaml")
    seen_sources: set[str] = set()
    for item, sub in reader.entries(root_map, "bronnen"):
        reader.unknown_keys(sub, {"id", "bestand", "document", "titel", "records", "secties"}, "a source")
        sid, file, doc, title, folder = (reader.string(sub, k, item) for k in
                                         ("id", "bestand", "document", "titel", "records"))
        if not (sid and file and doc and title and folder):
            continue
        if sid in seen_sources:
            reader.problem(f"source id {sid!r} is used twice", item.loc, "duplicate")
            continue
        seen_sources.add(sid)
        sections = []
        for sec_item, sec in reader.entries(sub, "secties"):
            heading = reader.string(sec, "kop", sec_item)
            level = reader.string(sec, "niveau", sec_item)
            if heading and level:
                if not level.isdigit():
                    reader.problem(f"niveau {level!r} must be a whole number", sec["niveau"].loc, "schema")
                else:
                    sections.append(Section(heading, int(level)))
        src = Source(sid, data_dir / file, doc, title, data_dir / folder, sections, item.loc)
        try:
            src.text = src.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reader.problem(f"cannot read source text {file}: {exc}", sub["bestand"].loc, "io")
        project.sources.append(src)
        if not src.records_dir.is_dir():
            reader.problem(f"records folder {folder!r} does not exist", sub["records"].loc, "io")
            continue
        for path in sorted(src.records_dir.glob("*.yaml")):
            project.record_files.append(path)
            _read_record_file(path, src, reader, project)
    seen: dict[str, Record] = {}
    for rec in project.records:
        if rec.id in seen:
            reader.problem(f"id {rec.id!r} is already defined at {seen[rec.id].loc}", rec.loc, "duplicate")
        else:
            seen[rec.id] = rec
    for add in project.additions:
        base = seen.get(add.id)
        if base is None:
            hint = difflib.get_close_matches(add.id, list(seen), n=3, cutoff=0.6)
            did = f" (did you mean {', '.join(map(repr, hint))}?)" if hint else ""
            reader.problem(f"aanvulling: id {add.id!r} is not the id of any record{did}; an addition only adds "
                           "statements to an entity defined in the records of a source", add.loc, "reference")
        elif base.source == add.source:
            reader.problem(f"aanvulling: {add.id!r} is defined in this same source at {base.loc}; write the "
                           "statements in that record", add.loc, "schema")
    return project


def _read_record_file(path: Path, src: Source, reader: _Reader, project: Project) -> None:
    try:
        root = read_yaml(path)
    except RecordError as exc:
        project.problems.append(exc)
        return
    m = reader.mapping(root, "a record file")
    if m is None:
        return
    reader.unknown_keys(m, {"bron", "records", "aanvullingen"}, "a record file")
    bron = reader.string(m, "bron", root)
    if bron is not None and bron != src.id:
        reader.problem(f"bron {bron!r} does not match the source {src.id!r} whose folder holds this file",
                       m["bron"].loc, "schema")
        return
    records = m.get("records")
    additions = m.get("aanvullingen")
    if records is None and additions is None:
        reader.problem("missing required key 'records' (or 'aanvullingen')", root.loc, "schema")
        return
    for item in reader.listed(m, "records"):
        rec = reader.record(item, src.id)
        if rec is not None:
            project.records.append(rec)
    for item in reader.listed(m, "aanvullingen"):
        add = reader.addition(item, src.id)
        if add is not None:
            project.additions.append(add)
