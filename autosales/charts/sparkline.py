"""Sparklines as inline SVG built on the server: no script, so nothing for the CSP to allow."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

WIDTH = 100
HEIGHT = 24
SVG = (
    '<svg class="sparkline" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
    'role="img" aria-label="{label}"><title>{label}</title>'
    '<polyline points="{path}" fill="none" stroke="currentColor" stroke-width="1.5" '
    'vector-effect="non-scaling-stroke"/>'
    '<circle cx="{x}" cy="{y}" r="2" fill="currentColor"/></svg>'
)


def sparkline_svg(values: Sequence[float | None], *, label: str) -> Markup | None:
    """Give a small line of ``values`` (oldest first) scaled to its own range, with the last
    point marked; None when there are fewer than two values."""
    points = [float(value) for value in values if value is not None]
    if len(points) < 2:
        return None
    low, high = min(points), max(points)
    spread = (high - low) or 1.0
    step = WIDTH / (len(points) - 1)
    coordinates = [
        (index * step, HEIGHT - 2 - (value - low) / spread * (HEIGHT - 4))
        for index, value in enumerate(points)
    ]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
    last_x, last_y = coordinates[-1]
    # Markup.format escapes every argument; the template itself is a constant.
    return Markup(SVG).format(  # noqa: S704 - constant markup; format escapes the values
        width=WIDTH, height=HEIGHT, label=label, path=path, x=f"{last_x:.1f}", y=f"{last_y:.1f}"
    )
