"""Which words each dialect reserves, so that a name spelled like one is quoted.

PostgreSQL: sqlglot keeps no reserved-word table for PostgreSQL (its tokenizer knows multi-word
tokens such as ``GROUP BY``, not that ``group`` alone is reserved), so the list here is
PostgreSQL's own (``pg_get_keywords()``, the SQL Key Words appendix): every key word that is not
*unreserved*, the rule ``pg_dump`` quotes by. A test compares it with a live server.

Other dialects: sqlglot's generator ``RESERVED_KEYWORDS`` where the dialect has one (MySQL,
DuckDB), otherwise the single-word keywords of the dialect's tokenizer, plus the SQL standard's
reserved words and a few dialect words sqlglot's tokenizer does not list. Quoting a word that did
not need it is harmless in those dialects; missing one is not.
"""

from __future__ import annotations

from functools import cache

__all__ = ["POSTGRES_KEYWORDS", "reserved_words"]

_PG_RESERVED = """
all analyse analyze and any array as asc asymmetric both case cast check collate column constraint
create current_catalog current_date current_role current_time current_timestamp current_user default
deferrable desc distinct do else end except false fetch for foreign from grant group having in
initially intersect into lateral leading limit localtime localtimestamp not null offset on only or
order placing primary references returning select session_user some symmetric system_user table then
to trailing true union unique user using variadic when where window with
"""
_PG_TYPE_FUNC_NAME = """
authorization binary collation concurrently cross current_schema freeze full ilike inner is isnull
join left like natural notnull outer overlaps right similar tablesample verbose
"""
_PG_COL_NAME = """
between bigint bit boolean char character coalesce dec decimal exists extract float greatest
grouping inout int integer interval json json_array json_arrayagg json_exists json_object
json_objectagg json_query json_scalar json_serialize json_table json_value least merge_action
national nchar none normalize nullif numeric out overlay position precision real row setof smallint
substring time timestamp treat trim values varchar xmlattributes xmlconcat xmlelement xmlexists
xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable
"""

#: PostgreSQL key words that a plain identifier cannot be (reserved, type/function-name and
#: column-name key words).
POSTGRES_KEYWORDS: frozenset[str] = frozenset((_PG_RESERVED + _PG_TYPE_FUNC_NAME + _PG_COL_NAME).split())

_EXTRA = {
    "sqlite": """abort action after attach autoincrement before cascade conflict database deferred
    detach each exclusive explain fail glob if ignore immediate index indexed instead key match
    no nothing notnull of plan pragma query raise recursive regexp reindex release rename replace
    restrict rowid savepoint temp temporary transaction trigger vacuum view virtual without""",
    "tsql": """add backup begin break browse bulk by checkpoint close clustered compute contains
    containstable continue convert current cursor database dbcc deallocate declare delete deny disk
    distributed double drop dump errlvl escape exec execute exit external file fillfactor freetext
    freetexttable function goto holdlock identity identity_insert identitycol if index insert key
    kill lineno load merge nocheck nonclustered of off offsets open opendatasource openquery
    openrowset openxml option over percent pivot plan print proc procedure public raiserror read
    readtext reconfigure replication restore restrict return revert revoke rollback rowcount
    rowguidcol rule save schema securityaudit semantickeyphrasetable set setuser shutdown statistics
    system_user textsize top tran transaction trigger truncate try_convert tsequal unpivot update
    updatetext use view waitfor while writetext""",
    "oracle": """access add audit by char cluster comment compress connect date decimal delete drop
    exclusive file float identified immediate increment index initial insert integer level lock
    long maxextents minus mlslabel mode modify noaudit nocompress nowait number of offline online
    option pctfree prior privileges public raw rename resource revoke row rowid rownum rows session
    set share size smallint start successful synonym sysdate trigger uid update validate varchar
    varchar2 view whenever""",
}


@cache
def reserved_words(dialect: str) -> frozenset[str]:
    """The lower-case words that a name must not be, unquoted, in ``dialect``.

    >>> "order" in reserved_words("postgres"), "name" in reserved_words("postgres")
    (True, False)
    >>> "key" in reserved_words("mysql"), "level" in reserved_words("oracle")
    (True, True)
    """
    if dialect == "postgres":
        return POSTGRES_KEYWORDS
    from sqlglot.dialects.dialect import Dialect

    d = Dialect.get_or_raise(dialect)
    words: set[str] = {w.lower() for w in getattr(d.generator_class, "RESERVED_KEYWORDS", ()) or ()}
    if not words:
        words = {k.lower() for k in d.tokenizer_class.KEYWORDS if k.replace("_", "").isalpha()}
        words |= set(_PG_RESERVED.split()) | set(_PG_TYPE_FUNC_NAME.split())
    words |= set(_EXTRA.get(dialect, "").split())
    return frozenset(words)
