"""The query page at ``/sparql`` for people: an editor, example queries, a result table and downloads.

Everything is in this one page (inline CSS and a few lines of inline JavaScript for line numbers): no CDN, no
external request, works offline and without JavaScript (the examples are links that run the query). Every value
is escaped by Jinja's autoescaping.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import Request
from jinja2 import Environment

from beleidsgraaf.graph.engine import QueryAnswer
from beleidsgraaf.graph.results import forms_formats
from beleidsgraaf.graph.store import Binding
from beleidsgraaf.settings import Settings

PROLOGUE = """PREFIX bg: <https://w3id.org/beleidsgraaf/def#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@dataclass(frozen=True, slots=True)
class Example:
    """A ready-made query with a Dutch and an English title."""

    title_nl: str
    title_en: str
    sparql: str


def examples(base: str) -> list[Example]:
    """The example queries for the questions advisors ask, with IRIs under ``base``."""
    doc = f"{base}/id/document"
    return [
        Example(
            "Afstamming van de ROS Twente: waar is het een uitwerking van, waarop bouwt het voort?",
            "Lineage of ROS Twente: what does it elaborate, what does it build on?",
            PROLOGUE + f"""SELECT ?van ?vanNaam ?relatie ?naar ?naarNaam ?citaat WHERE {{
  <{doc}/ros-twente> (bg:isUitwerkingVan|bg:bouwtVoortOp|bg:maaktDeelUitVan|bg:vervangt)* ?van .
  ?van ?relatie ?naar .
  ?relatie a bg:Afstammingsrelatie .
  ?van rdfs:label ?vanNaam . FILTER(lang(?vanNaam) = "nl")
  ?naar rdfs:label ?naarNaam . FILTER(lang(?naarNaam) = "nl")
  OPTIONAL {{ ?bewering rdf:subject ?van ; rdf:predicate ?relatie ; rdf:object ?naar ; bg:citaat ?citaat }}
}}""",
        ),
        Example(
            "Wie heeft de RSIA opgesteld?",
            "Who drew up the RSIA?",
            PROLOGUE + f"""SELECT ?organisatie ?naam ?citaat WHERE {{
  <{doc}/rsia> bg:opgesteldDoor ?organisatie .
  ?organisatie rdfs:label ?naam . FILTER(lang(?naam) = "nl")
  OPTIONAL {{ ?bewering rdf:subject <{doc}/rsia> ; rdf:predicate bg:opgesteldDoor ;
                        rdf:object ?organisatie ; bg:citaat ?citaat }}
}} ORDER BY ?naam""",
        ),
        Example(
            "Wat valt onder de opgave Duurzame inrichting?",
            "What falls under the theme Sustainable design?",
            PROLOGUE + f"""SELECT ?ding ?naam ?relatie WHERE {{
  ?ding ?relatie <{base}/id/opgave/duurzame-inrichting> .
  VALUES ?relatie {{ bg:valtOnder bg:draagtBijAan bg:gaatOver }}
  ?ding rdfs:label ?naam . FILTER(lang(?naam) = "nl")
}} ORDER BY ?naam""",
        ),
        Example(
            "Wat wordt er in 2025 verwacht?",
            "What is expected in 2025?",
            PROLOGUE + """SELECT ?ding ?naam ?soort ?wanneer ?omschrijving WHERE {
  ?ding bg:mijlpaal ?mijlpaal .
  ?mijlpaal bg:vroegst ?vroegst ; bg:laatst ?laatst .
  FILTER(?vroegst <= "2025-12-31"^^xsd:date && ?laatst >= "2025-01-01"^^xsd:date)
  OPTIONAL { ?mijlpaal bg:soortMijlpaal ?soort }
  OPTIONAL { ?mijlpaal bg:datumTekst ?wanneer }
  OPTIONAL { ?mijlpaal bg:omschrijving ?omschrijving }
  ?ding rdfs:label ?naam . FILTER(lang(?naam) = "nl")
} ORDER BY ?vroegst""",
        ),
        Example(
            "Welke financieringen staan er in de graaf?",
            "Which funding is in the graph?",
            PROLOGUE + """PREFIX schema: <https://schema.org/>
SELECT ?ding ?naam ?bedrag ?minimaal ?vanaf ?tot WHERE {
  ?ding bg:financiering ?financiering .
  ?financiering bg:bedrag ?b .
  OPTIONAL { ?b schema:value ?bedrag }
  OPTIONAL { ?b schema:minValue ?minimaal }
  OPTIONAL { ?b schema:validFrom ?vanaf }
  OPTIONAL { ?b schema:validThrough ?tot }
  ?ding rdfs:label ?naam . FILTER(lang(?naam) = "nl")
} ORDER BY DESC(?bedrag)""",
        ),
        Example(
            "Aantal entiteiten per soort",
            "Number of entities per type",
            PROLOGUE + """SELECT ?soort (COUNT(DISTINCT ?ding) AS ?aantal) WHERE {
  ?ding a ?soort ; a/rdfs:subClassOf* bg:Entiteit .
  FILTER(STRSTARTS(STR(?soort), STR(bg:)))
} GROUP BY ?soort ORDER BY DESC(?aantal)""",
        ),
    ]


_TEMPLATE = """<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL — beleidsgraaf</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1b1b;background:#fafafa}
header{background:#154273;color:#fff;padding:.8rem 1.5rem}header a{color:#fff}
main{padding:1rem 1.5rem;max-width:80rem}
.en{color:#555;font-style:italic}
.editor{display:flex;border:1px solid #999;background:#fff;font:14px/1.4 ui-monospace,Menlo,Consolas,monospace}
.editor pre{margin:0;padding:.5rem .4rem;text-align:right;color:#888;background:#f0f0f0;user-select:none;
 overflow:hidden;min-width:2.5rem;font:inherit}
.editor textarea{flex:1;border:0;padding:.5rem;font:inherit;resize:vertical;min-height:16rem;outline:none;
 white-space:pre;overflow:auto}
button{font-size:1rem;padding:.4rem 1.2rem;margin:.6rem 0;background:#154273;color:#fff;border:0;cursor:pointer}
table{border-collapse:collapse;background:#fff;margin:.5rem 0;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#e8eef5}
.lang,.dt{color:#777;font-size:.8em}
.note{background:#fff4ce;border-left:4px solid #e0a800;padding:.5rem .8rem}
.error{background:#fde7e9;border-left:4px solid #c00;padding:.5rem .8rem;white-space:pre-wrap}
ul.examples li{margin:.2rem 0}
.downloads a{margin-right:.8rem}
</style>
</head>
<body>
<header><a href="/">beleidsgraaf</a> · <strong>SPARQL</strong>
 <span class="en">— query the knowledge graph</span></header>
<main>
<h1>SPARQL-query <span class="en">/ SPARQL query</span></h1>
<p>Stel een vraag aan de kennisgraaf in SPARQL 1.1. De standaardgraaf is de vereniging van alle grafen.
<span class="en">Ask the knowledge graph in SPARQL 1.1; the default graph is the union of all graphs.
Tools can use this URL as endpoint: <code>{{ endpoint }}</code>
(<a href="?format=turtle">service description</a>).</span></p>
<form method="get" action="{{ action }}">
<label for="query">Query</label>
<div class="editor"><pre id="gutter" aria-hidden="true">1</pre>
<textarea id="query" name="query" spellcheck="false" autocapitalize="off">{{ query }}</textarea></div>
<input type="hidden" name="format" value="html">
<button type="submit">Uitvoeren <span class="en">/ run</span></button>
</form>
{% if error %}<div class="error" role="alert">{{ error }}</div>{% endif %}
{% if answer %}
<h2>Resultaat <span class="en">/ result</span></h2>
{% if answer.truncated %}<p class="note">Het resultaat is ingekort tot {{ max_rows }} rijen; download voor meer
<span class="en">/ the result was truncated to {{ max_rows }} rows; download for more
(up to BELEIDSGRAAF_MAX_ROWS)</span>.</p>{% endif %}
<p class="downloads">Downloaden <span class="en">/ download</span>:
{% for f in downloads %}<a href="{{ f.href }}" download="resultaat.{{ f.extension }}">{{ f.label }}</a>{% endfor %}</p>
{% if answer.kind == "boolean" %}<p><strong>{{ "ja / true" if answer.boolean else "nee / false" }}</strong></p>
{% else %}
<p>{{ answer.count }} rij(en) <span class="en">/ row(s)</span></p>
<table><thead><tr>{% for v in answer.variables %}<th>{{ v }}</th>{% endfor %}</tr></thead>
<tbody>{% for row in answer.rows %}<tr>{% for v in answer.variables %}<td>{{ cell(row.get(v)) }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% endif %}
{% endif %}
<h2>Voorbeelden <span class="en">/ examples</span></h2>
<ul class="examples">{% for ex in examples %}
<li><a href="{{ ex.href }}">{{ ex.title_nl }}</a> <span class="en">{{ ex.title_en }}</span></li>{% endfor %}
</ul>
</main>
<script>
(function(){
  var ta=document.getElementById("query"), g=document.getElementById("gutter");
  function lines(){
    var n=ta.value.split("\\n").length, s=[];
    for(var i=1;i<=n;i++){s.push(i);}
    g.textContent=s.join("\\n");
  }
  ta.addEventListener("input",lines);ta.addEventListener("scroll",function(){g.scrollTop=ta.scrollTop;});lines();
  ta.addEventListener("keydown",function(e){if(e.key==="Enter"&&(e.ctrlKey||e.metaKey)){ta.form.submit();}});
})();
</script>
</body>
</html>
"""

_ENV = Environment(autoescape=True)


def _cell(binding: Binding | None) -> str:
    """The text of a result cell (escaped by the template)."""
    if binding is None:
        return ""
    if binding.kind == "bnode":
        return f"_:{binding.value}"
    if binding.lang:
        return f"{binding.value} @{binding.lang}"
    return binding.value


_PAGE = _ENV.from_string(_TEMPLATE)


def render_page(
    request: Request,
    settings: Settings,
    *,
    query: str | None = None,
    answer: QueryAnswer | None = None,
    form: str | None = None,
    error: str | None = None,
    limit: int | None = None,
) -> str:
    """Render the query page, with the result of ``query`` when there is one."""
    items = examples(settings.base_iri)
    action = request.url.path
    shown = query if query is not None else items[0].sparql
    downloads = []
    if query is not None and form is not None:
        for name, fmt in forms_formats(form).items():
            downloads.append({"href": f"{action}?{urlencode({'query': query, 'format': name})}",
                              "label": fmt.label, "extension": fmt.extension})
    links = [{"href": f"{action}?{urlencode({'query': ex.sparql, 'format': 'html'})}", "title_nl": ex.title_nl,
              "title_en": ex.title_en} for ex in items]
    endpoint = (settings.public_url.rstrip("/") if settings.public_url else str(request.base_url).rstrip("/"))
    return _PAGE.render(query=shown, answer=answer, error=error, downloads=downloads, examples=links,
                        action=action, endpoint=endpoint + "/sparql", max_rows=limit or settings.max_rows,
                        cell=_cell)
