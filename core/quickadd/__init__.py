"""Typing a model: the quick-add attribute line, the one-line constraint syntax, cell edits and
completion. Everything here returns commands (:mod:`core.commands`) and never touches the UI."""

from core.quickadd.attribute import (
    AttributeSpec,
    add_attribute_command,
    add_attributes_command,
    apply_attribute,
    parse_attribute,
)
from core.quickadd.catalogue import TYPE_CHOICES, expression_problem, type_choices, type_problem
from core.quickadd.syntax import QuickAddError, quote_name, tokenize

__all__ = [
    "TYPE_CHOICES",
    "AttributeSpec",
    "QuickAddError",
    "add_attribute_command",
    "add_attributes_command",
    "apply_attribute",
    "expression_problem",
    "parse_attribute",
    "quote_name",
    "tokenize",
    "type_choices",
    "type_problem",
]
