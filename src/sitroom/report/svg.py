"""The report's two pictures as inline SVG, written here so that the report needs no chart
library and no network: the conflict–cooperation chart (one row of daily bars per dyad) and the
actor network (actors on a circle, an arrow per dyad). Every text is escaped; every shape has a
<title> so that hovering tells its numbers.
"""

from __future__ import annotations

import math

from markupsafe import Markup, escape

from sitroom.report.views import Chart, Network

COOPERATION = "#2f7d4f"
CONFLICT = "#b3362c"
NEUTRAL = "#8a8f98"
INK = "#1d2330"
GRID = "#d9dce2"


def _colour(value: float) -> str:
    return COOPERATION if value > 0 else CONFLICT if value < 0 else NEUTRAL


def conflict_chart_svg(chart: Chart, width: int = 900, row_height: int = 74) -> Markup:
    """Daily Goldstein sums per dyad: bars up (cooperation, green) or down (conflict, red)."""
    if not chart.series:
        return Markup('<p class="empty">No happening has both a source and a target: no dyad to chart.</p>')
    if not chart.days:
        return Markup('<p class="empty">None of the main dyads\' happenings has a known day: nothing to chart '
                      '(see the timeline for the undated ones).</p>')
    label_width, right = 220, 90
    plot = width - label_width - right
    step = plot / len(chart.days)
    bar = max(2.0, min(28.0, step * 0.7))
    peak = max((abs(p.goldstein) for s in chart.series for p in s.points), default=1.0) or 1.0
    height = row_height * len(chart.series) + 36
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="Daily Goldstein sum per dyad">']
    for row, series in enumerate(chart.series):
        top = row * row_height + 8
        middle = top + row_height / 2
        label = series.label if len(series.label) <= 28 else series.label[:27] + "…"
        parts.append(f'<text x="0" y="{middle + 4:.1f}" fill="{INK}" font-size="13">{escape(label)}'
                     f'<title>{escape(series.label)}</title></text>')
        parts.append(f'<text x="0" y="{middle + 19:.1f}" fill="{NEUTRAL}" font-size="11">{series.happenings} '
                     f'happenings, {series.undated} undated</text>')
        parts.append(f'<line x1="{label_width}" y1="{middle:.1f}" x2="{label_width + plot}" y2="{middle:.1f}" '
                     f'stroke="{GRID}"/>')
        for point in series.points:
            index = chart.days.index(point.day)
            x = label_width + index * step + (step - bar) / 2
            size = max(1.5, abs(point.goldstein) / peak * (row_height / 2 - 6))
            y = middle - size if point.goldstein >= 0 else middle
            tip = (f"{series.label}, {point.day}: Goldstein sum {point.goldstein:+.1f} over {point.happenings} "
                   f"happenings; verbal/material cooperation {point.quad[0]}/{point.quad[1]}, "
                   f"verbal/material conflict {point.quad[2]}/{point.quad[3]}")
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{size:.1f}" '
                         f'fill="{_colour(point.goldstein)}" data-day="{point.day}"><title>{escape(tip)}</title></rect>')
        total = sum(p.goldstein for p in series.points)
        summary = f"{total:+.1f}" if series.points else "no day known"
        parts.append(f'<text x="{width - right + 8}" y="{middle + 4:.1f}" fill="{_colour(total)}" font-size="12">'
                     f'{summary}</text>')
    axis = row_height * len(chart.series) + 24
    ticks = sorted({0, len(chart.days) - 1, *range(0, len(chart.days), max(1, len(chart.days) // 6))})
    for index in ticks:
        x = label_width + index * step + step / 2
        parts.append(f'<text x="{x:.1f}" y="{axis}" fill="{NEUTRAL}" font-size="11" text-anchor="middle">'
                     f'{chart.days[index]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def network_svg(net: Network, size: int = 640) -> Markup:
    """Actors on a circle; an arrow from source to target per dyad, as wide as its happenings are
    many, green for cooperation and red for conflict (the mean Goldstein value)."""
    if not net.edges:
        return Markup('<p class="empty">No happening has both a source and a target: no network to draw.</p>')
    centre, radius = size / 2, size / 2 - 110
    n = len(net.nodes)
    place = {node.id: (centre + radius * math.cos(2 * math.pi * i / n - math.pi / 2),
                       centre + radius * math.sin(2 * math.pi * i / n - math.pi / 2)) for i, node in enumerate(net.nodes)}
    heaviest = max(e.happenings for e in net.edges)
    biggest = max(node.happenings for node in net.nodes) or 1
    parts = [f'<svg class="network" role="img" viewBox="0 0 {size} {size}" width="100%" '
             f'xmlns="http://www.w3.org/2000/svg" aria-label="Actor network">',
             "<defs>"]
    for name, colour in (("coop", COOPERATION), ("conf", CONFLICT), ("neutral", NEUTRAL)):
        parts.append(f'<marker id="arrow-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="11" '
                     f'markerHeight="11" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/></marker>')
    parts.append("</defs>")
    node_radius = {node.id: 6 + 14 * math.sqrt(node.happenings / biggest) for node in net.nodes}
    for edge in net.edges:
        (x1, y1), (x2, y2) = place[edge.source], place[edge.target]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy) or 1.0
        # Shorten to the circles' rims, and bend to the right so that A→B and B→A stay apart.
        ux, uy = dx / length, dy / length
        sx, sy = x1 + ux * node_radius[edge.source], y1 + uy * node_radius[edge.source]
        ex, ey = x2 - ux * (node_radius[edge.target] + 2), y2 - uy * (node_radius[edge.target] + 2)
        cx, cy = (sx + ex) / 2 - uy * length * 0.12, (sy + ey) / 2 + ux * length * 0.12
        kind = "coop" if edge.goldstein > 0 else "conf" if edge.goldstein < 0 else "neutral"
        stroke = 1 + 6 * edge.happenings / heaviest
        types = ", ".join(f"{t} {k}" for t, k in edge.types)
        tip = f"{edge.source} → {edge.target}: {edge.happenings} happenings, mean Goldstein {edge.goldstein:+.1f} ({types})"
        parts.append(f'<path class="edge {kind}" d="M{sx:.1f},{sy:.1f} Q{cx:.1f},{cy:.1f} {ex:.1f},{ey:.1f}" '
                     f'fill="none" stroke="{_colour(edge.goldstein)}" stroke-opacity="0.75" stroke-width="{stroke:.1f}" '
                     f'marker-end="url(#arrow-{kind})"><title>{escape(tip)}</title></path>')
    for node in net.nodes:
        x, y = place[node.id]
        r = node_radius[node.id]
        anchor = "start" if x > centre + 5 else "end" if x < centre - 5 else "middle"
        lx = x + (r + 6 if anchor == "start" else -(r + 6) if anchor == "end" else 0)
        ly = y + (4 if anchor != "middle" else (-r - 6 if y < centre else r + 14))
        parts.append(f'<circle class="node" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#e9edf5" stroke="{INK}">'
                     f'<title>{escape(node.name)}: {node.happenings} happenings with a counterpart</title></circle>')
        parts.append(f'<text x="{lx:.1f}" y="{ly:.1f}" fill="{INK}" font-size="12" text-anchor="{anchor}">'
                     f'{escape(node.name[:34])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
