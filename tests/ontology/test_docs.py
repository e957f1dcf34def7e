"""The HTML documentation page (beleidsgraaf.ontology.docs.render_html)."""

from __future__ import annotations

import ast
import re
import sys
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS

from beleidsgraaf.ontology import BG, ontology_graph, shapes_graph
from beleidsgraaf.ontology import docs as docs_module
from beleidsgraaf.ontology.docs import render_html

BGSH = Namespace("https://w3id.org/beleidsgraaf/shapes#")
VOID_ELEMENTS = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class _Collector(HTMLParser):
    """Collects ids, links and resource references, and checks that elements are properly nested."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.tags: set[str] = set()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.append(value)
            if name == "href" and value is not None:
                self.hrefs.append(value)
            if name in ("src", "srcset", "action", "data", "poster") and value is not None:
                self.srcs.append(value)
        if tag not in VOID_ELEMENTS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else 'nothing'}")
            return
        self.stack.pop()


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(ontology_graph(), shapes_graph())


@pytest.fixture(scope="module")
def parsed(page: str) -> _Collector:
    c = _Collector()
    c.feed(page)
    c.close()
    return c


def test_renders_a_complete_html_document(page: str, parsed: _Collector) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in page
    assert '<meta charset="utf-8">' in page
    assert parsed.errors == []
    assert parsed.stack == []


def test_contains_every_class_label_in_dutch_and_english(page: str) -> None:
    ont = ontology_graph()
    classes = [c for c in ont.subjects(RDF.type, OWL.Class) if str(c).startswith(str(BG))]
    assert len(classes) > 40
    for c in classes:
        for label in ont.objects(c, RDFS.label):
            assert escape(str(label)) in page, f"label {label!r} of {c} missing"
        for definition in ont.objects(c, SKOS.definition):
            assert escape(str(definition)) in page


def test_contains_every_property_scheme_status_and_shape(page: str, parsed: _Collector) -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for p in ont.subjects(RDF.type, t):
            assert f"eigenschap-{p.fragment}" in parsed.ids  # type: ignore[union-attr]
    for status in ont.subjects(RDF.type, BG.Status):
        assert f"<code>{escape(str(ont.value(status, SKOS.notation)))}</code>" in page
        for label in ont.objects(status, SKOS.prefLabel):
            assert escape(str(label)) in page
    for scheme in ont.subjects(RDF.type, SKOS.ConceptScheme):
        assert f"schema-{scheme.fragment}" in parsed.ids  # type: ignore[union-attr]
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape)):
        assert f"vorm-{shape.fragment}" in parsed.ids  # type: ignore[union-attr]
        for message in shapes.objects(shape, SH.message):
            assert escape(str(message)) in page


def test_shows_hierarchy_mappings_domain_range_and_shapes(page: str) -> None:
    gemeente = page[page.index('id="klasse-Gemeente"') :]
    gemeente = gemeente[: gemeente.index("</section>")]
    assert "bg:Overheidsorganisatie" in gemeente and "tooiont:Gemeente" in gemeente
    assert "bgsh:GemeenteShape" in gemeente and "bgsh:EntiteitShape" in gemeente and "bgsh:Label" in gemeente
    opgesteld = page[page.index('id="eigenschap-opgesteldDoor"') :]
    opgesteld = opgesteld[: opgesteld.index("</section>")]
    assert "bg:Organisatie" in opgesteld and "dcterms:creator" in opgesteld and "prov:wasAttributedTo" in opgesteld
    assert "bgsh:OpgesteldDoor-doel" in opgesteld
    assert page.index("Klassen</span>") < page.index("Classes</span>"), "Dutch first"


def test_ids_are_unique_and_every_link_has_a_target(parsed: _Collector) -> None:
    assert len(parsed.ids) == len(set(parsed.ids))
    for href in parsed.hrefs:
        assert href.startswith("#"), f"link leaves the page: {href}"
        assert href[1:] in parsed.ids, f"dangling link {href}"


def test_makes_no_external_requests(page: str, parsed: _Collector) -> None:
    assert parsed.srcs == []
    assert not parsed.tags & {"script", "link", "img", "iframe", "object", "embed", "base", "form"}
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    style = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in style and "@import" not in style
    assert "default-src 'none'" in page


def test_escapes_a_hostile_label() -> None:
    ont = Graph() + ontology_graph()
    evil = BG.Kwaadaardig
    ont.add((evil, RDF.type, OWL.Class))
    ont.add((evil, RDFS.subClassOf, BG.Entiteit))
    ont.add((evil, RDFS.label, Literal('<script>alert("nl")</script>', lang="nl")))
    ont.add((evil, RDFS.label, Literal('"><img src=x onerror=alert(1)>', lang="en")))
    ont.add((evil, SKOS.definition, Literal("</section><iframe src=//evil.example>", lang="nl")))
    shapes = Graph() + shapes_graph()
    shapes.add((BGSH.Kwaad, RDF.type, SH.NodeShape))
    shapes.add((BGSH.Kwaad, SH.targetClass, evil))
    shapes.add((BGSH.Kwaad, SH.message, Literal("<b>vet</b> & 'quote'", lang="nl")))
    page = render_html(ont, shapes)
    assert "<script>" not in page and "<img" not in page and "<iframe" not in page and "<b>vet" not in page
    assert escape('<script>alert("nl")</script>') in page
    assert escape('"><img src=x onerror=alert(1)>') in page
    assert escape("<b>vet</b> & 'quote'") in page
    c = _Collector()
    c.feed(page)
    assert c.errors == [] and c.srcs == []


def test_renders_empty_graphs() -> None:
    page = render_html(Graph(), Graph())
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_module_imports_only_rdflib_and_the_standard_library() -> None:
    tree = ast.parse(Path(docs_module.__file__).read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    allowed = set(sys.stdlib_module_names) | {"__future__", "rdflib", "beleidsgraaf"}
    assert roots - allowed == set()
    beleidsgraaf_imports = {
        n.module
        for n in ast.walk(tree)
        if isinstance(n, ast.ImportFrom) and (n.module or "").startswith("beleidsgraaf")
    }
    assert beleidsgraaf_imports == {"beleidsgraaf.ontology"}
