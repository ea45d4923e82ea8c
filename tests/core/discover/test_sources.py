"""Reading rows: CSV options and edge cases, SQLite tables, reproducible samples."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.discover import CsvOptions, DiscoveryError, SourceSpec, read_source
from core.discover.sources import classify, read_csv, reservoir


def write(tmp_path: Path, text: str, name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class TestCsv:
    def test_quoting_keeps_separators_and_newlines_inside_values(self, tmp_path: Path) -> None:
        path = write(tmp_path, 'id,name\n1,"Smith, John"\n2,"two\nlines"\n3,"say ""hi"""\n')
        data = read_csv(path)
        assert data.columns == ("id", "name")
        assert data.rows == [("1", "Smith, John"), ("2", "two\nlines"), ("3", 'say "hi"')]

    def test_separator_quote_and_header_options(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a;'x;y'\nb;c\n")
        data = read_csv(path, CsvOptions(sep=";", header=False, quotechar="'"))
        assert data.columns == ("column_1", "column_2")
        assert data.rows == [("a", "x;y"), ("b", "c")]

    def test_tab_separator_by_name(self, tmp_path: Path) -> None:
        data = read_csv(write(tmp_path, "a\tb\n1\t2\n"), CsvOptions(sep="tab"))
        assert data.rows == [("1", "2")]

    def test_backslash_escaped_quotes(self, tmp_path: Path) -> None:
        path = write(tmp_path, 'a;b\n1;"{\\"k\\": 1}"\n')
        with pytest.raises(DiscoveryError, match=r"t\.csv:2: .*--escape"):
            read_csv(path, CsvOptions(sep=";"))
        assert read_csv(path, CsvOptions(sep=";", escapechar="\\")).rows == [("1", '{"k": 1}')]

    def test_null_token(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a,b\n1,\n2,?\n,x\n")
        assert read_csv(path).rows == [("1", None), ("2", "?"), (None, "x")]
        assert read_csv(path, CsvOptions(null_token="?")).rows == [("1", ""), ("2", None), ("", "x")]
        assert read_csv(path, CsvOptions(null_token=None)).rows == [("1", ""), ("2", "?"), ("", "x")]

    def test_blank_lines_are_not_rows(self, tmp_path: Path) -> None:
        assert read_csv(write(tmp_path, "a,b\n\n1,2\n\n")).rows == [("1", "2")]

    def test_empty_file_is_a_clear_error(self, tmp_path: Path) -> None:
        path = write(tmp_path, "")
        with pytest.raises(DiscoveryError, match=r"t\.csv: the file is empty"):
            read_csv(path)

    def test_header_only_is_a_clear_error(self, tmp_path: Path) -> None:
        with pytest.raises(DiscoveryError, match="no data rows after the header"):
            read_csv(write(tmp_path, "a,b\n"))

    def test_ragged_row_names_the_line(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a,b\n1,2\n3\n")
        with pytest.raises(
            DiscoveryError, match=r"t\.csv:3: 1 fields where the first line has 2; check --sep"
        ):
            read_csv(path)

    def test_unterminated_quote_names_the_line(self, tmp_path: Path) -> None:
        path = write(tmp_path, 'a,b\n1,"2\n')
        with pytest.raises(DiscoveryError, match=r"t\.csv:\d+: .*check --sep and --quote"):
            read_csv(path)

    def test_duplicate_header_names(self, tmp_path: Path) -> None:
        with pytest.raises(DiscoveryError, match=r"t\.csv:1: column 3 is named 'a' like column 1"):
            read_csv(write(tmp_path, "a,b,a\n1,2,3\n"))

    def test_missing_file(self, tmp_path: Path) -> None:
        with pytest.raises(DiscoveryError, match="no such file"):
            read_csv(tmp_path / "nope.csv")

    def test_wrong_encoding_says_what_to_do(self, tmp_path: Path) -> None:
        path = tmp_path / "latin.csv"
        path.write_bytes("a\ncaf\xe9\n".encode("latin-1"))
        with pytest.raises(DiscoveryError, match=r"not valid utf-8.*--encoding"):
            read_csv(path)
        assert read_csv(path, CsvOptions(encoding="latin-1")).rows == [("café",)]

    def test_table_option_is_refused_for_csv(self, tmp_path: Path) -> None:
        with pytest.raises(DiscoveryError, match="--table applies to databases"):
            read_source(SourceSpec(str(write(tmp_path, "a\n1\n")), table="t"))

    def test_sample_is_reproducible_and_bounded(self, tmp_path: Path) -> None:
        path = write(tmp_path, "a\n" + "".join(f"{i}\n" for i in range(500)))
        first = read_csv(path, sample=50, seed=3)
        assert len(first.rows) == 50 and first.total_rows == 500 and first.sampled
        assert read_csv(path, sample=50, seed=3).rows == first.rows
        assert read_csv(path, sample=50, seed=4).rows != first.rows
        values = [int(r[0]) for r in first.rows]
        assert values == sorted(values)  # kept in file order


def test_reservoir_is_roughly_uniform() -> None:
    """Every row has the same chance: over many seeds the first and last halves are even."""
    hits = [0, 0]
    for seed in range(300):
        sample, seen = reservoir([(i,) for i in range(100)], 10, seed)
        assert seen == 100 and len(sample) == 10
        for (i,) in sample:
            hits[i >= 50] += 1
    assert abs(hits[0] - hits[1]) < 0.15 * sum(hits)


class TestSqlite:
    @pytest.fixture()
    def db(self, tmp_path: Path) -> Path:
        path = tmp_path / "shop.db"
        with sqlite3.connect(path) as conn:
            conn.execute('CREATE TABLE "order lines" (id INTEGER, product TEXT, "name ""quoted""" TEXT)')
            conn.executemany(
                'INSERT INTO "order lines" VALUES (?, ?, ?)',
                [(1, "p1", "Pen"), (2, "p1", "Pen"), (3, "p2", None)],
            )
            conn.execute("CREATE TABLE other (x INTEGER)")
        conn.close()
        return path

    def test_reads_a_table_with_odd_names(self, db: Path) -> None:
        data = read_source(SourceSpec(str(db), table="order lines"))
        assert data.columns == ("id", "product", 'name "quoted"')
        assert data.rows == [(1, "p1", "Pen"), (2, "p1", "Pen"), (3, "p2", None)]
        assert "order lines" in data.description

    def test_detected_by_content_not_extension(self, db: Path, tmp_path: Path) -> None:
        renamed = tmp_path / "data.bin"
        renamed.write_bytes(db.read_bytes())
        assert classify(str(renamed)) == "sqlite"

    def test_table_required_when_several(self, db: Path) -> None:
        with pytest.raises(
            DiscoveryError, match=r"name the table with --table \(tables: order lines, other\)"
        ):
            read_source(SourceSpec(str(db)))

    def test_unknown_table(self, db: Path) -> None:
        with pytest.raises(DiscoveryError, match="no table 'orders'"):
            read_source(SourceSpec(str(db), table="orders"))

    def test_empty_table(self, db: Path) -> None:
        with pytest.raises(DiscoveryError, match="table 'other' has no rows"):
            read_source(SourceSpec(str(db), table="other"))

    def test_sample_and_file_is_not_modified(self, db: Path) -> None:
        before = db.read_bytes()
        data = read_source(SourceSpec(str(db), table="order lines", sample=2, seed=1))
        assert len(data.rows) == 2 and data.total_rows == 3
        assert db.read_bytes() == before
