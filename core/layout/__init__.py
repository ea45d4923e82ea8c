"""Diagram layout for the relationship graph view: layered layouts and a windowed renderer.

``focus_layout`` and ``overview_layout`` turn a model into a :class:`Diagram` of boxes and
routed edges; ``render`` draws any window of it as text. Pure Python, no Textual.
"""

from core.layout.canvas import Region, Rendered, render
from core.layout.diagram import Box, Diagram, Edge, LayoutCancelled, focus_layout, overview_layout
from core.layout.layered import count_crossings, layered_layout

__all__ = [
    "Box",
    "Diagram",
    "Edge",
    "LayoutCancelled",
    "Region",
    "Rendered",
    "count_crossings",
    "focus_layout",
    "layered_layout",
    "overview_layout",
    "render",
]
