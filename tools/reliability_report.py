#!/usr/bin/env python3
"""Run the reliability suite and write docs/reliability.md from its own results.

    .venv/bin/python tools/reliability_report.py            # writes docs/reliability.md
    .venv/bin/python tools/reliability_report.py --out -    # prints it instead
    .venv/bin/python tools/reliability_report.py -- -x      # extra pytest arguments after --

The table comes from tests/reliability_plugin.py: every test tagged with
@case(area, name, expected) becomes one row, with the result it had in this
run. The exit status is pytest's, so a failing case also fails this command.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = [
    "tests/test_faults.py",
    "tests/test_interruption.py",
    "tests/test_concurrency.py",
    "tests/test_security.py",
    "tests/test_schedule_config.py",
    "tests/test_replay_explicit.py",
    "tests/test_first_contact.py",
    "tests/test_cdxj_nights.py",
    "tests/test_warc_files.py",
    "tests/test_scale_leader.py",
    "tests/test_scale_slots.py",
    "tests/test_scale_queue.py",
    "tests/test_attachments.py",
    "tests/test_revisit.py",
]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "docs" / "reliability.md"), help="Markdown file, or - for stdout")
    p.add_argument("pytest_args", nargs="*", help="extra pytest arguments (after --)")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "reliability.md" if args.out == "-" else Path(args.out).resolve()
        cmd = [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.reliability_plugin",
            f"--reliability-report={report}",
            "-q",
            "-p",
            "no:cacheprovider",
            *SUITE,
            *args.pytest_args,
        ]
        code = subprocess.run(cmd, cwd=ROOT).returncode
        if args.out == "-":
            sys.stdout.write(report.read_text(encoding="utf-8"))
        else:
            print(f"wrote {report.relative_to(ROOT) if report.is_relative_to(ROOT) else report}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
