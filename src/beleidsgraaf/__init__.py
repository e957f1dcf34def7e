"""beleidsgraaf: a knowledge graph of Dutch policy documents and how they relate.

Subpackages (dependencies point one way, ``ontology`` ← ``graph`` ← {``api``, ``viz``}):

- :mod:`beleidsgraaf.ontology`: the OWL ontology and SHACL shapes (Turtle) and namespace constants;
- :mod:`beleidsgraaf.graph`: authoring records → RDF, validation, the store, networkx analysis;
- :mod:`beleidsgraaf.api`: the FastAPI application (SPARQL endpoint, REST API, pages);
- :mod:`beleidsgraaf.viz`: the interactive network view (pyvis).
"""

__version__ = "0.1.0"
