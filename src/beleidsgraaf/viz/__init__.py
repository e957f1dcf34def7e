"""The interactive network view (pyvis model, own offline template); see :mod:`beleidsgraaf.viz.network`."""
