"""The DDL importer's parts: lexing rules, statement classification, readers and the report.

The public entry points live in :mod:`core.ddl.parse` (``import_file``, ``import_text``) and
:mod:`core.ddl.script` (``split_script``).
"""
