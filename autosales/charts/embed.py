"""Embedding Bokeh figures without inline script, so the page's CSP can forbid it."""

from __future__ import annotations

import json

from bokeh.embed import json_item
from bokeh.model import Model


def figure_json(figure: Model) -> str:
    """Give the figure as JSON for a ``<script type="application/json">`` data block.

    static/js/charts.js finds such blocks and draws them with BokehJS, also after htmx swaps.
    """
    text = json.dumps(json_item(figure))
    # A data block ends at the first "</"; escaping it keeps the JSON inside its element.
    return text.replace("</", "<\\/")
