"""Which dialect a script is written in, from telltale constructs in its first 256 KB.

>>> detect_dialect("CREATE TABLE t (id int)\\nGO\\n")[0]
'tsql'
>>> detect_dialect("CREATE TABLE `t` (id int AUTO_INCREMENT) ENGINE=InnoDB;")[0]
'mysql'
>>> detect_dialect("CREATE TABLE t (id NUMBER(10), s VARCHAR2(20));")[0]
'oracle'
"""

from __future__ import annotations

import re

__all__ = ["detect_dialect"]

_CLUES: dict[str, list[tuple[str, float, str]]] = {
    "tsql": [
        (r"(?im)^\s*GO\s*$", 3, "GO batch separators"), (r"(?m)^\s*:setvar\b", 5, "sqlcmd :setvar"),
        (r"\[dbo\]\.", 4, "[dbo] names"), (r"(?i)\bIDENTITY\s*\(\s*\d+\s*,\s*\d+\s*\)", 3, "IDENTITY(1,1)"),
        (r"(?i)\bNVARCHAR\s*\(\s*MAX\s*\)", 3, "NVARCHAR(MAX)"), (r"(?i)\bSET\s+NOCOUNT\b", 3, "SET NOCOUNT"),
        (r"(?i)\bUNIQUEIDENTIFIER\b", 2, "UNIQUEIDENTIFIER"), (r"(?i)\bsp_\w+", 1, "sp_ procedures"),
    ],
    "oracle": [
        (r"(?i)\bVARCHAR2\b", 3, "VARCHAR2"), (r"(?i)\bNUMBER\s*\(", 2, "NUMBER(p)"),
        (r"(?m)^\s*/\s*$", 2, "/ terminators"), (r"(?im)^\s*(?:rem|prompt|spool)\b", 3, "SQL*Plus commands"),
        (r"(?i)\bNOCYCLE\b|\bNOMAXVALUE\b", 2, "sequence options"), (r"(?i)\bEXECUTE\s+IMMEDIATE\b", 2, "PL/SQL"),
        (r"(?i)\bSET\s+DEFINE\s+OFF\b", 3, "SET DEFINE OFF"), (r"(?i)\bNCLOB\b|\bCLOB\b", 1, "CLOB"),
        (r"(?i)\bSYSDATE\b", 1, "SYSDATE"),
    ],
    "mysql": [
        (r"`\w+`", 2, "backquoted names"), (r"(?i)\bENGINE\s*=", 4, "ENGINE="),
        (r"(?i)\bAUTO_INCREMENT\b", 3, "AUTO_INCREMENT"), (r"(?im)^\s*DELIMITER\b", 4, "DELIMITER"),
        (r"/\*!\d+", 3, "conditional comments"), (r"(?i)\bUNSIGNED\b", 2, "UNSIGNED"),
        (r"(?i)\bLOCK\s+TABLES\b", 2, "LOCK TABLES"), (r"(?i)\bCHARSET\s*=", 2, "CHARSET="),
    ],
    "postgres": [
        (r"::\w", 2, ":: casts"), (r"(?m)^\\\w", 4, "psql meta-commands"), (r"(?i)\bSERIAL\b", 2, "SERIAL"),
        (r"\$\$", 2, "dollar quoting"), (r"(?i)\bFROM\s+stdin\b", 4, "COPY FROM stdin"),
        (r"(?i)\bOWNER\s+TO\b", 3, "OWNER TO"), (r"(?i)\bsearch_path\b", 3, "search_path"),
        (r"(?i)\bCREATE\s+EXTENSION\b", 3, "CREATE EXTENSION"), (r"(?i)\bnextval\s*\(", 2, "nextval()"),
        (r"(?i)\bpg_catalog\b", 3, "pg_catalog"), (r"(?i)\bTIMESTAMP\s+WITH(?:OUT)?\s+TIME\s+ZONE\b", 1,
                                                    "timestamp with time zone"),
        (r"(?i)\bBYTEA\b|\bJSONB\b|\bTIMESTAMPTZ\b", 2, "PostgreSQL types"),
    ],
    "sqlite": [
        (r"(?i)\bAUTOINCREMENT\b", 4, "AUTOINCREMENT"), (r"(?i)\bPRAGMA\b", 4, "PRAGMA"),
        (r"(?i)\bINTEGER\s+PRIMARY\s+KEY\b", 2, "INTEGER PRIMARY KEY"), (r"(?i)\bsqlite_", 4, "sqlite_ names"),
        (r"(?i)\bCREATE\s+VIRTUAL\s+TABLE\b", 4, "virtual tables"), (r"(?i)\bcollate\s+NOCASE\b", 3, "NOCASE"),
        (r"(?i)\bBEGIN\s+TRANSACTION\s*;", 1, "BEGIN TRANSACTION"),
        (r"\[\w+\]", 1.5, "[bracketed] names without GO"),
    ],
}
_COMPILED = {d: [(re.compile(p), w, why) for p, w, why in clues] for d, clues in _CLUES.items()}


def detect_dialect(sample: str) -> tuple[str, str]:
    """The most likely dialect of ``sample`` and the clues that decided it (PostgreSQL when none)."""
    best, best_score, best_why = "postgres", 0.0, "no clue found; PostgreSQL assumed"
    for dialect, clues in _COMPILED.items():
        score, why = 0.0, []
        for pattern, weight, name in clues:
            hits = len(pattern.findall(sample, 0, 262144))
            if hits:
                score += weight * (1 + min(hits, 50) ** 0.5)
                why.append(name)
        if score > best_score:
            best, best_score, best_why = dialect, score, ", ".join(why[:4])
    return best, best_why
