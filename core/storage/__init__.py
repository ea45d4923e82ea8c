"""The model file: YAML that people can read in a pull request and edit by hand.

- :func:`loads` / :func:`load` read a model and report every problem at once as
  ``file:line: where: message`` (:class:`core.errors.LoadError`);
- :func:`dumps` writes the canonical text (a file tablewright wrote loads and saves back
  byte-identical); :func:`save` writes it atomically and refuses to overwrite a file that
  changed on disk since it was loaded (:class:`core.errors.SaveConflictError`) unless forced;
- :func:`json_schema` describes the file for editors.

The layout (see ``sample_models/`` for complete examples)::

    format_version: 1
    name: shop
    entities:
      - name: customers
        attributes:
          - {name: id, type: bigint, nullable: false, identity: always}
          - {name: email, type: text, nullable: false}
        primary_key: {columns: [id]}
"""

from core.schema_json import json_schema
from core.storage.dump import dumps, to_plain
from core.storage.files import FileStamp, Loaded, load, read_text, save
from core.storage.migrate import MIGRATIONS, migration
from core.storage.parse import loads, parse, validation_problems

__all__ = [
    "MIGRATIONS",
    "FileStamp",
    "Loaded",
    "dumps",
    "json_schema",
    "load",
    "loads",
    "migration",
    "parse",
    "read_text",
    "save",
    "to_plain",
    "validation_problems",
]
