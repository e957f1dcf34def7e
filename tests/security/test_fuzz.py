"""Fuzzing: the HTTP API against its own OpenAPI schema (schemathesis), the SPARQL endpoint and the record parser
with generated inputs (hypothesis). No 500s, no hangs (pytest-timeout, the server's query limit), and every error
body says what was wrong. Example counts are bounded so the suite stays fast.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beleidsgraaf.api.app import create_app
from beleidsgraaf.errors import BeleidsgraafError
from beleidsgraaf.graph.store import EmbeddedStore
from beleidsgraaf.settings import Settings
from tests.api.live_server import LiveServer
from tests.security.conftest import BASE, DOC

REPO = Path(__file__).resolve().parents[2]


def says_what_was_wrong(status: int, content_type: str | list[str], text: str) -> None:
    if isinstance(content_type, list):  # schemathesis keeps every header value
        content_type = content_type[0] if content_type else ""
    assert status < 500, (status, text[:500])
    if status >= 400:
        assert text.strip(), status
        if content_type.startswith("application/json"):
            import json

            body = json.loads(text)
            assert body.get("message") or body.get("detail"), text[:500]


# -- the HTTP API against its OpenAPI schema ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def api_app(built_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    path = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(built_store_path, path)
    settings_ = Settings(store_path=path, base_iri=BASE, review_dir=path.parent / "review", write_token=None)
    app = create_app(settings_, store=EmbeddedStore(path))
    with TestClient(app):
        yield app


def test_api_conforms_to_its_schema_and_never_fails(api_app: object) -> None:
    """Every operation of /openapi.json with generated parameters and bodies (schemathesis): no 500s."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", api_app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15
    seen: list[str] = []
    for operation in operations:

        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy())
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            says_what_was_wrong(response.status_code, response.headers.get("content-type", ""), response.text)

        check()
        seen.append(f"{operation.method.upper()} {operation.path}")
    assert any(s.startswith("GET /api/") for s in seen)


# -- the SPARQL endpoint with generated queries ---------------------------------------------------------------------

_TOKENS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION", "GRAPH", "SERVICE",
           "FROM", "NAMED", "PREFIX", "BASE", "LIMIT", "OFFSET", "ORDER BY", "GROUP BY", "COUNT(*)", "AS", "BIND",
           "VALUES", "{", "}", "(", ")", ".", ";", ",", "*", "?s", "?p", "?o", "?x", "a", "bg:", "rdfs:label",
           "<http://example.org/x>", f"<{DOC}/rsia>", "<file:///etc/passwd>", '"tekst"', "'x'", '"""lang"""', "1",
           "2.5", "true", "@nl", "^^", "#", "\n", "\\", "REGEX(?o, \"(a+)+$\")", "STR(?o)", "LANG(?o)", "!", "&&",
           "||", "=", "<", ">", "+", "-", "/", "|", "^", "_:b", "[", "]", "PREFIX bg: <https://w3id.org/beleidsgraaf/def#>"]

queries = st.one_of(
    st.lists(st.sampled_from(_TOKENS), min_size=1, max_size=25).map(" ".join),
    st.text(max_size=200),
    st.builds(lambda a, b: f"SELECT * WHERE {{ {a} }} {b}",
              st.lists(st.sampled_from(_TOKENS), max_size=12).map(" ".join), st.sampled_from(["", "LIMIT 5"])),
)


@pytest.mark.server
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(query=queries, method=st.sampled_from(["GET", "POST-form", "POST-direct"]),
       accept=st.sampled_from(["*/*", "text/csv", "application/sparql-results+xml", "text/turtle", "text/html",
                               "image/png", ""]))
def test_sparql_endpoint_with_generated_queries(server: LiveServer, query: str, method: str, accept: str) -> None:
    headers = {"Accept": accept} if accept else {}
    if method == "GET":
        r = httpx.get(server.endpoint, params={"query": query}, headers=headers, timeout=120)
    elif method == "POST-form":
        r = httpx.post(server.endpoint, data={"query": query}, headers=headers, timeout=120)
    else:
        r = httpx.post(server.endpoint, content=query.encode("utf-8", "surrogatepass"), timeout=120,
                       headers={**headers, "Content-Type": "application/sparql-query"})
    assert r.status_code in (200, 400, 403, 406, 415, 503), (query, r.status_code, r.text[:300])
    says_what_was_wrong(r.status_code, r.headers.get("content-type", ""), r.text)


@pytest.mark.server
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(update=st.one_of(st.lists(st.sampled_from([*_TOKENS, "INSERT", "DELETE", "DATA", "LOAD", "CLEAR", "DROP",
                                                   "WITH", "USING", "INTO", "ALL", "SILENT", "CREATE"]),
                                 min_size=1, max_size=20).map(" ".join),
                        st.text(max_size=120)))
def test_sparql_update_with_generated_text(server: LiveServer, update: str) -> None:
    r = httpx.post(server.endpoint, content=update.encode("utf-8", "surrogatepass"), timeout=120,
                   headers={"Content-Type": "application/sparql-update", **server.auth()})
    assert r.status_code in (200, 400, 403, 404, 422), (update, r.status_code, r.text[:300])
    says_what_was_wrong(r.status_code, r.headers.get("content-type", ""), r.text)


# -- the record parser ------------------------------------------------------------------------------------------------

KERN = REPO / "data" / "hengelo" / "kern.yaml"
_YAML_BITS = ["", "- ", "  ", ": ", "id: x", "type: Programma", "naam: Test", "relaties:", "  - relatie: isUitwerkingVan",
              "    naar: rsia", '    citaat: "x"', "datum: 2025-13-45", "bedrag: -1", "{", "[", "&a", "*a", "!!python/object:os.system",
              "\t", "'", '"', "\\", "---", "...", "%YAML 1.1", "? ", "|", ">", "#", "é", "ĳ", "\x00"]


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("records") / "data"
    shutil.copytree(REPO / "data", target)
    for other in (target / "hengelo").glob("*.yaml"):  # only the file under test, to keep each example fast
        if other.name != KERN.name:
            other.unlink()
    return target


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(where=st.floats(min_value=0, max_value=1), count=st.integers(min_value=0, max_value=3),
       insert=st.lists(st.one_of(st.sampled_from(_YAML_BITS), st.text(max_size=30)), max_size=4))
def test_record_parser_reports_problems_with_file_and_line(project_copy: Path, where: float, count: int,
                                                           insert: list[str]) -> None:
    """A damaged record file gives problems with file:line (or passes), never a crash or another exception."""
    from beleidsgraaf.graph.records import load_project

    lines = KERN.read_text(encoding="utf-8").splitlines()
    at = int(where * len(lines))
    damaged = [*lines[:at], "".join(insert), *lines[at + count:]]
    target = project_copy / "hengelo" / "kern.yaml"
    target.write_text("\n".join(damaged) + "\n", encoding="utf-8")
    project = load_project(project_copy)  # collects problems; raises only for programming errors
    for problem in project.problems:
        assert isinstance(problem, BeleidsgraafError) and problem.message.strip(), problem
        if problem.location is not None:  # file:line points into the project
            assert str(problem.location.path).startswith(str(project_copy)) and problem.location.line >= 1
    if damaged != lines and project.problems:
        assert any(p.location is not None for p in project.problems), [str(p) for p in project.problems]
