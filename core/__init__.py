"""tablewright's domain: the data model, its analyses and its generators.

Nothing under ``core`` imports Textual or ``tui``; the app and the CLI both sit on top of it.
"""

__version__ = "0.1.0"
