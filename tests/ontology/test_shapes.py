"""SHACL shapes, tested with data like the W3C SHACL suite: one Turtle file per case in shape_cases/.

``<Shape>__ok[-variant].ttl`` must conform and contain a focus node of ``bgsh:<Shape>``;
``<Shape>__bad[-variant].ttl`` must be reported by ``bgsh:<Shape>`` (``sh:sourceShape``) and by no other shape
except those listed on a ``# ook: bgsh:X bgsh:Y`` line. See shape_cases/README.md.

Validation runs like the build's: ont_graph=ontology, inference="none", advanced=True (the SPARQL-based shapes
select their focus nodes with SHACL-AF SPARQL targets), on a copy of the shapes (pySHACL adds triples to the
shapes graph it is handed). ``ok`` cases must conform both with the data alone (as ``beleidsgraaf validate`` runs
it) and with the data merged with the ontology (as in the built dataset). The tests cache prepared SPARQL queries:
pySHACL parses the same query text again for every focus node.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from rdflib.plugins.sparql import prepareQuery, processor
from rdflib.plugins.sparql.sparql import Query

from beleidsgraaf.ontology import BG, ontology_graph, shapes_graph, shapes_turtle

BGSH = Namespace("https://w3id.org/beleidsgraaf/shapes#")
CASES = Path(__file__).parent / "shape_cases"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"
PREFIXES = (CASES / "_voorvoegsels.ttl").read_text(encoding="utf-8")
CASE_NAME = re.compile(r"^(?P<shape>[A-Za-z][A-Za-z0-9-]*)__(?P<kind>ok|bad)(?:-(?P<variant>[a-z0-9-]+))?\.ttl$")
ALSO = re.compile(r"^#\s*ook:\s*(?P<shapes>.+)$", re.MULTILINE)


# ----- helpers -------------------------------------------------------------------------------------------

_PREPARED: dict[tuple[str, str | None, tuple[tuple[str, Any], ...]], Query] = {}
_ORIGINAL_QUERY = processor.SPARQLProcessor.query


def _query_with_cache(
    self: processor.SPARQLProcessor,
    strOrQuery: str | Query,  # noqa: N803 - rdflib's signature
    initBindings: Mapping[str, Any] | None = None,  # noqa: N803
    initNs: Mapping[str, Any] | None = None,  # noqa: N803
    base: str | None = None,
    DEBUG: bool = False,  # noqa: N803
) -> Mapping[str, Any]:
    query = strOrQuery
    if isinstance(query, str):
        key = (query, base, tuple(sorted((initNs or {}).items())))
        if key not in _PREPARED:
            _PREPARED[key] = prepareQuery(query, initNs=initNs, base=base)
        query = _PREPARED[key]
    return _ORIGINAL_QUERY(self, query, initBindings, initNs, base, DEBUG)


@pytest.fixture(scope="module", autouse=True)
def _prepared_sparql_queries() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(processor.SPARQLProcessor, "query", _query_with_cache)
        yield


@dataclass(frozen=True)
class Case:
    path: Path
    shape: URIRef
    kind: str

    @property
    def id(self) -> str:
        return self.path.stem

    def also(self) -> set[URIRef]:
        text = self.path.read_text(encoding="utf-8")
        return {BGSH[name.removeprefix("bgsh:")] for m in ALSO.finditer(text) for name in m["shapes"].split()}


def _parse_case(path: Path) -> Graph:
    g = Graph()
    g.parse(data=PREFIXES + "\n" + path.read_text(encoding="utf-8"), format="turtle")
    return g


@cache
def _background() -> Graph:
    return _parse_case(CASES / "_achtergrond.ttl")


def _validate(data: Graph, *, with_ontology: bool = False) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(
        data + ontology_graph() if with_ontology else data,
        shacl_graph=Graph() + shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        advanced=True,
        allow_warnings=False,
    )
    return bool(conforms), report


@cache
def _validate_case(path: Path, *, with_ontology: bool = False) -> tuple[bool, Graph]:
    return _validate(_parse_case(path) + _background(), with_ontology=with_ontology)


def _results(report: Graph) -> list[tuple[URIRef, URIRef]]:
    """(result node, source shape) of every validation result."""
    return [(r, report.value(r, SH.sourceShape)) for r in report.subjects(RDF.type, SH.ValidationResult)]


def _describe(report: Graph) -> str:
    lines = []
    for r, shape in _results(report):
        focus = report.value(r, SH.focusNode)
        msg = " | ".join(sorted(str(m) for m in report.objects(r, SH.resultMessage)))
        lines.append(f"{shape} on {focus}: {msg}")
    return "\n".join(sorted(lines))


def _named_shapes(shapes: Graph) -> set[URIRef]:
    found: set[URIRef] = set()
    for t in (SH.NodeShape, SH.PropertyShape):
        found |= {s for s in shapes.subjects(RDF.type, t) if isinstance(s, URIRef)}
    found |= {o for o in shapes.objects(None, SH.property) if isinstance(o, URIRef)}
    return found


def _instances(g: Graph, cls: URIRef) -> set[object]:
    classes = set(g.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in g.subjects(RDF.type, c)}


def _sparql_texts(shapes: Graph, shape: URIRef) -> list[str]:
    """The SPARQL of a shape's SPARQL targets and SPARQL constraints."""
    texts = []
    for link in (SH.target, SH.sparql):
        for node in shapes.objects(shape, link):
            texts += [str(q) for q in shapes.objects(node, SH.select)]
    return texts


def _sparql_terms(shapes: Graph, shape: URIRef) -> set[URIRef]:
    """The prefixed names used in a shape's SPARQL, expanded with the shapes graph's sh:declare."""
    prefixes = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace)) for d in shapes.objects(None, SH.declare)
    }
    terms = set()
    for text in _sparql_texts(shapes, shape):
        for prefix, local in re.findall(r"\b([a-z]+):([A-Za-z][A-Za-z0-9_-]*)", text):
            if prefix in prefixes:
                terms.add(URIRef(prefixes[prefix] + local))
    return terms


def _focus_nodes(shape: URIRef, shapes: Graph, data: Graph) -> set[object]:
    """Focus nodes of a shape in a data graph (targets, or the parent node shapes' focus nodes)."""
    nodes: set[object] = set()
    for cls in shapes.objects(shape, SH.targetClass):
        nodes |= _instances(data, cls)  # type: ignore[arg-type]
    for p in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(p, None))  # type: ignore[arg-type]
    for p in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, p))  # type: ignore[arg-type]
    nodes |= set(shapes.objects(shape, SH.targetNode))
    for parent in shapes.subjects(SH.property, shape):
        nodes |= _focus_nodes(parent, shapes, data)  # type: ignore[arg-type]
    return nodes


def _all_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES.glob("*.ttl")):
        m = CASE_NAME.match(path.name)
        if m:
            cases.append(Case(path, BGSH[m["shape"]], m["kind"]))
    return cases


CASE_LIST = _all_cases()
OK_CASES = [c for c in CASE_LIST if c.kind == "ok"]
BAD_CASES = [c for c in CASE_LIST if c.kind == "bad"]


# ----- the cases -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", OK_CASES, ids=lambda c: c.id)
def test_ok_case_conforms(case: Case) -> None:
    data = _parse_case(case.path)
    conforms, report = _validate_case(case.path)
    assert conforms, f"{case.path.name} should conform but:\n{_describe(report)}"
    mixed = data + _background() + ontology_graph()
    conforms, report = _validate_case(case.path, with_ontology=True)
    assert conforms, f"{case.path.name} should conform with the ontology in the data too but:\n{_describe(report)}"
    shapes = shapes_graph()
    if (case.shape, SH.target, None) in shapes:
        # a SPARQL target selects only nodes that break the rule, so valid data has none: require instead that
        # the case uses what the rule is about
        used = set(data.predicates()) | set(data.objects(None, RDF.type))
        assert used & _sparql_terms(shapes, case.shape), f"{case.path.name} does not touch {case.shape}"
        return
    case_nodes = set(data.subjects()) | set(data.objects())
    focus = _focus_nodes(case.shape, shapes, mixed)
    assert focus & case_nodes, f"{case.path.name} has no focus node of {case.shape}: it tests nothing"


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda c: c.id)
def test_bad_case_is_reported_by_its_shape_only(case: Case) -> None:
    conforms, report = _validate_case(case.path)
    assert not conforms, f"{case.path.name} should not conform"
    failing = {shape for _, shape in _results(report)}
    assert case.shape in failing, f"{case.shape} did not report {case.path.name}; got:\n{_describe(report)}"
    assert failing == {case.shape} | case.also(), f"unexpected shapes for {case.path.name}:\n{_describe(report)}"


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda c: c.id)
def test_bad_case_message_is_dutch_and_english(case: Case) -> None:
    """The shape's Dutch and English sh:message both reach the report. Compared by text: pySHACL drops the
    language tag of messages on SPARQL-based results."""
    _, report = _validate_case(case.path)
    expected = {str(m) for m in shapes_graph().objects(case.shape, SH.message)}
    assert len(expected) == 2
    for r, shape in _results(report):
        if shape == case.shape:
            got = {str(m) for m in report.objects(r, SH.resultMessage)}
            assert expected <= got, f"{shape}: messages {got}"


# ----- the case folder is complete -------------------------------------------------------------------------


def test_every_shape_has_an_ok_and_a_bad_case() -> None:
    shapes = _named_shapes(shapes_graph())
    ok = {c.shape for c in OK_CASES}
    bad = {c.shape for c in BAD_CASES}
    missing = sorted(
        f"{s.fragment}__{kind}.ttl" for s in shapes for kind, have in (("ok", ok), ("bad", bad)) if s not in have
    )
    assert missing == [], "shapes without cases: " + ", ".join(missing)


def test_every_case_names_an_existing_shape() -> None:
    shapes = _named_shapes(shapes_graph())
    assert sorted(c.path.name for c in CASE_LIST if c.shape not in shapes) == []
    for c in BAD_CASES:
        assert c.also() <= shapes, f"{c.path.name} names unknown shapes in '# ook:'"


def test_every_file_in_the_case_folder_is_a_case_or_fixture() -> None:
    fixtures = {"_voorvoegsels.ttl", "_achtergrond.ttl", "README.md"}
    stray = sorted(p.name for p in CASES.iterdir() if p.name not in fixtures and not CASE_NAME.match(p.name))
    assert stray == [], f"misnamed case files: {stray}"


def test_background_conforms() -> None:
    conforms, report = _validate(_background())
    assert conforms, _describe(report)


def test_ontology_conforms_to_its_shapes() -> None:
    conforms, report = _validate(Graph())
    assert conforms, _describe(report)


# ----- the shapes graph itself -----------------------------------------------------------------------------


def test_shapes_are_valid_shacl() -> None:
    conforms, _, text = pyshacl.validate(
        Graph(), shacl_graph=Graph() + shapes_graph(), inference="none", advanced=True, meta_shacl=True
    )
    assert conforms, text


def test_shapes_turtle_parses_and_the_cached_graph_is_untouched() -> None:
    g = Graph().parse(data=shapes_turtle(), format="turtle")
    assert len(g) == len(shapes_graph())
    assert (OWL.Class, RDFS.subClassOf, RDFS.Class) not in shapes_graph(), "pySHACL was handed the cached graph"


def test_every_property_shape_under_a_node_shape_is_named() -> None:
    """Blank property shapes would make sh:sourceShape useless for telling which rule failed."""
    shapes = shapes_graph()
    anonymous = [
        (s, o) for s, o in shapes.subject_objects(SH.property) if isinstance(s, URIRef) and isinstance(o, BNode)
    ]
    assert anonymous == []


@pytest.mark.parametrize("shape", sorted(_named_shapes(shapes_graph())), ids=lambda s: s.fragment)
def test_shape_is_labelled_and_has_messages_in_dutch_and_english(shape: URIRef) -> None:
    shapes = shapes_graph()
    for p in (RDFS.label, SH.message):
        langs = sorted(o.language or "" for o in shapes.objects(shape, p) if isinstance(o, Literal))
        assert langs == ["en", "nl"], f"{shape} {p}: {langs}"
    assert (shape, RDF.type, SH.NodeShape) in shapes or (shape, RDF.type, SH.PropertyShape) in shapes


def test_shape_names_follow_the_convention() -> None:
    for s in _named_shapes(shapes_graph()):
        kind = SH.NodeShape if (s, RDF.type, SH.NodeShape) in shapes_graph() else SH.PropertyShape
        if kind == SH.NodeShape:
            assert s.fragment.endswith("Shape"), s
        else:
            assert not s.fragment.endswith("Shape"), s


# ----- the shapes cover the ontology -----------------------------------------------------------------------


def _path_properties(shapes: Graph, shape: URIRef) -> set[object]:
    path = shapes.value(shape, SH.path)
    if isinstance(path, URIRef):
        return {path}
    alternatives = shapes.value(path, SH.alternativePath) if path is not None else None
    return set(Collection(shapes, alternatives)) if alternatives is not None else set()


def _bg_properties() -> list[URIRef]:
    ont = ontology_graph()
    found = set()
    for t in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        found |= {s for s in ont.subjects(RDF.type, t) if str(s).startswith(str(BG))}
    return sorted(found)  # type: ignore[arg-type]


def _bg_subjects_of(p: URIRef) -> list[URIRef]:
    ont = ontology_graph()
    return sorted((s for s, _ in ont.subject_objects(p) if str(s).startswith(str(BG))))  # type: ignore[arg-type]


@pytest.mark.parametrize("prop", _bg_properties(), ids=lambda p: p.fragment)
def test_every_property_is_constrained(prop: URIRef) -> None:
    shapes = shapes_graph()
    in_paths = any(prop in _path_properties(shapes, s) for s in _named_shapes(shapes))
    in_targets = (None, SH.targetSubjectsOf, prop) in shapes
    assert in_paths or in_targets, f"no shape mentions {prop}"


@pytest.mark.parametrize(
    "prop", [p for p in _bg_properties() if ontology_graph().value(p, RDFS.range) is not None], ids=lambda p: p.fragment
)
def test_declared_range_is_enforced(prop: URIRef) -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    rng = ont.value(prop, RDFS.range)
    pred = SH.datatype if str(rng).startswith(XSD_NS) else SH["class"]
    enforced = [s for s in _named_shapes(shapes) if prop in _path_properties(shapes, s) and (s, pred, rng) in shapes]
    # or a closed list of exactly the ontology's instances of the range (statuses: see shapes.ttl)
    members = set(ont.subjects(RDF.type, rng))
    for s in _named_shapes(shapes):
        for lst in shapes.objects(s, SH["in"]):
            if prop in _path_properties(shapes, s) and members and set(Collection(shapes, lst)) == members:
                enforced.append(s)
    assert enforced, f"no shape checks {prop} rdfs:range {rng} with {pred}"


@pytest.mark.parametrize(
    "prop",
    [p for p in _bg_properties() if ontology_graph().value(p, RDFS.domain) is not None],
    ids=lambda p: p.fragment,
)
def test_declared_domain_is_enforced(prop: URIRef) -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    dom = ont.value(prop, RDFS.domain)
    enforced = [s for s in shapes.subjects(SH.targetSubjectsOf, prop) if (s, SH["class"], dom) in shapes]
    assert enforced, f"no shape checks {prop} rdfs:domain {dom}"


def test_relation_shapes_cover_every_subproperty_of_relatie() -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    relations = set(ont.transitive_subjects(RDFS.subPropertyOf, BG.relatie))
    assert set(shapes.objects(BGSH.RelatieShape, SH.targetSubjectsOf)) == relations
    assert _path_properties(shapes, BGSH["Relatie-doel"]) == relations
    for text in _sparql_texts(shapes, BGSH.RelatieBronShape):
        assert "rdfs:subPropertyOf* bg:relatie" in text
        assert "NOT IN (bg:vastgesteldDoor, bg:gefinancierdDoor)" in text


def test_lineage_and_acyclic_shapes_follow_the_meta_classes() -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    lineage = set(ont.subjects(RDF.type, BG.Afstammingsrelatie))
    assert lineage <= set(shapes.objects(BGSH.AfstammingShape, SH.targetSubjectsOf))
    assert lineage <= _path_properties(shapes, BGSH["Afstamming-doel"])
    acyclic = set(ont.subjects(RDF.type, BG.AcyclischeRelatie))
    texts = _sparql_texts(shapes, BGSH.AcyclischShape)
    assert len(texts) == 2, "a SPARQL target and a SPARQL constraint"
    for text in texts:
        assert set(re.findall(r"bg:(\w+)\+", text)) == {p.fragment for p in acyclic}  # type: ignore[union-attr]


def test_every_iri_segment_is_checked_by_a_pattern() -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    for cls, segment in ont.subject_objects(BG.iriSegment):
        patterns = [str(p) for s in shapes.subjects(SH.targetClass, cls) for p in shapes.objects(s, SH.pattern)]
        assert any(f"/id/{segment}/" in p for p in patterns), f"{cls}: no IRI pattern with /id/{segment}/"


def test_every_class_is_constrained_by_some_shape() -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    mentioned = set(shapes.objects(None, SH.targetClass)) | set(shapes.objects(None, SH["class"]))
    meta = {BG.Afstammingsrelatie, BG.AcyclischeRelatie}
    for cls in ont.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(BG)) or cls in meta:
            continue
        lineage = set(ont.transitive_objects(cls, RDFS.subClassOf))
        assert lineage & mentioned, f"no shape constrains {cls} or a superclass"


def test_status_values_in_the_shapes_match_the_ontology() -> None:
    ont, shapes = ontology_graph(), shapes_graph()
    scheme = shapes.value(BGSH["Status-schema"], SH.hasValue)
    assert scheme == BG.Statussen
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ont
    allowed = set(Collection(shapes, shapes.value(BGSH["StatusDrager-waarde"], SH["in"])))
    assert allowed == set(ont.subjects(RDF.type, BG.Status))
    (alternatives,) = shapes.objects(BGSH["Concept-schema"], SH["or"])
    (schemes,) = {shapes.value(a, SH["in"]) for a in Collection(shapes, alternatives)} - {None}
    assert set(Collection(shapes, schemes)) == set(ont.subjects(RDF.type, SKOS.ConceptScheme))


def test_sparql_shapes_use_sparql_targets_not_broad_targets() -> None:
    """A SPARQL constraint on a broad target is parsed once per focus node by pySHACL: minutes on real data."""
    shapes = shapes_graph()
    for s in _named_shapes(shapes):
        if (s, SH.sparql, None) in shapes:
            assert (s, SH.target, None) in shapes, f"{s} has a SPARQL constraint without a SPARQL target"
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode):
                assert (s, p, None) not in shapes, f"{s} combines a SPARQL constraint with {p}"
            assert (None, SH.property, s) not in shapes, f"{s} is attached to a node shape"
