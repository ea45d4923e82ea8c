"""Published FD counts (Papenbrock et al., PVLDB 2015) on the public data sets of the corpus."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

from core.discover import CsvOptions, SourceSpec, discover_masks, encode_rows, read_source
from tests.conftest import corpus_path

FAST = [
    "iris",
    "balance-scale",
    "chess",
    "abalone",
    "nursery",
    "breast-cancer",
    "bridges",
    "echocardiogram",
    "adult",
    "letter",
    "ncvoter",
    "hepatitis",
]


def manifest() -> dict[str, dict[str, str]]:
    path = corpus_path("fd", "MANIFEST.tsv")
    with path.open(newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle, delimiter="\t")}


def load(name: str) -> tuple[list[str], list[tuple[str | None, ...]], int]:
    entry = manifest()[name]
    path: Path = corpus_path("fd", f"{name}.csv")
    sep = {"comma": ",", "semicolon": ";"}[entry["separator"]]
    # "?" and empty fields are ordinary values here, as in the published experiments
    options = CsvOptions(sep=sep, header=entry["header"] == "yes", null_token=None)
    data = read_source(SourceSpec(str(path), csv=options))
    return list(data.columns), data.rows, int(entry["paper_fd_count"])


@pytest.mark.parametrize("name", FAST)
def test_minimal_fd_count_matches_the_paper(name: str) -> None:
    columns, rows, published = load(name)
    found = discover_masks(encode_rows(columns, rows))
    assert len(found) == published


@pytest.mark.slow
@pytest.mark.skipif(
    not os.environ.get("TABLEWRIGHT_STRETCH"),
    reason="a minute or more: set TABLEWRIGHT_STRETCH=1 (figures in BENCHMARKS.md, FD discovery)",
)
@pytest.mark.parametrize("name", ["horse", "flight"])
def test_stretch_goals(name: str) -> None:
    """horse (29 columns, 128,727 FDs) and flight (109 columns, 982,631 FDs; about 4 min CPU)."""
    columns, rows, published = load(name)
    assert len(discover_masks(encode_rows(columns, rows))) == published


def test_max_lhs_counts_on_hepatitis_are_consistent() -> None:
    """Bounding the left side keeps exactly the short minimal FDs of the unbounded run."""
    columns, rows, _ = load("hepatitis")
    table = encode_rows(columns, rows)
    everything = discover_masks(table)
    for k in (0, 1, 2, 3):
        assert discover_masks(table, max_lhs=k) == [fd for fd in everything if fd[0].bit_count() <= k]
