"""Benchmark FD discovery on the corpus against desbordante's HyFD (a benchmark peer only).

Run from the repository root::

    python tests/bench/bench_discover.py                 # the data sets up to hepatitis
    python tests/bench/bench_discover.py horse plista    # stretch goals
    python tests/bench/bench_discover.py flight --max-lhs 3

For each data set: the median CPU time (``time.process_time``, robust to a busy machine; both
sides run single-threaded) of our discovery on the encoded rows (``discover_masks``, proof
included) and of the peer's ``execute(threads=1)`` (each after loading), the end-to-end
wall-clock times (read + encode + discover vs. the peer's ``load_data`` + ``execute``), the FD counts against the
published ones, and our peak memory measured in a fresh process (``ru_maxrss``, and the
``tracemalloc`` peak of the discovery itself). desbordante is AGPL: ``pip install desbordante``
to run the comparison; without it the peer columns say ``-``. Its FD count is reported, never
trusted: compare with the published count.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "fd"
UP_TO_HEPATITIS = [
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
    with (CORPUS / "MANIFEST.tsv").open(newline="") as handle:
        return {row["name"]: row for row in csv.DictReader(handle, delimiter="\t")}


#: Data sets whose quoted values escape quotes with a backslash (\").
ESCAPED = {"plista"}


def csv_options(entry: dict[str, str]) -> tuple[str, bool]:
    return {"comma": ",", "semicolon": ";"}[entry["separator"]], entry["header"] == "yes"


def our_spec(name: str) -> Any:
    from core.discover import CsvOptions, SourceSpec

    sep, header = csv_options(manifest()[name])
    escape = "\\" if name in ESCAPED else None
    options = CsvOptions(sep=sep, header=header, null_token=None, escapechar=escape)
    return SourceSpec(str(CORPUS / f"{name}.csv"), csv=options)


def ours(name: str, repeats: int, max_lhs: int | None) -> dict[str, Any]:
    from core.discover import discover_masks, encode_rows, read_source

    started = time.perf_counter()
    data = read_source(our_spec(name))
    table = encode_rows(data.columns, data.rows)
    load = time.perf_counter() - started
    times, count = [], 0
    for _ in range(repeats):
        started = time.process_time()
        count = len(discover_masks(table, max_lhs=max_lhs))
        times.append(time.process_time() - started)
    return {"load": load, "discover": statistics.median(times), "count": count, "rows": len(data.rows)}


def peer(name: str, repeats: int, max_lhs: int | None) -> dict[str, Any] | None:
    try:
        import desbordante
    except ImportError:
        return None
    sep, header = csv_options(manifest()[name])
    times, loads, count = [], [], 0
    for _ in range(repeats):
        algo = desbordante.fd.algorithms.HyFD()
        started = time.perf_counter()
        algo.load_data(table=(str(CORPUS / f"{name}.csv"), sep, header))
        loads.append(time.perf_counter() - started)
        started = time.process_time()
        options = {"threads": 1} if max_lhs is None else {"threads": 1, "max_lhs": max_lhs}
        algo.execute(**options)  # single-threaded, like ours
        times.append(time.process_time() - started)
        count = len(algo.get_fds())
    return {"load": statistics.median(loads), "execute": statistics.median(times), "count": count}


def child(name: str, max_lhs: int | None, traced: bool) -> None:
    """One discovery in this (fresh) process: peak RSS (and the tracemalloc peak), as JSON."""
    from core.discover import discover_masks, encode_rows, read_source

    data = read_source(our_spec(name))
    table = encode_rows(data.columns, data.rows)
    del data
    if traced:
        tracemalloc.start()
    discover_masks(table, max_lhs=max_lhs)
    peak = tracemalloc.get_traced_memory()[1] if traced else 0
    print(json.dumps({"rss": _peak_rss(), "traced": peak}))


def _peak_rss() -> int:
    """Peak resident memory of this process (VmHWM: ru_maxrss would include the parent's, which
    Linux carries across exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def memory(name: str, max_lhs: int | None, traced: bool) -> dict[str, int]:
    argv = [sys.executable, __file__, "--child", name]
    if max_lhs is not None:
        argv += ["--max-lhs", str(max_lhs)]
    if traced:
        argv.append("--traced")
    out = subprocess.run(
        argv, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"}
    )
    result: dict[str, int] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("datasets", nargs="*", default=UP_TO_HEPATITIS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--max-lhs", type=int)
    parser.add_argument("--no-peer", action="store_true")
    parser.add_argument(
        "--traced", action="store_true", help="also run tracemalloc in the memory run (much slower)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.max_lhs, args.traced)
        return 0
    entries = manifest()
    print(
        "| data set | rows × cols | FDs (published) | ours: discover (CPU) | peer HyFD: execute (CPU) "
        "| ratio | ours: read+encode+discover | peer: load+execute | peak RSS | traced peak |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    worst = 0.0
    for name in args.datasets:
        entry = entries[name]
        mine = ours(name, args.repeats, args.max_lhs)
        theirs = None if args.no_peer else peer(name, args.repeats, args.max_lhs)
        mem = memory(name, args.max_lhs, args.traced)
        published = (
            entry["paper_fd_count"] if args.max_lhs is None else "unbounded: " + entry["paper_fd_count"]
        )
        count = f"{mine['count']:,} ({published})"
        traced_peak = f"{mem['traced'] / 2**20:,.1f} MB" if args.traced else "-"
        if theirs is None:
            peer_exec = peer_total = ratio = "-"
        else:
            if theirs["count"] != mine["count"]:
                count += f" peer: {theirs['count']:,}"
            ratio_value = mine["discover"] / max(theirs["execute"], 1e-9)
            worst = max(worst, ratio_value)
            peer_exec = f"{theirs['execute']:.3f} s"
            peer_total = f"{theirs['load'] + theirs['execute']:.3f} s"
            ratio = f"{ratio_value:.1f}×"
        print(
            f"| {name} | {mine['rows']:,} × {entry['cols']} | {count} | {mine['discover']:.3f} s | {peer_exec} "
            f"| {ratio} | {mine['load'] + mine['discover']:.3f} s | {peer_total} "
            f"| {mem['rss'] / 2**20:,.0f} MB | {traced_peak} |",
            flush=True,
        )
    if worst:
        print(f"\nworst ratio ours/peer (discovery): {worst:.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
