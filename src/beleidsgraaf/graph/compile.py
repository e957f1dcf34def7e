"""Compile the authoring records into RDF quads: entities, relations, events and a claim for every statement.

The compiler is pure: records and settings in, sorted quads and problems out. It checks what it needs to
know anyway while compiling (known types and relations, existing targets, quotes that occur in the source,
possible dates); :mod:`beleidsgraaf.graph.validate` adds SHACL and cycle checks on the result.
No blank nodes are minted, so the same sources always give the same quads.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.term import Node

from beleidsgraaf.errors import RecordError, SourceLocation
from beleidsgraaf.graph.dates import FuzzyDate, parse_fuzzy_date
from beleidsgraaf.graph.records import Project, Record, Source
from beleidsgraaf.graph.textnorm import NormalisedText, find_quote, fold, match_normalise
from beleidsgraaf.graph.vocab import Vocabulary, vocabulary
from beleidsgraaf.ontology import BG, DCTERMS, OA, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, TOOI_ID, XSD

Quad = tuple[Node, Node, Node, URIRef]

_TOOI_KIND = {"gm": "gemeente", "pv": "provincie", "ws": "waterschap", "mn": "ministerie", "oo": "oorg"}
_CONTEXT = 40


def graph_iri(base: str, source_id: str) -> URIRef:
    """The named graph that holds everything taken from one source."""
    return URIRef(f"{base}/graph/{source_id}")


def ontology_graph_iri(base: str) -> URIRef:
    """The named graph that holds the ontology."""
    return URIRef(f"{base}/graph/ontologie")


def entity_iri(base: str, record: Record, vocab: Vocabulary) -> URIRef:
    """The IRI of a record's entity: its TOOI IRI for public bodies, else ``{base}/id/{segment}/{id}``."""
    if record.tooi:
        kind = _TOOI_KIND.get(record.tooi[:2], "oorg")
        return URIRef(f"{TOOI_ID}{kind}/{record.tooi}")
    segment = vocab.segments.get(record.type, "entiteit")
    return URIRef(f"{base}/id/{segment}/{record.id}")


@dataclass(slots=True)
class Compiled:
    """The result of a compile: quads (sorted, no duplicates), the entity index and the problems found."""

    quads: list[Quad]
    entities: dict[str, URIRef]
    problems: list[RecordError]
    edges: list[tuple[str, str, str, SourceLocation]] = field(default_factory=list)
    locations: dict[str, SourceLocation] = field(default_factory=dict)


@dataclass(slots=True)
class _SourceText:
    source: Source
    norm: NormalisedText
    headings: list[tuple[int, int, str]]


def _headings(source: Source) -> list[tuple[int, int, str]]:
    """(offset, level, heading) for every line of the source that is one of its section headings."""
    wanted = {fold(s.heading): s for s in source.sections}
    out: list[tuple[int, int, str]] = []
    offset = 0
    for line in source.text.splitlines(keepends=True):
        sec = wanted.get(fold(line))
        if sec is not None:
            out.append((offset, sec.level, sec.heading))
        offset += len(line)
    return out


def section_at(headings: list[tuple[int, int, str]], offset: int) -> str:
    """The section path (``a › b › c``) in force at ``offset`` of a source text."""
    stack: list[str] = []
    for pos, level, heading in headings:
        if pos > offset:
            break
        stack = [*stack[: level - 1], heading]
    return " › ".join(stack)


class _Compiler:
    def __init__(self, project: Project, base: str, vocab: Vocabulary) -> None:
        self.project = project
        self.base = base.rstrip("/")
        self.vocab = vocab
        self.quads: set[Quad] = set()
        self.problems: list[RecordError] = list(project.problems)
        self.records = project.by_id()
        self.texts = {
            s.id: _SourceText(s, match_normalise(s.text), _headings(s)) for s in project.sources if s.text
        }
        self.entities: dict[str, URIRef] = {}
        self.edges: list[tuple[str, str, str, SourceLocation]] = []
        #: the quote of the first claim of each statement (s, p, o, graph)
        self.claimed: dict[tuple[Node, Node, Node, URIRef], str] = {}

    # --- helpers ---------------------------------------------------------------------------------------

    def problem(self, message: str, loc: SourceLocation, code: str) -> None:
        self.problems.append(RecordError(message, loc, code))

    def add(self, s: Node, p: Node, o: Node, g: URIRef) -> None:
        self.quads.add((s, p, o, g))

    def hashed(self, *parts: object) -> str:
        return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]

    def claim(self, s: URIRef, p: URIRef, o: Node, quote: str, rec: Record, loc: SourceLocation) -> None:
        """Assert ``s p o`` and a bg:Bewering with the verbatim quote; report a quote not in the source.

        A statement the source makes twice, with another quote, gets a second bg:Bewering: one per quote (the
        first keeps the id it has always had).
        """
        g = graph_iri(self.base, rec.source)
        self.add(s, p, o, g)
        first = self.claimed.setdefault((s, p, o, g), quote)
        text = self.texts.get(rec.source)
        if text is None:
            return  # the unreadable source was reported already
        spans = find_quote(quote, text.norm)
        if not spans:
            self.problem(
                f"quote not found in source {rec.source!r} (compared ignoring white space and ĳ/ij): {quote!r}",
                loc, "quote")
            return
        doc = self.entities.get(text.source.document)
        if doc is None:
            return  # the source's missing document record was reported already
        start, end = spans[0]
        verbatim = text.source.text[start:end]
        key = (s, p, o, g) if quote == first else (s, p, o, g, quote)
        c = URIRef(f"{self.base}/id/bewering/{self.hashed(*key)}")
        sel_q, sel_p = URIRef(f"{c}#citaat"), URIRef(f"{c}#positie")
        for pp, oo in (
            (RDF.type, BG.Bewering), (RDF.type, RDF.Statement), (RDF.subject, s), (RDF.predicate, p),
            (RDF.object, o), (BG.bron, doc), (BG.sectie, Literal(section_at(text.headings, start))),
            (BG.citaat, Literal(verbatim)), (OA.hasSelector, sel_q), (OA.hasSelector, sel_p),
        ):
            self.add(c, pp, oo, g)
        prefix = " ".join(text.source.text[max(0, start - _CONTEXT):start].split()[-6:])
        suffix = " ".join(text.source.text[end:end + _CONTEXT].split()[:6])
        for pp, oo in (
            (RDF.type, OA.TextQuoteSelector), (OA.exact, Literal(verbatim)), (OA.prefix, Literal(prefix)),
            (OA.suffix, Literal(suffix)),
        ):
            self.add(sel_q, pp, oo, g)
        for pp, oo in (
            (RDF.type, OA.TextPositionSelector), (OA.start, Literal(start, datatype=XSD.nonNegativeInteger)),
            (OA.end, Literal(end, datatype=XSD.nonNegativeInteger)),
        ):
            self.add(sel_p, pp, oo, g)

    def iri_of(self, rid: str) -> URIRef | None:
        rec = self.records.get(rid)
        return entity_iri(self.base, rec, self.vocab) if rec is not None else None

    def target(self, rid: str, loc: SourceLocation, what: str) -> URIRef | None:
        iri = self.iri_of(rid)
        if iri is None:
            hint = _closest(rid, self.records)
            self.problem(f"{what} {rid!r} is not the id of any record{hint}", loc, "reference")
        return iri

    def date(self, s: URIRef, value: str, g: URIRef, loc: SourceLocation) -> FuzzyDate | None:
        try:
            d = parse_fuzzy_date(value)
        except ValueError as exc:
            self.problem(str(exc), loc, "date")
            return None
        if d.xsd_type:
            self.add(s, BG.datum, Literal(d.notation, datatype=XSD[d.xsd_type]), g)
        self.add(s, BG.datumTekst, Literal(d.notation), g)
        self.add(s, BG.precisie, Literal(d.precision), g)
        self.add(s, BG.vroegst, Literal(d.earliest.isoformat(), datatype=XSD.date), g)
        self.add(s, BG.laatst, Literal(d.latest.isoformat(), datatype=XSD.date), g)
        return d

    # --- records ---------------------------------------------------------------------------------------

    def run(self) -> Compiled:
        for rec in self.records.values():
            if rec.type not in self.vocab.segments:
                allowed = ", ".join(sorted(self.vocab.segments))
                self.problem(f"type {rec.type!r} is not an entity class of the ontology (one of: {allowed})",
                             rec.loc, "type")
                continue
            self.entities[rec.id] = entity_iri(self.base, rec, self.vocab)
        for src in self.project.sources:
            g = graph_iri(self.base, src.id)
            doc = self.entities.get(src.document)
            if doc is None:
                self.problem(f"document {src.document!r} of source {src.id!r} is not the id of a record",
                             src.loc, "reference")
                continue
            rel = src.file.relative_to(self.project.data_dir).as_posix() if src.file.is_relative_to(
                self.project.data_dir) else src.file.name
            self.add(doc, BG.bronbestand, Literal(rel), g)
            self.add(doc, BG.bronGraaf, g, g)
            self.add(g, DCTERMS.title, Literal(src.title, lang="nl"), g)
            self.add(g, PROV.wasDerivedFrom, doc, g)
        for rec in self.records.values():
            if rec.id in self.entities:
                self.record(rec)
        for add in self.project.additions:
            base_rec = self.records.get(add.id)
            if base_rec is not None and add.id in self.entities:
                # the entity as defined in its own source, with this source's statements (quoted from and
                # stored in the graph of the addition's source)
                self.statements(dataclasses.replace(
                    base_rec, source=add.source, loc=add.loc, relations=add.relations, adoptions=add.adoptions,
                    fundings=add.fundings, milestones=add.milestones))
        locations = {rid: rec.loc for rid, rec in self.records.items()}
        return Compiled(sorted(self.quads, key=_quad_key), self.entities, self.problems, self.edges, locations)

    def record(self, rec: Record) -> None:
        s = self.entities[rec.id]
        g = graph_iri(self.base, rec.source)
        names = [rec.name, *rec.alt]
        if not any(fold(n) in fold(rec.quote) for n in names):
            self.problem(f"the record's citaat does not contain its naam or any 'ook' variant: {rec.quote!r}",
                         rec.loc, "mention")
        self.claim(s, RDF.type, BG[rec.type], rec.quote, rec, rec.loc)
        self.add(s, RDFS.label, Literal(rec.name, lang="nl"), g)
        self.add(s, SKOS.prefLabel, Literal(rec.name, lang="nl"), g)
        self.add(s, DCTERMS.identifier, Literal(rec.id), g)
        if rec.name_en:
            self.add(s, RDFS.label, Literal(rec.name_en, lang="en"), g)
            self.add(s, SKOS.prefLabel, Literal(rec.name_en, lang="en"), g)
        for alt in rec.alt:
            self.add(s, SKOS.altLabel, Literal(alt, lang="nl"), g)
        if rec.description:
            self.add(s, BG.omschrijving, Literal(rec.description, lang="nl"), g)
        if rec.tooi:
            self.add(s, SKOS.notation, Literal(rec.tooi), g)
        if self.vocab.is_a(rec.type, "Opgave"):
            self.add(s, SKOS.inScheme, BG.StrategischeOpgaven, g)
        elif self.vocab.is_a(rec.type, "Onderwerp"):
            self.add(s, SKOS.inScheme, BG.Onderwerpen, g)
        if rec.status is not None:
            status = self.vocab.statuses.get(rec.status.value)
            if status is None:
                self.problem(f"status {rec.status.value!r} is not one of {', '.join(self.vocab.statuses)}",
                             rec.status.loc, "status")
            else:
                self.claim(s, BG.status, status, rec.status.quote, rec, rec.status.loc)
        if rec.date is not None and self.date(s, rec.date.value, g, rec.date.loc):
            self.claim(s, BG.datumTekst, Literal(rec.date.value), rec.date.quote, rec, rec.date.loc)
        self.statements(rec)

    def statements(self, rec: Record) -> None:
        """The relations and events of a record, in the graph of ``rec.source``."""
        s = self.entities[rec.id]
        g = graph_iri(self.base, rec.source)
        for r in rec.relations:
            prop = self.vocab.relations.get(r.property)
            if prop is None:
                hint = _closest(r.property, dict.fromkeys(self.vocab.relations))
                self.problem(f"relatie {r.property!r} is not a relation of the ontology{hint}", r.loc, "relation")
                continue
            o = self.target(r.target, r.loc, "doel")
            if o is None:
                continue
            self.claim(s, prop.iri, o, r.quote, rec, r.loc)
            self.edges.append((rec.id, r.property, r.target, r.loc))
            if r.property == "isLidVan":
                self.add(o, ORG.hasMember, s, g)
        self._events(rec, s, g)

    def _events(self, rec: Record, s: URIRef, g: URIRef) -> None:
        for a in rec.adoptions:
            v = URIRef(f"{self.base}/id/gebeurtenis/{rec.id}-vaststelling-{self.hashed(a.by, a.date)[:8]}")
            self.add(v, RDF.type, BG.Vaststelling, g)
            self.add(v, RDFS.label, Literal(f"vaststelling van {rec.name}", lang="nl"), g)
            self.add(v, RDFS.label, Literal(f"adoption of {rec.name_en or rec.name}", lang="en"), g)
            if a.date:
                self.date(v, a.date, g, a.loc)
            self.claim(s, BG.vaststelling, v, a.quote, rec, a.loc)
            if a.by:
                by = self.target(a.by, a.loc, "door")
                if by is not None:
                    self.add(v, BG.door, by, g)
                    self.claim(s, BG.vastgesteldDoor, by, a.quote, rec, a.loc)
        for f in rec.fundings:
            fid = self.hashed(f.amount, f.period, f.by, f.name)[:8]
            node = URIRef(f"{self.base}/id/gebeurtenis/{rec.id}-financiering-{fid}")
            money = URIRef(f"{node}#bedrag")
            self.add(node, RDF.type, BG.Financiering, g)
            label = f.name or f"financiering van {rec.name}"
            self.add(node, RDFS.label, Literal(label, lang="nl"), g)
            self.add(node, BG.bedrag, money, g)
            self.add(money, RDF.type, SCHEMA.MonetaryAmount, g)
            value_prop = {"exact": SCHEMA.value, "minimum": SCHEMA.minValue, "maximum": SCHEMA.maxValue}[f.kind]
            self.add(money, value_prop, Literal(f.amount, datatype=XSD.decimal), g)
            self.add(money, SCHEMA.currency, Literal(f.currency), g)
            if f.period:
                d = self.date(node, f.period, g, f.loc)
                if d is not None:
                    self.add(money, SCHEMA.validFrom, Literal(str(d.first_year), datatype=XSD.gYear), g)
                    self.add(money, SCHEMA.validThrough, Literal(str(d.last_year), datatype=XSD.gYear), g)
            self.claim(s, BG.financiering, node, f.quote, rec, f.loc)
            if f.by:
                by = self.target(f.by, f.loc, "door")
                if by is not None:
                    self.add(node, BG.door, by, g)
                    self.claim(s, BG.gefinancierdDoor, by, f.quote, rec, f.loc)
        # a milestone told twice is one event with two quotes; two of one kind and date that say different
        # things are two events, told apart by their description (the id of one without such a twin stays)
        descriptions: dict[tuple[str, str], set[str | None]] = defaultdict(set)
        for m in rec.milestones:
            descriptions[(m.kind, m.date)].add(m.description)
        for m in rec.milestones:
            key = (m.kind, m.date) if len(descriptions[(m.kind, m.date)]) == 1 else (m.kind, m.date, m.description)
            node = URIRef(f"{self.base}/id/gebeurtenis/{rec.id}-mijlpaal-{self.hashed(*key)[:8]}")
            self.add(node, RDF.type, BG.Mijlpaal, g)
            self.add(node, BG.soortMijlpaal, Literal(m.kind), g)
            text = m.description or m.kind
            self.add(node, RDFS.label, Literal(f"{rec.name}: {text}", lang="nl"), g)
            if m.description:
                self.add(node, BG.omschrijving, Literal(m.description, lang="nl"), g)
            self.date(node, m.date, g, m.loc)
            self.claim(s, BG.mijlpaal, node, m.quote, rec, m.loc)


def _quad_key(q: Quad) -> tuple[str, str, str, str]:
    return (str(q[3]), q[0].n3(), q[1].n3(), q[2].n3())


def _closest(word: str, known: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, list(known), n=3, cutoff=0.6)
    return f" (did you mean {', '.join(repr(m) for m in matches)}?)" if matches else ""


def compile_project(project: Project, base: str, vocab: Vocabulary | None = None) -> Compiled:
    """Compile every record of ``project`` into quads under ``base``; never raises for bad records."""
    return _Compiler(project, base, vocab or vocabulary()).run()
