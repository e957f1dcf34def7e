"""The web application: SPARQL 1.1 endpoint, REST API for advisors, entity pages, network view routes.

The only package that imports FastAPI. Build the app with :func:`beleidsgraaf.api.app.create_app`.
"""
