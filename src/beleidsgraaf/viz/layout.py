"""Node positions for the network view, computed on the server so the page is readable from the first frame.

Why here and not in the browser: vis-network's physics leaves the canvas blank for seconds (100 nodes ≈ 5 s,
1,000 nodes ≈ 150 s, see ``docs/benchmarks.md``); positions computed once per graph version and drawn with
physics off appear at once.

How: every connected component gets a networkx spring layout; a component larger than
:data:`COMMUNITY_THRESHOLD` is split into Louvain communities, which are laid out separately and placed by a
spring layout of the community graph (a full spring layout of 5,000 nodes takes about a minute, this takes a
few seconds). Positions are scaled to the size of the nodes' labels, components are packed in rows, and a last
pass pushes apart the boxes that still overlap. Results are cached per key in memory and, when a folder is
given, on disk (the CLI uses that).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

import networkx as nx
import numpy as np
from scipy.spatial import cKDTree  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

#: Components with more nodes than this are laid out per community.
COMMUNITY_THRESHOLD = 400
#: Area given to every node, as a multiple of its label box (room for edges between the boxes).
AREA_FACTOR = 3.2
#: Empty space kept between two node boxes, in pixels.
GAP = 10.0
#: Layouts kept in memory.
MEMORY_ENTRIES = 32

Position = tuple[float, float]
Box = tuple[float, float]


@dataclass(frozen=True, slots=True)
class LayoutInput:
    """What a layout depends on: the nodes with the size of their box (width, height) and the edges."""

    boxes: dict[str, Box]
    edges: tuple[tuple[str, str], ...]
    seed: int = 7

    def key(self, version: str) -> str:
        """A cache key for this input in the graph version ``version``."""
        digest = hashlib.sha256()
        digest.update(f"v1|{version}|{self.seed}|".encode())
        for node in sorted(self.boxes):
            w, h = self.boxes[node]
            digest.update(f"{node}:{w:.0f}x{h:.0f};".encode())
        for a, b in sorted(self.edges):
            digest.update(f"{a}>{b};".encode())
        return digest.hexdigest()[:32]


def _scaled_spring(
    graph: nx.Graph[str], boxes: dict[str, Box], seed: int, weight: str | None = None
) -> dict[str, Position]:
    """A spring layout of ``graph`` centred on 0, scaled so its disc has room for the nodes' boxes."""
    nodes = list(graph.nodes)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    raw = nx.spring_layout(graph, seed=seed, weight=weight, iterations=60)
    radius = math.sqrt(sum(boxes[n][0] * boxes[n][1] for n in nodes) * AREA_FACTOR / math.pi)
    xs = [float(p[0]) for p in raw.values()]
    ys = [float(p[1]) for p in raw.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    extent = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    scale = radius / extent
    return {n: ((float(p[0]) - cx) * scale, (float(p[1]) - cy) * scale) for n, p in raw.items()}


def _community_layout(graph: nx.Graph[str], boxes: dict[str, Box], seed: int) -> dict[str, Position]:
    """Lay out a large component: each Louvain community on its own, placed by the community graph."""
    communities = [sorted(c) for c in nx.community.louvain_communities(graph, seed=seed)]
    communities.sort(key=lambda c: (-len(c), c[0]))
    member = {n: i for i, c in enumerate(communities) for n in c}
    local = [_scaled_spring(graph.subgraph(c), boxes, seed) for c in communities]
    discs: dict[str, Box] = {}
    for i, pos in enumerate(local):
        r = max((math.hypot(x, y) + max(boxes[n]) / 2 for n, (x, y) in pos.items()), default=0.0)
        discs[str(i)] = (2 * r, 2 * r)
    quotient: nx.Graph[str] = nx.Graph()
    quotient.add_nodes_from(discs)
    for a, b in graph.edges:
        ca, cb = member[a], member[b]
        if ca != cb:
            key = (str(min(ca, cb)), str(max(ca, cb)))
            w = quotient.get_edge_data(*key, default={"weight": 0})["weight"]
            quotient.add_edge(*key, weight=w + 1)
    centres = _scaled_spring(quotient, discs, seed, weight="weight")
    centres = remove_overlaps(centres, discs, gap=GAP * 3)
    out: dict[str, Position] = {}
    for i, pos in enumerate(local):
        cx, cy = centres[str(i)]
        for n, (x, y) in pos.items():
            out[n] = (x + cx, y + cy)
    return out


def _bounds(pos: dict[str, Position], boxes: dict[str, Box]) -> tuple[float, float, float, float]:
    """The bounding box (left, top, right, bottom) of the node boxes."""
    return (
        min(x - boxes[n][0] / 2 for n, (x, _y) in pos.items()),
        min(y - boxes[n][1] / 2 for n, (_x, y) in pos.items()),
        max(x + boxes[n][0] / 2 for n, (x, _y) in pos.items()),
        max(y + boxes[n][1] / 2 for n, (_x, y) in pos.items()),
    )


def _pack(parts: list[dict[str, Position]], boxes: dict[str, Box]) -> dict[str, Position]:
    """Place the laid-out components in rows (largest first), centred on 0."""
    if not parts:
        return {}
    rects = [_bounds(p, boxes) for p in parts]
    total = sum((r[2] - r[0] + GAP * 4) * (r[3] - r[1] + GAP * 4) for r in rects)
    row_width = max(math.sqrt(total) * 1.5, max(r[2] - r[0] for r in rects))
    out: dict[str, Position] = {}
    x = y = row_height = 0.0
    for part, (left, top, right, bottom) in zip(parts, rects, strict=True):
        w, h = right - left + GAP * 4, bottom - top + GAP * 4
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for n, (px, py) in part.items():
            out[n] = (px - left + x, py - top + y)
        x += w
        row_height = max(row_height, h)
    left, top, right, bottom = _bounds(out, boxes)
    cx, cy = (left + right) / 2, (top + bottom) / 2
    return {n: (px - cx, py - cy) for n, (px, py) in out.items()}


def remove_overlaps(
    pos: dict[str, Position], boxes: dict[str, Box], *, gap: float = GAP, iterations: int = 25, rounds: int = 10
) -> dict[str, Position]:
    """Push apart node boxes (width, height, centred on the position) until no two overlap, or give up.

    Each pass finds the candidate pairs with a k-d tree (pairs closer than the largest box diagonal) and
    moves both nodes of every overlapping pair apart along the axis where they overlap least, half each.
    Where a crowded spot does not clear within ``iterations`` passes, the whole drawing is spread by 15 %
    (up to ``rounds`` times), which frees room everywhere at once. Deterministic: the nodes are ordered by
    name and ties are broken by that order.
    """
    if len(pos) < 2:
        return dict(pos)
    names = sorted(pos)
    xy = np.array([pos[n] for n in names], dtype=float)
    wh = np.array([boxes[n] for n in names], dtype=float) + gap
    reach = float(np.hypot(wh[:, 0], wh[:, 1]).max())
    for _round in range(rounds):
        if _separate(xy, wh, reach, iterations):
            break
        xy *= 1.15
    return {n: (float(xy[k, 0]), float(xy[k, 1])) for k, n in enumerate(names)}


def _separate(xy: np.ndarray, wh: np.ndarray, reach: float, iterations: int) -> bool:
    """Run up to ``iterations`` overlap-removal passes on ``xy`` in place; True when nothing overlaps."""
    for _ in range(iterations):
        pairs = cKDTree(xy).query_pairs(reach, output_type="ndarray")
        if len(pairs) == 0:
            return True
        i, j = pairs[:, 0], pairs[:, 1]
        overlap = (wh[i] + wh[j]) / 2 - np.abs(xy[i] - xy[j])
        hit = (overlap[:, 0] > 0) & (overlap[:, 1] > 0)
        if not hit.any():
            return True
        # Few pairs still overlap after the first passes: resolve them one by one (Gauss-Seidel), so that a
        # node pushed by one pair is seen at its new place by the next; this converges where moving every
        # node at once oscillates.
        for a, b in sorted(zip(i[hit].tolist(), j[hit].tolist(), strict=True)):
            dx, dy = xy[a, 0] - xy[b, 0], xy[a, 1] - xy[b, 1]
            ox = (wh[a, 0] + wh[b, 0]) / 2 - abs(dx)
            oy = (wh[a, 1] + wh[b, 1]) / 2 - abs(dy)
            if ox <= 0 or oy <= 0:
                continue
            if ox < oy:
                sign = 1.0 if dx > 0 or (dx == 0 and a < b) else -1.0
                xy[a, 0] += sign * (ox / 2 + 0.5)
                xy[b, 0] -= sign * (ox / 2 + 0.5)
            else:
                sign = 1.0 if dy > 0 or (dy == 0 and a < b) else -1.0
                xy[a, 1] += sign * (oy / 2 + 0.5)
                xy[b, 1] -= sign * (oy / 2 + 0.5)
    return False


def compute_layout(data: LayoutInput) -> dict[str, Position]:
    """Positions (pixels, centred on 0) for every node of ``data``, with no two boxes overlapping."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_nodes_from(sorted(data.boxes))
    graph.add_edges_from((a, b) for a, b in data.edges if a != b and a in data.boxes and b in data.boxes)
    components = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    parts: list[dict[str, Position]] = []
    for comp in components:
        sub = graph.subgraph(comp)
        if len(comp) > COMMUNITY_THRESHOLD:
            parts.append(_community_layout(sub, data.boxes, data.seed))
        else:
            parts.append(_scaled_spring(sub, data.boxes, data.seed))
    packed = _pack(parts, data.boxes)
    final = remove_overlaps(packed, data.boxes)
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in final.items()}


class LayoutCache:
    """Layouts by key, in memory (the last :data:`MEMORY_ENTRIES`) and optionally as JSON files in a folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self._memory: OrderedDict[str, dict[str, Position]] = OrderedDict()
        self._lock = Lock()
        self.computed = 0

    def get(self, version: str, data: LayoutInput) -> dict[str, Position]:
        """The layout of ``data`` in graph version ``version``, computed only when not cached."""
        key = data.key(version)
        with self._lock:
            hit = self._memory.get(key)
            if hit is not None:
                self._memory.move_to_end(key)
                return hit
        layout = self._read(key, data.boxes)
        if layout is None:
            layout = compute_layout(data)
            self.computed += 1
            self._write(key, layout)
        with self._lock:
            self._memory[key] = layout
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)
        return layout

    def _file(self, key: str) -> Path | None:
        return self.folder / f"layout-{key}.json" if self.folder is not None else None

    def _read(self, key: str, nodes: Iterable[str]) -> dict[str, Position] | None:
        path = self._file(key)
        if path is None or not path.is_file():
            return None
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            layout = {str(n): (float(p[0]), float(p[1])) for n, p in raw.items()}
        except (OSError, ValueError, TypeError, IndexError, AttributeError) as exc:
            logger.warning("ignoring unreadable layout cache %s: %s", path, exc)
            return None
        return layout if set(layout) == set(nodes) else None

    def _write(self, key: str, layout: dict[str, Position]) -> None:
        path = self._file(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({n: list(p) for n, p in sorted(layout.items())}), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            logger.warning("cannot write layout cache %s: %s", path, exc)


def overlapping_pairs(pos: dict[str, Position], boxes: dict[str, Box], names: Sequence[str] | None = None) -> int:
    """Count the pairs of node boxes that overlap (a check for tests and the benchmark; quadratic)."""
    keys = list(names or sorted(pos))
    count = 0
    for i, a in enumerate(keys):
        ax, ay = pos[a]
        for b in keys[i + 1:]:
            bx, by = pos[b]
            if (abs(ax - bx) < (boxes[a][0] + boxes[b][0]) / 2 - 0.5
                    and abs(ay - by) < (boxes[a][1] + boxes[b][1]) / 2 - 0.5):
                count += 1
    return count
