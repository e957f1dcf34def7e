"""Result formats of the SPARQL endpoint and the writers for SELECT/ASK results.

SELECT results are written here (not with Oxigraph's serializer) because the endpoint stops reading a result
after ``max_rows`` solutions and must then still write a complete, well-formed document; graphs are written
with Oxigraph's serializer from the triples that were read. The writers follow the W3C specifications:
SPARQL 1.1 Query Results JSON, XML, CSV and TSV.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True, slots=True)
class Format:
    """One serialisation: a short name (for ``?format=`` and file names), its media type and extension."""

    name: str
    media_type: str
    extension: str
    label: str


#: Formats of SELECT and ASK results (CSV and TSV only for SELECT), default first.
RESULT_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/sparql-results+json", "srj", "SPARQL JSON"),
        Format("xml", "application/sparql-results+xml", "srx", "SPARQL XML"),
        Format("csv", "text/csv", "csv", "CSV"),
        Format("tsv", "text/tab-separated-values", "tsv", "TSV"),
    )
}

#: Formats of CONSTRUCT and DESCRIBE results and of the graph store, default first.
RDF_FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "text/turtle", "ttl", "Turtle"),
        Format("ntriples", "application/n-triples", "nt", "N-Triples"),
        Format("nquads", "application/n-quads", "nq", "N-Quads"),
        Format("trig", "application/trig", "trig", "TriG"),
        Format("jsonld", "application/ld+json", "jsonld", "JSON-LD"),
        Format("rdfxml", "application/rdf+xml", "rdf", "RDF/XML"),
    )
}

_OX_RDF = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}

#: Formats whose serialisation carries graph names.
DATASET_FORMATS = frozenset({"nquads", "trig"})


def ox_rdf_format(name: str) -> ox.RdfFormat:
    """The pyoxigraph format of an RDF format name (a key of :data:`RDF_FORMATS`)."""
    return _OX_RDF[name]


def forms_formats(form: str) -> dict[str, Format]:
    """The formats a query form can be answered in (ASK: JSON and XML; SELECT: also CSV, TSV)."""
    if form in ("CONSTRUCT", "DESCRIBE"):
        return RDF_FORMATS
    if form == "ASK":
        return {k: v for k, v in RESULT_FORMATS.items() if k in ("json", "xml")}
    return RESULT_FORMATS


Solution = Sequence[object | None]


_enc = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept (as json.dumps(ensure_ascii=False))


def _json_term(term: object) -> str:
    """A term as the JSON text of a SPARQL JSON results binding."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _enc(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _enc(term.value) + "}"
    if isinstance(term, ox.Literal):
        if term.language:
            extra = ',"xml:lang":' + _enc(term.language)
        elif term.datatype.value != XSD_STRING:
            extra = ',"datatype":' + _enc(term.datatype.value)
        else:
            extra = ""
        return '{"type":"literal","value":' + _enc(term.value) + extra + "}"
    if isinstance(term, ox.Triple):
        return ('{"type":"triple","value":{"subject":' + _json_term(term.subject) + ',"predicate":'
                + _json_term(term.predicate) + ',"object":' + _json_term(term.object) + "}}")
    return '{"type":"literal","value":' + _enc(str(term)) + "}"


#: Largest number of written terms each format keeps (IRIs of predicates, types and hubs recur in every answer).
TERM_CACHE_SIZE = 50_000


class _TermTexts(dict[object, str]):
    """Written terms of one format, kept for the next row and the next answer; emptied when full."""

    def __init__(self, write: Callable[[object], str]) -> None:
        super().__init__()
        self.write = write

    def __missing__(self, term: object) -> str:
        text = self.write(term)
        if len(self) >= TERM_CACHE_SIZE:
            self.clear()
        self[term] = text
        return text


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    return f"<literal>{escape(str(term))}</literal>"


def _tsv_string(value: str) -> str:
    out = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + out.replace("\t", "\\t") + '"'


def tsv_term(term: object) -> str:
    """A term in the SPARQL TSV syntax (Turtle terms with tab, newline and return escaped)."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        text = _tsv_string(term.value)
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype.value != XSD_STRING:
            return f"{text}^^<{term.datatype.value}>"
        return text
    if isinstance(term, ox.Triple):
        return f"<<( {tsv_term(term.subject)} {tsv_term(term.predicate)} {tsv_term(term.object)} )>>"
    return _tsv_string(str(term))


def csv_term(term: object) -> str:
    """A term as a CSV value (the lexical form; blank nodes as ``_:label``)."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    value = getattr(term, "value", None)
    return str(value) if isinstance(value, str) else str(term)


_JSON_TEXTS = _TermTexts(_json_term)
_XML_TEXTS = _TermTexts(_xml_term)
_TSV_TEXTS = _TermTexts(tsv_term)


class SolutionWriter:
    """Writes SELECT solutions piece by piece, so a large result can be sent while it is read.

    ``head()`` + ``rows(...)`` (any number of times) + ``tail(...)`` is one complete document; rows are sequences
    of terms or None, in the order of ``variables``.

    Raises:
        ValueError: on construction, for an unknown result format.

    """

    def __init__(self, fmt: str, variables: list[str]) -> None:
        if fmt not in RESULT_FORMATS:
            raise ValueError(f"unknown result format {fmt!r}")
        self.fmt = fmt
        self.variables = variables
        self._first = True
        self._attrs = [quoteattr(v) for v in variables]
        self._names = [_enc(v) + ":" for v in variables]

    def head(self) -> bytes:
        """The start of the document (up to the first row)."""
        if self.fmt == "json":
            names = json.dumps(self.variables, ensure_ascii=False, separators=(",", ":"))
            return ('{"head":{"vars":' + names + '},"results":{"bindings":[').encode("utf-8")
        if self.fmt == "xml":
            names = "".join(f"<variable name={a}/>" for a in self._attrs)
            return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                    f"<head>{names}</head><results>").encode()
        if self.fmt == "csv":
            return self._csv([self.variables])
        return ("\t".join(f"?{v}" for v in self.variables) + "\n").encode("utf-8")

    def rows(self, rows: Iterable[Solution]) -> bytes:
        """The next rows."""
        if self.fmt == "json":
            names, texts = self._names, _JSON_TEXTS
            parts = ["{" + ",".join([names[i] + texts[t] for i, t in enumerate(row) if t is not None]) + "}"
                     for row in rows]
            if not parts:
                return b""
            text = ",".join(parts)
            if not self._first:
                text = "," + text
            self._first = False
            return text.encode("utf-8")
        if self.fmt == "xml":
            xml = _XML_TEXTS
            out = []
            for row in rows:
                out.append("<result>")
                out += [f"<binding name={a}>{xml[t]}</binding>"
                        for a, t in zip(self._attrs, row, strict=True) if t is not None]
                out.append("</result>")
            return "".join(out).encode("utf-8")
        if self.fmt == "csv":
            return self._csv([csv_term(t) for t in row] for row in rows)
        tsv = _TSV_TEXTS
        return "".join("\t".join("" if t is None else tsv[t] for t in row) + "\n" for row in rows).encode("utf-8")

    def tail(self, truncated_at: int | None = None) -> bytes:
        """The end of the document, saying so when ``max_rows`` cut the result short (``truncated_at``).

        JSON says it in a ``truncated`` member, XML in a comment; CSV and TSV have no place for it (the endpoint
        signals it otherwise).
        """
        if self.fmt == "json":
            if truncated_at is None:
                return b"]}}"
            return (b']},"truncated":{"limit":%d,"message":"result truncated to %d rows (BELEIDSGRAAF_MAX_ROWS)"}}'
                    % (truncated_at, truncated_at))
        if self.fmt == "xml":
            note = b"" if truncated_at is None else (
                b"<!-- result truncated to %d rows (BELEIDSGRAAF_MAX_ROWS) -->" % truncated_at)
            return note + b"</results></sparql>\n"
        return b""

    @staticmethod
    def _csv(rows: Iterable[Sequence[str]]) -> bytes:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows)
        return buf.getvalue().encode("utf-8")


def write_solutions(fmt: str, variables: list[str], rows: Iterable[Solution], truncated_at: int | None = None) -> bytes:
    """Write SELECT solutions as one document (see :class:`SolutionWriter`).

    Raises:
        ValueError: for an unknown result format.

    """
    writer = SolutionWriter(fmt, variables)
    return writer.head() + writer.rows(rows) + writer.tail(truncated_at)


def write_boolean(fmt: str, value: bool) -> bytes:
    """Write an ASK result."""
    text = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{text}</boolean></sparql>\n").encode()
    raise ValueError(f"an ASK result cannot be written as {fmt!r}")


def write_triples(fmt: str, triples: list[ox.Triple], prefixes: dict[str, str] | None = None) -> bytes:
    """Write triples (a CONSTRUCT/DESCRIBE result) in an RDF format; quad formats get the default graph."""
    oxfmt = ox_rdf_format(fmt)
    data: list[ox.Triple] | list[ox.Quad] = triples
    if fmt in DATASET_FORMATS:
        data = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]
    use_prefixes = prefixes if fmt in ("turtle", "trig", "rdfxml") else None
    out = ox.serialize(data, format=oxfmt, prefixes=use_prefixes)
    return out if isinstance(out, bytes) else b""
