"""Look at a SPARQL query or update before it is evaluated: its form, its dataset and what it would fetch.

Oxigraph (the pip wheel) follows ``SERVICE`` and ``LOAD`` to any URL. This module finds every IRI a request
could make the engine fetch, so the endpoint can refuse the request *before* evaluation unless the IRI is on
the outbound allow-list. It is a SPARQL tokenizer, not a parser: it skips comments, strings and IRIs exactly as
the SPARQL grammar defines them, expands prefixed names with the ``PREFIX`` declarations seen so far and
resolves relative IRIs against ``BASE``; anything it cannot resolve to an absolute IRI is refused. The query is
parsed for real by Oxigraph afterwards, which reports syntax errors with their position.

The same tokens give the query form (to negotiate a result format before evaluating), the ``FROM`` /
``FROM NAMED`` graphs (mapped to the store's graphs), and the places where protocol ``using-graph-uri``
parameters go in an update.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from beleidsgraaf.errors import QueryError, QueryForbidden

#: Query forms, in the spelling used throughout the endpoint.
FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<bnode>_:[\w.\-]*)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[^\W\d_][\w.\-]*)?:(?:[\w:%\-.]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<number>\d[\d.eE+\-]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_IRI_OK = re.compile(r"^[^<>\"{}|^`\\\x00-\x20]*$")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind (``iri``, ``pname``, ``var``, ``word``, ``punct``, ...), text and offsets."""

    kind: str
    text: str
    start: int
    end: int
    depth: int

    @property
    def keyword(self) -> str:
        """The upper-cased text of a bare word (keywords are case-insensitive), else ``""``."""
        return self.text.upper() if self.kind == "word" else ""


@dataclass(slots=True)
class Inspection:
    """What a query or update asks for, as far as the endpoint needs to know before evaluating it."""

    form: str | None = None
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    services: list[str | None] = field(default_factory=list)
    loads: list[str] = field(default_factory=list)
    using_graphs: list[str] = field(default_factory=list)
    with_graphs: list[str] = field(default_factory=list)
    #: offsets of the top-level ``WHERE`` of every DELETE/INSERT operation (where protocol USING goes)
    modify_where: list[int] = field(default_factory=list)

    @property
    def has_dataset(self) -> bool:
        """Whether the text has ``FROM`` / ``FROM NAMED`` clauses."""
        return bool(self.from_graphs or self.from_named)


def tokenize(text: str) -> Iterator[Token]:
    """Split SPARQL text into tokens, tracking the brace depth; comments and white space are dropped."""
    depth = 0
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:  # pragma: no cover - the last alternative matches any character
            break
        kind = m.lastgroup or "punct"
        value = m.group()
        pos = m.end()
        if kind in ("ws", "comment"):
            continue
        if kind == "punct" and value == "}":
            depth = max(0, depth - 1)
        yield Token(kind, value, m.start(), m.end(), depth)
        if kind == "punct" and value == "{":
            depth += 1


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


class _Resolver:
    """Expands prefixed names and resolves relative IRIs, following the prologue as it is read."""

    def __init__(self, text: str, base: str | None) -> None:
        self.text = text
        self.base = base
        self.prefixes: dict[str, str] = {}

    def iri(self, token: Token) -> str | None:
        """The absolute IRI a token denotes, or None when it is not an IRI or cannot be resolved."""
        if token.kind == "iri":
            value = token.text[1:-1]
        elif token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                return None
            value = self.prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
        else:
            return None
        if not urlsplit(value).scheme:
            if not self.base:
                return None
            value = urljoin(self.base, value)
        return value if urlsplit(value).scheme else None

    def declare(self, tokens: list[Token], i: int) -> None:
        """Handle ``PREFIX p: <iri>`` or ``BASE <iri>`` starting at token ``i``."""
        kw = tokens[i].keyword
        if kw == "BASE" and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            resolved = self.iri(tokens[i + 1])
            self.base = resolved or self.base
        elif kw == "PREFIX" and i + 2 < len(tokens) and tokens[i + 1].kind == "pname":
            value = tokens[i + 2].text[1:-1] if tokens[i + 2].kind == "iri" else ""
            if value and not urlsplit(value).scheme and self.base:
                value = urljoin(self.base, value)
            self.prefixes[tokens[i + 1].text.partition(":")[0]] = value


def inspect(text: str, *, base: str | None = None, update: bool = False) -> Inspection:
    """Inspect a query (or, with ``update=True``, an update) without evaluating it.

    Raises:
        QueryError: the text has no query form (for a query), or an IRI after SERVICE, LOAD, FROM or USING
            cannot be resolved (the message names the line and column).

    """
    tokens = list(tokenize(text))
    resolver = _Resolver(text, base)
    info = Inspection()

    def target(i: int, what: str) -> str:
        if i >= len(tokens):
            raise QueryError(f"{what}: an IRI is missing at the end of the text", _position(text, len(text)))
        value = resolver.iri(tokens[i])
        if value is None:
            raise QueryError(f"{what}: cannot resolve {tokens[i].text!r} to an absolute IRI",
                             _position(text, tokens[i].start))
        return value

    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kw = tok.keyword
        if kw in ("PREFIX", "BASE"):
            resolver.declare(tokens, i)
        elif kw in FORMS and info.form is None and not update:
            info.form = kw
        elif kw == "SERVICE":
            j = i + 1
            if j < len(tokens) and tokens[j].keyword == "SILENT":
                j += 1
            if j < len(tokens) and tokens[j].kind == "var":
                info.services.append(None)
            else:
                info.services.append(target(j, "SERVICE"))
        elif kw == "LOAD" and update:
            j = i + 1
            if j < len(tokens) and tokens[j].keyword == "SILENT":
                j += 1
            info.loads.append(target(j, "LOAD"))
        elif kw == "FROM" and not update:
            if i + 1 < len(tokens) and tokens[i + 1].keyword == "NAMED":
                info.from_named.append(target(i + 2, "FROM NAMED"))
            else:
                info.from_graphs.append(target(i + 1, "FROM"))
        elif kw == "USING" and update:
            if i + 1 < len(tokens) and tokens[i + 1].keyword == "NAMED":
                info.using_graphs.append(target(i + 2, "USING NAMED"))
            else:
                info.using_graphs.append(target(i + 1, "USING"))
        elif kw == "WITH" and update and tok.depth == 0:
            info.with_graphs.append(target(i + 1, "WITH"))
        elif kw == "WHERE" and update and tok.depth == 0:
            previous = tokens[i - 1].keyword if i else ""
            if previous != "DELETE":
                info.modify_where.append(tok.start)
        i += 1
    if not update and info.form is None:
        raise QueryError("no query form found: a query starts (after PREFIX/BASE) with SELECT, ASK, CONSTRUCT "
                         "or DESCRIBE", (1, 1))
    return info


def allowed(iri: str, allowlist: Iterable[str]) -> bool:
    """Whether ``iri`` starts with one of the allow-listed prefixes."""
    return any(prefix and iri.startswith(prefix) for prefix in allowlist)


def check_outbound(info: Inspection, allowlist: list[str], store_graphs: set[str]) -> None:
    """Refuse anything that would make the engine fetch from outside the store.

    ``SERVICE`` and ``LOAD`` IRIs must be allow-listed (a ``SERVICE ?variable`` never is); ``FROM``,
    ``FROM NAMED`` and ``USING`` graphs must be graphs of the store or allow-listed (the endpoint itself never
    dereferences them: an allow-listed graph that is not in the store is an empty graph).

    Raises:
        QueryForbidden: with the clause and the IRI that is not allowed.

    """
    for service in info.services:
        if service is None:
            raise QueryForbidden("SERVICE with a variable is not allowed: it could call any URL. "
                                 "SERVICE met een variabele is niet toegestaan.")
        if not allowed(service, allowlist):
            raise QueryForbidden(f"SERVICE <{service}> is not on the outbound allow-list "
                                 "(BELEIDSGRAAF_OUTBOUND_ALLOWLIST); staat niet op de lijst van toegestane adressen")
    for load in info.loads:
        if not allowed(load, allowlist):
            raise QueryForbidden(f"LOAD <{load}> is not on the outbound allow-list "
                                 "(BELEIDSGRAAF_OUTBOUND_ALLOWLIST); staat niet op de lijst van toegestane adressen")
    for clause, graphs in (("FROM", info.from_graphs), ("FROM NAMED", info.from_named),
                           ("USING", info.using_graphs)):
        for graph in graphs:
            if graph not in store_graphs and not allowed(graph, allowlist):
                raise QueryForbidden(
                    f"{clause} <{graph}>: this graph is not in the store and remote graphs are not fetched; "
                    "deze graaf staat niet in de store en externe grafen worden niet opgehaald")


def check_iri(value: str, parameter: str) -> str:
    """Check that a protocol parameter is an absolute IRI that can be written as ``<...>``.

    Raises:
        QueryError: the value is not an absolute IRI (the message names the parameter).

    """
    if not value or not _IRI_OK.match(value) or not urlsplit(value).scheme:
        raise QueryError(f"{parameter}: {value!r} is not an absolute IRI")
    return value


def add_using(text: str, info: Inspection, default: list[str], named: list[str]) -> str:
    """Insert protocol ``using-graph-uri`` / ``using-named-graph-uri`` as USING clauses into every operation.

    The IRIs must have passed :func:`check_iri`; they are written as IRIREFs, never as free text.

    Raises:
        QueryError: the update already has USING or WITH clauses (the protocol forbids both together).

    """
    if not default and not named:
        return text
    if info.using_graphs or info.with_graphs:
        raise QueryError("using-graph-uri/using-named-graph-uri cannot be combined with USING or WITH in the "
                         "update; kan niet samen met USING of WITH in de update")
    clause = "".join(f"USING <{check_iri(g, 'using-graph-uri')}> " for g in default)
    clause += "".join(f"USING NAMED <{check_iri(g, 'using-named-graph-uri')}> " for g in named)
    out = text
    for offset in sorted(info.modify_where, reverse=True):
        out = out[:offset] + clause + out[offset:]
    return out
