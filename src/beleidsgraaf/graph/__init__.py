"""Authoring sources → RDF, validation, the store and networkx analysis (no web framework imports)."""
