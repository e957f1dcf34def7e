"""Server-side layout: no overlapping boxes, deterministic, computed once per graph version."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx

from beleidsgraaf.viz.layout import LayoutCache, LayoutInput, compute_layout, overlapping_pairs, remove_overlaps


def _input(n: int, m: int, seed: int = 1) -> LayoutInput:
    g = nx.gnm_random_graph(n, m, seed=seed)
    rnd = random.Random(seed)
    boxes = {f"n{i}": (float(rnd.randint(40, 160)), float(rnd.randint(30, 60))) for i in g.nodes}
    return LayoutInput(boxes, tuple((f"n{a}", f"n{b}") for a, b in g.edges))


def test_layout_has_no_overlapping_boxes_and_is_deterministic() -> None:
    data = _input(120, 200)
    first = compute_layout(data)
    assert set(first) == set(data.boxes)
    assert overlapping_pairs(first, data.boxes) == 0
    assert compute_layout(data) == first


def test_large_component_uses_communities_and_still_has_no_overlaps() -> None:
    data = _input(600, 800, seed=3)  # above COMMUNITY_THRESHOLD: laid out per Louvain community
    pos = compute_layout(data)
    assert overlapping_pairs(pos, data.boxes) == 0


def test_remove_overlaps_separates_stacked_boxes() -> None:
    boxes = {str(i): (100.0, 40.0) for i in range(30)}
    stacked = {str(i): (0.0, 0.0) for i in range(30)}
    assert overlapping_pairs(stacked, boxes) > 0
    assert overlapping_pairs(remove_overlaps(stacked, boxes), boxes) == 0


def test_cache_computes_once_per_version_and_persists_on_disk(tmp_path: Path) -> None:
    data = _input(40, 60)
    cache = LayoutCache(tmp_path)
    a = cache.get("v1", data)
    assert cache.get("v1", data) == a
    assert cache.computed == 1
    cache.get("v2", data)
    assert cache.computed == 2
    fresh = LayoutCache(tmp_path)  # a new process: read from disk, nothing computed
    assert fresh.get("v1", data) == a
    assert fresh.computed == 0
    assert len(list(tmp_path.glob("layout-*.json"))) == 2
