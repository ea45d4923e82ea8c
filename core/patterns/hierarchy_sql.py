"""The trigger function bodies of the hierarchy strategies (PL/pgSQL), built from quoted names."""

from __future__ import annotations

__all__ = ["closure_backfill", "closure_body", "cycle_body", "path_backfill", "path_body", "path_cascade_body"]


def cycle_body(table: str, key: str, parent: str, key_type: str) -> str:
    """Refuse a new parent that is the row itself or one of its descendants (walks up)."""
    return f"""\
DECLARE
  cursor_id {key_type} := NEW.{parent};
BEGIN
  WHILE cursor_id IS NOT NULL LOOP
    IF cursor_id = NEW.{key} THEN
      RAISE EXCEPTION 'moving % under % would make a cycle', NEW.{key}, NEW.{parent}
        USING ERRCODE = 'check_violation';
    END IF;
    SELECT {parent} INTO cursor_id FROM {table} WHERE {key} = cursor_id;
  END LOOP;
  RETURN NEW;
END;"""


def path_body(table: str, key: str, parent: str, path: str) -> str:
    """Set the row's path from its parent's (BEFORE INSERT OR UPDATE OF parent)."""
    return f"""\
DECLARE
  parent_path text;
BEGIN
  IF NEW.{parent} IS NULL THEN
    NEW.{path} := '/' || NEW.{key} || '/';
    RETURN NEW;
  END IF;
  SELECT {path} INTO parent_path FROM {table} WHERE {key} = NEW.{parent};
  IF parent_path IS NULL THEN
    RAISE EXCEPTION 'parent % does not exist', NEW.{parent} USING ERRCODE = 'foreign_key_violation';
  END IF;
  NEW.{path} := parent_path || NEW.{key} || '/';
  RETURN NEW;
END;"""


def path_cascade_body(table: str, path: str) -> str:
    """Rewrite the paths of a moved row's descendants (AFTER UPDATE OF parent)."""
    return f"""\
BEGIN
  IF NEW.{path} IS DISTINCT FROM OLD.{path} THEN
    UPDATE {table}
       SET {path} = NEW.{path} || substr({path}, length(OLD.{path}) + 1)
     WHERE starts_with({path}, OLD.{path}) AND {path} <> OLD.{path};
  END IF;
  RETURN NULL;
END;"""


def closure_body(closure: str, key: str, parent: str, tenant: str | None = None) -> str:
    """Keep the closure table in step: pairs of a new row; re-linking of a moved subtree (the
    pairs of a tenant-owned tree carry the row's ``tenant`` column)."""
    tcol, tval = (f"{tenant}, ", f"NEW.{tenant}, ") if tenant else ("", "")
    return f"""\
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO {closure} ({tcol}ancestor_id, descendant_id, depth)
    SELECT {tval}ancestor_id, NEW.{key}, depth + 1 FROM {closure} WHERE descendant_id = NEW.{parent}
    UNION ALL
    SELECT {tval}NEW.{key}, NEW.{key}, 0;
    RETURN NULL;
  END IF;
  IF NEW.{parent} IS NOT DISTINCT FROM OLD.{parent} THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM {closure} WHERE ancestor_id = NEW.{key} AND descendant_id = NEW.{parent}) THEN
    RAISE EXCEPTION 'moving % under % would make a cycle', NEW.{key}, NEW.{parent}
      USING ERRCODE = 'check_violation';
  END IF;
  -- detach the subtree from its old ancestors...
  DELETE FROM {closure}
   WHERE descendant_id IN (SELECT descendant_id FROM {closure} WHERE ancestor_id = NEW.{key})
     AND ancestor_id NOT IN (SELECT descendant_id FROM {closure} WHERE ancestor_id = NEW.{key});
  -- ...and attach it under the new parent's ancestors
  INSERT INTO {closure} ({tcol}ancestor_id, descendant_id, depth)
  SELECT {tval}sup.ancestor_id, sub.descendant_id, sup.depth + sub.depth + 1
    FROM {closure} AS sup CROSS JOIN {closure} AS sub
   WHERE sup.descendant_id = NEW.{parent} AND sub.ancestor_id = NEW.{key};
  RETURN NULL;
END;"""


def path_backfill(table: str, key: str, parent: str, path: str) -> str:
    """SQL filling the paths of rows that existed before the pattern (run once, triggers on)."""
    return f"""\
-- existing rows: compute every path from the roots down
WITH RECURSIVE tree AS (
  SELECT {key} AS id, '/' || {key} || '/' AS path FROM {table} WHERE {parent} IS NULL
  UNION ALL
  SELECT c.{key}, tree.path || c.{key} || '/' FROM {table} AS c JOIN tree ON c.{parent} = tree.id
)
UPDATE {table} AS t SET {path} = tree.path FROM tree WHERE t.{key} = tree.id;"""


def closure_backfill(closure: str, table: str, key: str, parent: str, tenant: str | None = None) -> str:
    """SQL filling the closure table from the rows that existed before the pattern (run once)."""
    t, tc = (f"{tenant}, ", f"c.{tenant}, ") if tenant else ("", "")
    return f"""\
-- existing rows: every (ancestor, descendant, depth) pair from the parent links
WITH RECURSIVE pairs AS (
  SELECT {t}{key} AS ancestor_id, {key} AS descendant_id, 0 AS depth FROM {table}
  UNION ALL
  SELECT {tc}p.ancestor_id, c.{key}, p.depth + 1 FROM pairs AS p JOIN {table} AS c ON c.{parent} = p.descendant_id
)
INSERT INTO {closure} ({t}ancestor_id, descendant_id, depth) SELECT {t}ancestor_id, descendant_id, depth FROM pairs;"""
