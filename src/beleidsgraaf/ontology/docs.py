"""Render the ontology and its SHACL shapes as one readable, self-contained HTML page.

Dutch first with English alongside. The page makes no requests of its own: no scripts, the stylesheet is
inline, and links only point to anchors within the page (IRIs of other vocabularies are shown as text). Every
string taken from the graphs is escaped with :func:`html.escape`.

Depends on rdflib and the standard library only, like the rest of :mod:`beleidsgraaf.ontology`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS
from rdflib.term import Node

from beleidsgraaf.ontology import BG, ONTOLOGY_IRI, PREFIXES

__all__ = ["render_html"]

BGSH = Namespace("https://w3id.org/beleidsgraaf/shapes#")
_VANN = Namespace("http://purl.org/vocab/vann/")
_PREFIXES: dict[str, str] = {**PREFIXES, "sh": str(SH), "bgsh": str(BGSH), "vann": str(_VANN)}
_PROPERTY_TYPES: tuple[tuple[URIRef, str, str], ...] = (
    (OWL.ObjectProperty, "Objecteigenschappen", "Object properties"),
    (OWL.DatatypeProperty, "Gegevenseigenschappen", "Datatype properties"),
    (OWL.AnnotationProperty, "Annotatie-eigenschappen", "Annotation properties"),
)
#: Constraint parameters shown for a shape, in this order; anything else is listed after them.
_PARAMETER_ORDER = (
    SH.path,
    SH.nodeKind,
    SH.minCount,
    SH.maxCount,
    SH["class"],
    SH.datatype,
    SH.pattern,
    SH.languageIn,
    SH.uniqueLang,
    SH["in"],
    SH.hasValue,
    SH.minInclusive,
    SH.lessThan,
    SH.lessThanOrEquals,
    SH.equals,
    SH.disjoint,
    SH["or"],
    SH.xone,
    SH["not"],
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.property,
    SH.sparql,
)
_NOT_PARAMETERS = {
    RDF.type,
    RDFS.label,
    SH.message,
    SH.targetClass,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.targetNode,
    SH.target,
    SH.name,
    SH.description,
}

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto; max-width: 72rem;
       padding: 1rem 2rem 4rem; color: #1d1d1f; line-height: 1.5; }
h1 { margin-bottom: .2rem; } h2 { border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin: 2rem 0 .3rem; } .en, .en * { color: #57606a; } span.en::before { content: " / "; color: #8c959f; }
code { background: #f6f8fa; padding: 0 .25rem; border-radius: 3px; font-size: .92em; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; font-size: .85em; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; width: 14rem; } nav ul, ul.tree { line-height: 1.4; }
section.term { border-left: 3px solid #d0d7de; padding-left: 1rem; }
.iri { font-size: .85em; color: #57606a; } p.def { margin: .2rem 0; }
nav.toc ul ul { padding-left: 1rem; margin: .2rem 0 .6rem; }
nav.toc ul ul li { display: inline; } nav.toc ul ul li:not(:last-child)::after { content: " · "; color: #8c959f; }
"""


# ----- reading the graphs ---------------------------------------------------------------------------------


def _curie(node: Node) -> str:
    """Return a compact name for an IRI (``bg:Plan``), the IRI itself, or a short form of anything else."""
    if isinstance(node, URIRef):
        text = str(node)
        best = ""
        for prefix, ns in _PREFIXES.items():
            if text.startswith(ns) and len(ns) > len(_PREFIXES.get(best, "")):
                best = prefix
        if best:
            return f"{best}:{text[len(_PREFIXES[best]) :]}"
        return text
    if isinstance(node, Literal):
        return str(node) + (f"@{node.language}" if node.language else "")
    return "[]"


def _in_bg(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(BG))


def _text(g: Graph, node: Node, prop: URIRef, lang: str) -> str:
    """Return the value of ``prop`` in language ``lang`` (or an untagged value when asking for Dutch)."""
    untagged = ""
    for o in g.objects(node, prop):
        if isinstance(o, Literal):
            if o.language == lang:
                return str(o)
            if o.language is None and not untagged:
                untagged = str(o)
    return untagged if lang == "nl" else ""


def _label(g: Graph, node: Node, lang: str = "nl") -> str:
    """Return the rdfs:label (or skos:prefLabel) in a language; the compact IRI when there is none."""
    text = _text(g, node, RDFS.label, lang) or _text(g, node, SKOS.prefLabel, lang)
    if not text and lang == "nl":
        return _curie(node)
    return text


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(set(nodes), key=lambda n: str(n))


def _anchor(kind: str, node: Node) -> str:
    """Return an HTML id for a term: kind plus the local name, restricted to safe characters."""
    local = re.split(r"[#/]", str(node))[-1] if isinstance(node, URIRef) else str(node)
    return kind + "-" + re.sub(r"[^A-Za-z0-9_-]", "_", local)


def _terms(g: Graph, rdf_type: URIRef) -> list[Node]:
    return _sorted(s for s in g.subjects(RDF.type, rdf_type) if _in_bg(s))


def _named_shapes(shapes: Graph) -> list[Node]:
    found = {s for t in (SH.NodeShape, SH.PropertyShape) for s in shapes.subjects(RDF.type, t)}
    found |= set(shapes.objects(None, SH.property))
    return _sorted(s for s in found if isinstance(s, URIRef))


def _descendants(g: Graph, node: Node) -> Iterator[Node]:
    """Yield the blank nodes (lists, nested shapes) reachable from a shape, the shape itself first."""
    seen: set[Node] = set()
    todo = [node]
    while todo:
        n = todo.pop()
        if n in seen:
            continue
        seen.add(n)
        yield n
        todo.extend(o for o in g.objects(n, None) if isinstance(o, BNode))


def _mentions(shapes: Graph, shape: Node, prop: URIRef) -> set[Node]:
    """Values of ``prop`` anywhere in the shape, including nested sh:or lists and inner shapes."""
    return {o for n in _descendants(shapes, shape) for o in shapes.objects(n, prop)}


def _path_properties(shapes: Graph, shape: Node) -> set[Node]:
    paths = _mentions(shapes, shape, SH.path)
    props: set[Node] = {p for p in paths if isinstance(p, URIRef)}
    for p in paths:
        if isinstance(p, BNode):
            for q in (SH.alternativePath, SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath):
                for inner in shapes.objects(p, q):
                    if isinstance(inner, URIRef):
                        props.add(inner)
                    elif q == SH.alternativePath:
                        props |= {x for x in Collection(shapes, inner) if isinstance(x, URIRef)}
    return props


# ----- HTML helpers ---------------------------------------------------------------------------------------


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _bilingual(nl: str, en: str) -> str:
    """Dutch text with the English alongside (omitted when empty or identical)."""
    out = f'<span lang="nl">{_e(nl)}</span>'
    if en and en != nl:
        out += f' <span lang="en" class="en">{_e(en)}</span>'
    return out


def _ref(g: Graph, node: Node, known: dict[Node, str]) -> str:
    """A reference to a term: a link to its section when it is on this page, else its compact IRI."""
    if node in known:
        return f'<a href="#{_e(known[node])}">{_e(_label(g, node))}</a> <code>{_e(_curie(node))}</code>'
    if isinstance(node, BNode):
        return "<code>[ ]</code>"
    return f"<code>{_e(_curie(node))}</code>"


def _refs(g: Graph, nodes: Iterable[Node], known: dict[Node, str]) -> str:
    items = [_ref(g, n, known) for n in _sorted(nodes)]
    return ", ".join(items) if items else "&mdash;"


def _row(th_nl: str, th_en: str, value: str) -> str:
    return f"<tr><th>{_bilingual(th_nl, th_en)}</th><td>{value}</td></tr>"


def _definitions(g: Graph, node: Node) -> str:
    out = []
    for lang in ("nl", "en"):
        text = _text(g, node, SKOS.definition, lang) or _text(g, node, DCTERMS.description, lang)
        if text and lang == "nl":
            out.append(f'<p class="def" lang="nl">{_e(text)}</p>')
        elif text:
            out.append(f'<p class="def en" lang="en">{_e(text)}</p>')
    return "".join(out)


# ----- sections -------------------------------------------------------------------------------------------


def _tree(ont: Graph, classes: list[Node], known: dict[Node, str]) -> str:
    """Nested list of the bg class hierarchy (a class with several bg parents appears under each)."""
    children: dict[Node, list[Node]] = {c: [] for c in classes}
    roots = []
    for c in classes:
        parents = [p for p in ont.objects(c, RDFS.subClassOf) if p in children]
        for p in parents:
            children[p].append(c)
        if not parents:
            roots.append(c)

    def branch(nodes: list[Node], trail: frozenset[Node]) -> str:
        items = []
        for n in sorted(nodes, key=lambda x: _label(ont, x).lower()):
            if n in trail:
                continue
            sub = branch(children[n], trail | {n})
            items.append(f"<li>{_ref(ont, n, known)}{sub}</li>")
        return f'<ul class="tree">{"".join(items)}</ul>' if items else ""

    return branch(roots, frozenset())


def _with_property_shapes(shapes: Graph, found: list[Node]) -> list[Node]:
    """The shapes plus the named property shapes attached to them (they apply to the same focus nodes)."""
    return found + [p for s in found for p in shapes.objects(s, SH.property) if isinstance(p, URIRef)]


@dataclass(frozen=True)
class _ShapeIndex:
    """What each named shape mentions, computed once per page."""

    shapes: list[Node]
    classes: dict[Node, set[Node]]
    paths: dict[Node, set[Node]]

    @classmethod
    def build(cls, shapes: Graph) -> _ShapeIndex:
        """Index the named shapes of a shapes graph."""
        named = _named_shapes(shapes)
        return cls(
            shapes=named,
            classes={s: _mentions(shapes, s, SH["class"]) for s in named},
            paths={s: _path_properties(shapes, s) for s in named},
        )


def _class_section(
    ont: Graph, shapes: Graph, index: _ShapeIndex, cls: Node, known: dict[Node, str], properties: list[Node]
) -> str:
    supers = list(ont.objects(cls, RDFS.subClassOf))
    subs = [s for s in ont.subjects(RDFS.subClassOf, cls) if _in_bg(s)]
    ancestors = set(ont.transitive_objects(cls, RDFS.subClassOf)) - {cls}
    all_shapes = index.shapes
    direct = _with_property_shapes(shapes, [s for s in all_shapes if (s, SH.targetClass, cls) in shapes])
    inherited = _with_property_shapes(
        shapes, [s for s in all_shapes if any((s, SH.targetClass, a) in shapes for a in ancestors)]
    )
    as_value = [s for s in all_shapes if cls in index.classes[s]]
    domain_of = [p for p in properties if (p, RDFS.domain, cls) in ont]
    range_of = [p for p in properties if (p, RDFS.range, cls) in ont]
    rows = [
        _row("IRI", "IRI", f'<code class="iri">{_e(cls)}</code>'),
        _row("Bovenklassen", "Superclasses", _refs(ont, supers, known)),
        _row("Subklassen", "Subclasses", _refs(ont, subs, known)),
        _row(
            "Overeenkomst",
            "Mappings",
            "; ".join(
                f"{_e(_curie(p))} {_ref(ont, o, known)}"
                for p in (SKOS.exactMatch, SKOS.closeMatch)
                for o in _sorted(ont.objects(cls, p))
            )
            or "&mdash;",
        ),
    ]
    segment = ont.value(cls, BG.iriSegment)
    if segment is not None:
        rows.append(_row("IRI-segment", "IRI segment", f"<code>{_e(segment)}</code>"))
    rows += [
        _row("Domein van", "Domain of", _refs(ont, domain_of, known)),
        _row("Bereik van", "Range of", _refs(ont, range_of, known)),
        _row("Vormregels (doel)", "Shapes (target)", _refs(shapes, direct, known)),
        _row("Geërfde vormregels", "Inherited shapes", _refs(shapes, inherited, known)),
        _row("Vereist als waarde door", "Required as value by", _refs(shapes, as_value, known)),
    ]
    return (
        f'<section class="term" id="{_e(known[cls])}"><h3>{_bilingual(_label(ont, cls), _label(ont, cls, "en"))}</h3>'
        f"{_definitions(ont, cls)}<table>{''.join(rows)}</table></section>"
    )


def _property_section(ont: Graph, shapes: Graph, index: _ShapeIndex, prop: Node, known: dict[Node, str]) -> str:
    types = [t for t in ont.objects(prop, RDF.type)]
    supers = list(ont.objects(prop, RDFS.subPropertyOf))
    subs = [s for s in ont.subjects(RDFS.subPropertyOf, prop) if _in_bg(s)]
    constraining = [s for s in index.shapes if prop in index.paths[s] or (s, SH.targetSubjectsOf, prop) in shapes]
    rows = [
        _row("IRI", "IRI", f'<code class="iri">{_e(prop)}</code>'),
        _row("Soort", "Kind", _refs(ont, types, known)),
        _row("Domein", "Domain", _refs(ont, ont.objects(prop, RDFS.domain), known)),
        _row("Bereik", "Range", _refs(ont, ont.objects(prop, RDFS.range), known)),
        _row("Bovenrelaties", "Superproperties", _refs(ont, supers, known)),
        _row("Deelrelaties", "Subproperties", _refs(ont, subs, known)),
        _row(
            "Overeenkomst",
            "Mappings",
            "; ".join(
                f"{_e(_curie(p))} {_ref(ont, o, known)}"
                for p in (SKOS.exactMatch, SKOS.closeMatch)
                for o in _sorted(ont.objects(prop, p))
            )
            or "&mdash;",
        ),
        _row("Vormregels", "Shapes", _refs(shapes, constraining, known)),
    ]
    return (
        f'<section class="term" id="{_e(known[prop])}"><h3>{_bilingual(_label(ont, prop), _label(ont, prop, "en"))}'
        f"</h3>{_definitions(ont, prop)}<table>{''.join(rows)}</table></section>"
    )


def _scheme_section(ont: Graph, scheme: Node, known: dict[Node, str]) -> str:
    concepts = _sorted(ont.subjects(SKOS.inScheme, scheme))
    rows = []
    for c in concepts:
        notation = ont.value(c, SKOS.notation)
        definition = _bilingual(_text(ont, c, SKOS.definition, "nl"), _text(ont, c, SKOS.definition, "en"))
        rows.append(
            f'<tr id="{_e(known[c])}"><td><code>{_e(notation if notation is not None else _curie(c))}</code></td>'
            f"<td>{_bilingual(_label(ont, c), _label(ont, c, 'en'))}</td><td>{definition}</td></tr>"
        )
    table = (
        "<table><tr><th>"
        + _bilingual("Notatie", "Notation")
        + "</th><th>"
        + _bilingual("Naam", "Name")
        + "</th><th>"
        + _bilingual("Definitie", "Definition")
        + "</th></tr>"
        + "".join(rows)
        + "</table>"
        if rows
        else '<p><span lang="nl">Dit schema krijgt zijn begrippen uit de data.</span> '
        '<span lang="en" class="en">This scheme takes its concepts from the data.</span></p>'
    )
    return (
        f'<section class="term" id="{_e(known[scheme])}">'
        f"<h3>{_bilingual(_label(ont, scheme), _label(ont, scheme, 'en'))}</h3>"
        f"{_definitions(ont, scheme)}{table}</section>"
    )


def _value(both: Graph, node: Node, known: dict[Node, str], depth: int = 0) -> str:
    """Render a constraint value: a term, a literal, an RDF list, or a nested blank shape.

    ``both`` is the ontology and the shapes together, so that classes and shapes are shown by their labels.
    """
    if isinstance(node, Literal):
        return f"<code>{_e(_curie(node))}</code>"
    if isinstance(node, URIRef) and node != RDF.nil:
        return _ref(both, node, known)
    if (node, RDF.first, None) in both or node == RDF.nil:
        return "( " + " ".join(_value(both, x, known, depth + 1) for x in Collection(both, node)) + " )"
    if depth > 6:
        return "[ … ]"
    parts = [
        f"{_e(_curie(p))} {_value(both, o, known, depth + 1)}"
        for p, o in sorted(both.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1])))
    ]
    return "[ " + " ; ".join(parts) + " ]"


def _sparql(query: Node | None) -> str:
    """The text of a SPARQL query as written in the shapes, without its common indentation."""
    return textwrap.dedent(str(query or "").strip("\n")).rstrip()


def _shape_section(ont: Graph, shapes: Graph, both: Graph, shape: Node, known: dict[Node, str]) -> str:
    kind = "NodeShape" if (shape, RDF.type, SH.NodeShape) in shapes else "PropertyShape"
    targets = []
    for p, nl, en in (
        (SH.targetClass, "instanties van", "instances of"),
        (SH.targetSubjectsOf, "onderwerpen van", "subjects of"),
        (SH.targetObjectsOf, "objecten van", "objects of"),
        (SH.targetNode, "knoop", "node"),
    ):
        for t in _sorted(shapes.objects(shape, p)):
            targets.append(f"{_bilingual(nl, en)} {_ref(ont, t, known)}")
    for target in _sorted(shapes.objects(shape, SH.target)):
        query = shapes.value(target, SH.select)
        if query is not None:
            targets.append(f"{_bilingual('SPARQL-doel', 'SPARQL target')}<pre>{_e(_sparql(query))}</pre>")
    parents = _sorted(shapes.subjects(SH.property, shape))
    if parents:
        targets.append(f"{_bilingual('via', 'via')} {_refs(shapes, parents, known)}")
    messages = "".join(
        f'<p class="def{" en" if m.language == "en" else ""}" lang="{_e(m.language or "")}">{_e(m)}</p>'
        for m in sorted(
            (m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal)),
            key=lambda m: (m.language != "nl", str(m)),
        )
    )
    params = []
    present: set[Node] = {p for p in shapes.predicates(shape, None) if p not in _NOT_PARAMETERS}
    ordered: list[Node] = [p for p in _PARAMETER_ORDER if p in present]
    for param in ordered + _sorted(present - set(_PARAMETER_ORDER)):
        for o in _sorted(shapes.objects(shape, param)):
            if param == SH.sparql:
                query = shapes.value(o, SH.select)
                params.append(_row("SPARQL", "SPARQL", f"<pre>{_e(_sparql(query))}</pre>"))
            elif param == SH.property:
                params.append(_row("eigenschapsregel", "property shape", _ref(shapes, o, known)))
            else:
                params.append(f"<tr><th><code>{_e(_curie(param))}</code></th><td>{_value(both, o, known)}</td></tr>")
    rows = [
        _row("IRI", "IRI", f'<code class="iri">{_e(shape)}</code>'),
        _row("Soort", "Kind", f"<code>sh:{kind}</code>"),
        _row("Geldt voor", "Applies to", "<br>".join(targets) or "&mdash;"),
        *params,
    ]
    return (
        f'<section class="term" id="{_e(known[shape])}">'
        f"<h3>{_bilingual(_label(shapes, shape), _label(shapes, shape, 'en'))}</h3>"
        f"{messages}<table>{''.join(rows)}</table></section>"
    )


def _toc_list(g: Graph, nodes: list[Node], known: dict[Node, str]) -> str:
    items = "".join(
        f'<li><a href="#{_e(known[n])}">{_e(_label(g, n))}</a></li>'
        for n in sorted(nodes, key=lambda x: _label(g, x).lower())
    )
    return f"<ul>{items}</ul>"


def render_html(ontology: Graph, shapes: Graph) -> str:
    """Return a self-contained HTML page documenting the ontology and the shapes that constrain it.

    The page lists, Dutch first with English alongside: the class hierarchy; every class with its labels,
    definitions, superclasses, mappings and the shapes that target it or require it as a value; every property
    with domain, range, superproperties, mappings and shapes; the concept schemes with their concepts (the
    statuses); and every shape with its targets, constraints and messages. Nothing is fetched: no scripts, an
    inline stylesheet, links only to anchors in the page, and all text from the graphs is HTML-escaped.
    """
    classes = _terms(ontology, OWL.Class)
    props_by_type = [(t, nl, en, _terms(ontology, t)) for t, nl, en in _PROPERTY_TYPES]
    properties = _sorted(p for *_, ps in props_by_type for p in ps)
    schemes = _sorted(s for s in ontology.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = _sorted(c for s in schemes for c in ontology.subjects(SKOS.inScheme, s))
    index = _ShapeIndex.build(shapes)
    shape_nodes = index.shapes

    known: dict[Node, str] = {}
    for kind, nodes in (
        ("klasse", classes),
        ("eigenschap", properties),
        ("schema", schemes),
        ("begrip", concepts),
        ("vorm", shape_nodes),
    ):
        for n in nodes:
            known.setdefault(n, _anchor(kind, n))

    onto = URIRef(ONTOLOGY_IRI)
    title_nl = _text(ontology, onto, DCTERMS.title, "nl") or _label(ontology, onto)
    title_en = _text(ontology, onto, DCTERMS.title, "en") or _label(ontology, onto, "en")
    version = ontology.value(onto, OWL.versionInfo)
    prefix = ontology.value(onto, _VANN.preferredNamespacePrefix)

    toc = [
        '<nav class="toc" aria-label="Inhoud / Contents"><h2>' + _bilingual("Inhoud", "Contents") + "</h2><ul>",
        f'<li><a href="#hierarchie">{_bilingual("Klassenhiërarchie", "Class hierarchy")}</a></li>',
        f'<li><a href="#klassen">{_bilingual("Klassen", "Classes")}</a>{_toc_list(ontology, classes, known)}</li>',
    ]
    for t, nl, en, ps in props_by_type:
        if ps:
            toc.append(
                f'<li><a href="#{_e(_anchor("eigenschappen", t))}">{_bilingual(nl, en)}</a>'
                f"{_toc_list(ontology, ps, known)}</li>"
            )
    toc.append(
        f'<li><a href="#schemas">{_bilingual("Begrippenschema’s", "Concept schemes")}</a>'
        f"{_toc_list(ontology, schemes, known)}</li>"
    )
    toc.append(
        f'<li><a href="#vormregels">{_bilingual("Vormregels (SHACL)", "Shapes (SHACL)")}</a>'
        f"{_toc_list(shapes, shape_nodes, known)}</li></ul></nav>"
    )

    body = [
        f"<header><h1>{_bilingual(title_nl, title_en)}</h1>",
        _definitions(ontology, onto),
        "<table>",
        _row("Naamruimte", "Namespace", f"<code>{_e(BG)}</code>"),
        _row("Voorvoegsel", "Prefix", f"<code>{_e(prefix if prefix is not None else 'bg')}</code>"),
        _row("Versie", "Version", _e(version if version is not None else "")),
        _row("Vormregels", "Shapes", f"<code>{_e(BGSH)}</code>"),
        "</table></header>",
        *toc,
        f'<h2 id="hierarchie">{_bilingual("Klassenhiërarchie", "Class hierarchy")}</h2>',
        _tree(ontology, classes, known),
        f'<h2 id="klassen">{_bilingual("Klassen", "Classes")}</h2>',
        *(_class_section(ontology, shapes, index, c, known, properties) for c in classes),
    ]
    for t, nl, en, ps in props_by_type:
        if ps:
            body.append(f'<h2 id="{_e(_anchor("eigenschappen", t))}">{_bilingual(nl, en)}</h2>')
            body.extend(_property_section(ontology, shapes, index, p, known) for p in ps)
    body.append(f'<h2 id="schemas">{_bilingual("Begrippenschema’s", "Concept schemes")}</h2>')
    body.extend(_scheme_section(ontology, s, known) for s in schemes)
    body.append(f'<h2 id="vormregels">{_bilingual("Vormregels (SHACL)", "Shapes (SHACL)")}</h2>')
    both = ontology + shapes
    body.extend(_shape_section(ontology, shapes, both, s, known) for s in shape_nodes)

    return (
        '<!DOCTYPE html>\n<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        f"<title>{_e(title_nl)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
