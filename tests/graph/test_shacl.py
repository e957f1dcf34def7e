"""The build's SHACL validator (pySHACL for core constraints, Oxigraph for SPARQL constraints, evaluated once
graph-wide) must give the verdicts the shapes define: every case of tests/ontology/shape_cases is run through it."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from beleidsgraaf.graph.shacl import sparql_violations, validate_triples
from tests.ontology.test_shapes import BAD_CASES, OK_CASES, Case, _background, _parse_case


@pytest.mark.parametrize("case", OK_CASES, ids=lambda c: c.id)
def test_ok_case_has_no_violation(case: Case) -> None:
    violations = validate_triples(_parse_case(case.path) + _background())
    assert violations == []


@pytest.mark.parametrize("case", BAD_CASES, ids=lambda c: c.id)
def test_bad_case_is_reported_by_its_shape(case: Case) -> None:
    violations = validate_triples(_parse_case(case.path) + _background())
    shapes = {URIRef(v.shape) for v in violations}
    assert shapes == {case.shape} | case.also(), violations
    assert all(v.message for v in violations)


def test_sparql_constraints_are_evaluated_graph_wide() -> None:
    """A claim whose triple is missing is found by the rewritten query, with its focus node."""
    data = _parse_case(next(c.path for c in BAD_CASES if c.id.startswith("BeweringInGraafShape"))) + _background()
    found = sparql_violations(data)
    assert any(v.shape.endswith("#BeweringInGraafShape") for v in found)
