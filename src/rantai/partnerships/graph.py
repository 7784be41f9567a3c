"""The supply chain as a drawing: nodes in rows by tier (the OEM on top), edges buyer → supplier.

Plain data in, plain data out: ``layout`` takes links as (buyer, supplier, tier, active) and
returns positions the template draws as SVG. Rows wider than ``per_row`` nodes wrap, and nodes
in a row are ordered by where their buyers sit (one barycentre pass) so few edges cross."""

from collections import defaultdict
from dataclasses import dataclass, field

NODE_W, NODE_H, GAP_X, GAP_Y = 170, 44, 20, 56


@dataclass
class Node:
    id: int
    label: str
    url: str
    level: int
    x: int = 0
    y: int = 0
    focus: bool = False

    @property
    def short(self) -> str:
        return self.label if len(self.label) <= 24 else self.label[:23] + "…"

    @property
    def cx(self) -> int:
        return self.x + NODE_W // 2


@dataclass
class Edge:
    buyer: Node
    supplier: Node
    tier: int
    active: bool

    @property
    def path(self) -> str:
        x1, y1 = self.buyer.cx, self.buyer.y + NODE_H
        x2, y2 = self.supplier.cx, self.supplier.y
        mid = (y1 + y2) // 2
        return f"M{x1},{y1} C{x1},{mid} {x2},{mid} {x2},{y2 - 4}"


@dataclass
class Drawing:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    width: int = 0
    height: int = 0
    levels: list[tuple[int, int]] = field(default_factory=list)  # (tier, y) for row labels


def layout(links, firms: dict[int, tuple[str, str]], focus: int | None = None, per_row: int = 6):
    """``links``: iterable of (buyer_id, supplier_id, tier, active); ``firms``: id → (name, url)."""
    links = list(links)
    incoming: dict[int, list[int]] = defaultdict(list)
    outgoing: dict[int, list[int]] = defaultdict(list)
    for buyer, supplier, tier, _active in links:
        incoming[supplier].append(tier)
        outgoing[buyer].append(tier)
    nodes: dict[int, Node] = {}
    for firm_id in {i for link in links for i in link[:2]} | ({focus} if focus else set()):
        if firm_id in incoming:
            level = min(incoming[firm_id])
        elif firm_id in outgoing:
            level = max(0, min(outgoing[firm_id]) - 1)
        else:
            level = 0
        name, url = firms.get(firm_id, (str(firm_id), ""))
        nodes[firm_id] = Node(firm_id, name, url, level, focus=firm_id == focus)

    buyers_of: dict[int, list[int]] = defaultdict(list)
    for buyer, supplier, _tier, _active in links:
        buyers_of[supplier].append(buyer)
    drawing = Drawing()
    y = 10
    position: dict[int, int] = {}
    for level in sorted({n.level for n in nodes.values()}):
        row = [n for n in nodes.values() if n.level == level]
        row.sort(
            key=lambda n: (
                sum(position.get(b, 0) for b in buyers_of[n.id]) / max(1, len(buyers_of[n.id])),
                n.label,
            )
        )
        drawing.levels.append((level, y))
        for start in range(0, len(row), per_row):
            chunk = row[start : start + per_row]
            for index, node in enumerate(chunk):
                node.x = 90 + index * (NODE_W + GAP_X)
                node.y = y
                position[node.id] = index + start
            y += NODE_H + GAP_Y
    drawing.nodes = sorted(nodes.values(), key=lambda n: (n.level, n.x))
    drawing.edges = [Edge(nodes[b], nodes[s], tier, active) for b, s, tier, active in links]
    width = max((n.x for n in nodes.values()), default=0) + NODE_W + 10
    drawing.width = max(width, 400)
    drawing.height = y
    return drawing


def neighbourhood(link_queryset, firm_id: int, depth: int = 4, limit: int = 80):
    """The links upstream and downstream of a firm, as (buyer, supplier, tier, active) tuples,
    following only links in ``link_queryset`` (those the user may see)."""
    found: dict[tuple[int, int], tuple] = {}
    for direction in ("up", "down"):
        frontier = {firm_id}
        seen = {firm_id}
        for _ in range(depth):
            if not frontier or len(found) >= limit:
                break
            if direction == "up":
                rows = link_queryset.filter(supplier_id__in=frontier)
            else:
                rows = link_queryset.filter(buyer_id__in=frontier)
            nxt = set()
            for buyer, supplier, tier, active in rows.values_list(
                "buyer_id", "supplier_id", "tier", "active"
            )[:limit]:
                found[buyer, supplier] = (buyer, supplier, tier, active)
                nxt.add(buyer if direction == "up" else supplier)
            frontier = nxt - seen
            seen |= nxt
    return list(found.values())
