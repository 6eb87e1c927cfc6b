"""Export throughput and memory on a 1,000,000-article archive.

    .venv/bin/python benchmarks/export.py BENCH_DIR [--db data/bench/access-1m.db] [--n 1000000]
        [--out-dir data/bench] [--gzip] [--keep] [--md docs/bench/access.md]

Without the database file it is built first (benchmarks/corpus.py). Then the
real command line runs in a child process, as a user runs it:

    rdarchive --db sqlite:///DB export --out DIR/export-1m.jsonl --force

and its wall time, rows (lines of the file), bytes and peak RSS (the child's
getrusage ru_maxrss, from wait4) are reported; rows per second = rows / wall
time of the child, start-up included; its CPU time (user + system, all threads) is
reported too, and the rate without start-up: rows / (wall time - the wall time of the
same command with a filter no article matches (`--cluster` of an id no cluster has), run first). --gzip repeats it with .jsonl.gz. A
second export under a --since-last cursor right after the first (nothing
changed) shows what an incremental run costs. The output files are deleted
unless --keep. Figures go to stdout, data/bench/export-results.json and
docs/bench/access.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import corpus  # noqa: E402

RDARCHIVE = Path(sys.executable).parent / "rdarchive"


def run_export(db: Path, out: Path, *extra: str) -> dict:
    """One `rdarchive export` child: wall time, peak RSS, rows, bytes."""
    cmd = [str(RDARCHIVE), "--db", f"sqlite:///{db}", "export", "--out", str(out), "--force", *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"export failed ({proc.returncode}): {err[-2000:]}")
    rows = int(err.split("exported ", 1)[1].split()[0]) if "exported " in err else None
    return {
        "command": " ".join(cmd[1:]).replace(str(ROOT) + "/", ""),
        "rows": rows,
        "seconds": round(wall, 2),
        "rows_per_second": round(rows / wall) if rows else None,
        # CPU time of the child's threads: steadier than wall time on a machine shared with other jobs.
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "bytes": out.stat().st_size,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("bench_dir", type=Path)
    p.add_argument("--db", type=Path, default=ROOT / "data" / "bench" / "access-1m.db")
    p.add_argument("--n", type=int, default=1_000_000)
    p.add_argument("--out-dir", type=Path, default=ROOT / "data" / "bench")
    p.add_argument("--gzip", action="store_true", help="also export to .jsonl.gz")
    p.add_argument("--keep", action="store_true", help="keep the exported files")
    p.add_argument("--md", type=Path, default=ROOT / "docs" / "bench" / "access.md")
    p.add_argument("--json", type=Path, default=ROOT / "data" / "bench" / "export-results.json")
    a = p.parse_args(argv)
    if not a.db.exists():
        print(f"building {a.n:,} articles into {a.db} ...", flush=True)
        stats = corpus.build(a.bench_dir, a.db, a.n)
        a.db.with_suffix(".build.json").write_text(json.dumps(stats))
    a.out_dir.mkdir(parents=True, exist_ok=True)
    runs = {}
    targets = [("jsonl", a.out_dir / "export-1m.jsonl")]
    if a.gzip:
        targets.append(("jsonl.gz", a.out_dir / "export-1m.jsonl.gz"))
    # Start-up: the same command with a filter no article matches (interpreter, imports, schema
    # check, the query's plan), so the rate of the rows themselves can be told apart.
    startup = run_export(a.db, a.out_dir / "empty.jsonl", "--cluster", "999999999")
    (a.out_dir / "empty.jsonl").unlink()
    runs["start_up"] = startup
    print(f"start-up (an export matching nothing): {startup['seconds']} s, {startup['cpu_seconds']} s CPU", flush=True)
    for name, out in targets:
        print(f"exporting to {out} (load {corpus.loadavg()}) ...", flush=True)
        r = run_export(a.db, out)
        r["load_after"] = corpus.loadavg()
        rows, rest = r["rows"] or 0, r["seconds"] - startup["seconds"]
        r["rows_per_second_without_start_up"] = round(rows / rest) if rows and rest > 0 else None
        # Per CPU second too: on a machine shared with other jobs wall time mostly measures waiting.
        cpu_rest = r["cpu_seconds"] - startup["cpu_seconds"]
        r["rows_per_cpu_second"] = round(rows / r["cpu_seconds"]) if rows and r["cpu_seconds"] else None
        r["rows_per_cpu_second_without_start_up"] = round(rows / cpu_rest) if rows and cpu_rest > 0 else None
        runs[name] = r
        print(
            f"  {r['rows']:,} rows in {r['seconds']} s = {r['rows_per_second']:,} rows/s with start-up, "
            f"{r['rows_per_second_without_start_up'] or 0:,} rows/s without; per CPU second "
            f"{r['rows_per_cpu_second'] or 0:,} rows with start-up, {r['rows_per_cpu_second_without_start_up'] or 0:,} "
            f"without ({r['cpu_seconds']} s CPU), "
            f"peak RSS {r['peak_rss_mb']} MB, {r['bytes'] / 1e9:.2f} GB",
            flush=True,
        )
        if not a.keep:
            out.unlink()
    # An incremental export: the first sets the cursor, the second finds nothing new.
    cursor = f"bench-{int(time.time())}"
    first = run_export(a.db, a.out_dir / "since-1.jsonl", "--since-last", cursor)
    second = run_export(a.db, a.out_dir / "since-2.jsonl", "--since-last", cursor)
    for f in ("since-1.jsonl", "since-2.jsonl"):
        (a.out_dir / f).unlink()
    runs["since_last_unchanged"] = second
    print(f"  --since-last right after a full export: {second['rows']} rows in {second['seconds']} s", flush=True)
    result = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python " + " ".join([Path(sys.argv[0]).as_posix(), *(argv or sys.argv[1:])]),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "runs": runs,
        "since_last_first_rows": first["rows"],
    }
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(result, indent=1), encoding="utf-8")
    corpus.write_report(a.md, a.json.parent)
    return 0


if __name__ == "__main__":
    sys.exit(main())
