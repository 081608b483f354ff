"""Lay out the picture of the cluster's network: the cluster in the centre, partners on a ring
around it, grouped by country with a gap between countries. The template draws it as SVG."""

import math
import textwrap
from dataclasses import dataclass, field
from itertools import groupby

WIDTH = 960
HEIGHT = 600
CENTRE = (WIDTH / 2, HEIGHT / 2)
RING_RADIUS = 220
CLUSTER_RADIUS = 70
NODE_RADIUS = 9
LABEL_GAP = 14
COUNTRY_LABEL_RADIUS = 140
# Empty slots left between two countries, so groups read as groups.
GROUP_GAP_SLOTS = 1
LABEL_MAX_CHARS = 30
PALETTE_SIZE = 6


@dataclass
class Node:
    partner: object
    label: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


@dataclass
class CountryGroup:
    code: str
    name: str
    colour: int
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"
    nodes: list = field(default_factory=list)


@dataclass
class Network:
    groups: list
    cluster_lines: list
    width: int = WIDTH
    height: int = HEIGHT
    centre_x: float = CENTRE[0]
    centre_y: float = CENTRE[1]
    cluster_radius: int = CLUSTER_RADIUS
    node_radius: int = NODE_RADIUS

    @property
    def nodes(self):
        return [node for group in self.groups for node in group.nodes]

    @property
    def partner_count(self):
        return len(self.nodes)

    @property
    def country_count(self):
        return len(self.groups)


def _short(text):
    return text if len(text) <= LABEL_MAX_CHARS else text[: LABEL_MAX_CHARS - 1].rstrip() + "…"


def _point(angle, radius):
    return (
        round(CENTRE[0] + radius * math.cos(angle), 1),
        round(CENTRE[1] + radius * math.sin(angle), 1),
    )


def _anchor(angle):
    horizontal = math.cos(angle)
    if abs(horizontal) < 0.2:
        return "middle"
    return "start" if horizontal > 0 else "end"


def _centre_lines(name):
    """Break the cluster's name into at most four lines that fit its circle, each with its y."""
    lines = textwrap.wrap(name, width=16)[:4] or [name]
    top = CENTRE[1] - (len(lines) - 1) * 9 + 5
    return [(line, round(top + number * 18, 1)) for number, line in enumerate(lines)]


def network_layout(partners, *, cluster_name):
    """Return where to draw each partner, grouped by country, the largest group first."""
    by_country = sorted(partners, key=lambda partner: (partner.country.name, partner.name))
    groups = [
        (country, list(members))
        for country, members in groupby(by_country, key=lambda partner: partner.country.code)
    ]
    groups.sort(key=lambda item: (-len(item[1]), item[1][0].country.name))
    gap = GROUP_GAP_SLOTS if len(groups) > 1 else 0
    slots = sum(len(members) for _code, members in groups) + gap * len(groups)
    step = 2 * math.pi / max(slots, 1)
    angle = -math.pi / 2
    result = []
    for index, (code, members) in enumerate(groups):
        group = CountryGroup(code=code, name=members[0].country.name, colour=index % PALETTE_SIZE)
        first_angle = angle
        for partner in members:
            x, y = _point(angle, RING_RADIUS)
            label_x, label_y = _point(angle, RING_RADIUS + LABEL_GAP)
            anchor = _anchor(angle)
            # Labels straight above or below a node sit clear of it.
            if anchor == "middle":
                label_y += 4 if math.sin(angle) > 0 else -4
            group.nodes.append(
                Node(
                    partner=partner,
                    label=_short(partner.short_name or partner.name),
                    x=x,
                    y=y,
                    label_x=label_x,
                    label_y=round(label_y + 4, 1),
                    anchor=anchor,
                )
            )
            angle += step
        middle = (first_angle + angle - step) / 2
        group.label_x, group.label_y = _point(middle, COUNTRY_LABEL_RADIUS)
        group.anchor = "middle"
        angle += step * gap
        result.append(group)
    return Network(groups=result, cluster_lines=_centre_lines(cluster_name))
