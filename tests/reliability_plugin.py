"""Reliability cases and the report built from their results.

Test modules tag each case with the `case` decorator:

    @case("faults", "HTTP 404", "not retried; recorded as http_error 404; nothing stored")
    def test_404(...): ...

The decorator only sets an attribute, so the suite runs as usual without this
plugin. Loaded as a pytest plugin (`pytest -p tests.reliability_plugin
--reliability-report docs/reliability.md`, which tools/reliability_report.py
does), it writes the table of every tagged case with the result it actually
had in that run, so docs/reliability.md cannot drift from the suite.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ATTR = "__reliability_case__"

AREAS = {
    "attachments": (
        "Attachments",
        "The NPC spider crawls article pages linking to documents built in the test setup (PDF, DOCX, XLSX, OFD) "
        "and to faulty ones, served by the replay server; `tests/test_attachments.py`.",
    ),
    "revisit": (
        "Pages that disappear or change",
        "The NPC fixture world is crawled, then re-crawled while the replay server answers archived articles "
        "differently (404, 410, a redirect to a list, a deleted-notice page with 200, an edited text, the whole site "
        "down); every revisit is due (RDARCHIVE_REVISIT_DAYS=1); `tests/test_revisit.py`.",
    ),
    "faults": (
        "Network and server faults",
        "The NPC spider crawls a list page served by tests/fault_server.py (raw sockets) whose links "
        "lead to one faulty article each; `tests/test_faults.py`.",
    ),
    "interruption": (
        "Interruption",
        "`rdarchive crawl` child processes against a slow replay of the NPC fixture world, "
        "killed or cut off from the database half-way; `tests/test_interruption.py`.",
    ),
    "concurrency": (
        "Concurrency",
        "Two `rdarchive crawl` child processes of the same site at once on one database; `tests/test_concurrency.py`.",
    ),
    "schedule": (
        "Schedule configuration",
        "`schedules/config.py` validating a schedule file (format in docs/schedule.md), and "
        "`rdarchive schedule --config` refusing a bad one; `tests/test_schedule_config.py`.",
    ),
    "scale": (
        "Many sites, many nights, many machines",
        "WARC indexing across nights (`tests/test_cdxj_nights.py`), the scheduler lock and the RQ workers "
        "on this machine's Redis and PostgreSQL (`tests/test_scale_*.py`).",
    ),
    "security": (
        "Security",
        "Where the crawler may connect, and what search, export and serve may do; `tests/test_security.py`.",
    ),
    "replay": (
        "Replay is explicit",
        "Crawls that fetch from a local replay server instead of the sites (tests, the demo) happen only when "
        "asked for on a command line, are announced and recorded, and never mix with live runs; "
        "`tests/test_replay_explicit.py`.",
    ),
    "safety": (
        "First contact: a clear message for every fault",
        "`rdarchive` child processes run as a new user would, on archives that are missing, corrupted, "
        "newer than the code or out of reach, and with outputs that fail; `tests/test_first_contact.py`.",
    ),
}


def case(area: str, name: str, expected: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Tag a test as the check of one reliability case."""
    if area not in AREAS:
        raise ValueError(f"unknown reliability area {area!r}; known: {', '.join(AREAS)}")

    def tag(fn: Callable[..., Any]) -> Callable[..., Any]:
        setattr(fn, ATTR, (area, name, expected))
        return fn

    return tag


@dataclass
class Result:
    area: str
    name: str
    expected: str
    nodeid: str
    outcome: str = "not run"
    detail: str = ""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--reliability-report",
        default=None,
        metavar="PATH",
        help="write the reliability cases and their results (Markdown) to PATH",
    )


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--reliability-report")
    if path:
        config.pluginmanager.register(_Recorder(Path(path), config), "reliability-recorder")


class _Recorder:
    def __init__(self, path: Path, config: pytest.Config):
        self.path = path
        self.config = config
        self.results: dict[str, Result] = {}

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            tag = getattr(getattr(item, "function", None), ATTR, None)
            if tag is None:
                continue
            area, name, expected = tag
            callspec = getattr(item, "callspec", None)
            if callspec is not None:
                name = f"{name} [{callspec.id}]"
            self.results[item.nodeid] = Result(area, name, expected, item.nodeid)

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        outcome = yield
        report: pytest.TestReport = outcome.get_result()
        result = self.results.get(item.nodeid)
        if result is None:
            return
        if report.skipped:
            if hasattr(report, "wasxfail"):
                result.outcome = "xfail (known gap)"
                result.detail = _first_line(report.wasxfail)
            elif result.outcome in ("not run", "passed"):
                result.outcome = "skipped"
                result.detail = _first_line(
                    str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else str(report.longrepr)
                )
        elif report.failed:
            result.outcome = "FAILED" if report.when == "call" else f"ERROR in {report.when}"
            result.detail = _first_line(
                getattr(report.longrepr, "reprcrash", None)
                and report.longrepr.reprcrash.message
                or str(report.longrepr)
            )
        elif report.when == "call" and result.outcome == "not run":
            result.outcome = "XPASS" if hasattr(report, "wasxfail") else "passed"

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(render(list(self.results.values())), encoding="utf-8")


def _first_line(text: str) -> str:
    line = (text or "").strip().splitlines()[0] if (text or "").strip() else ""
    return line.replace("|", "\\|")[:200]


def render(results: list[Result]) -> str:
    import scrapy
    import sqlalchemy

    passed = sum(r.outcome == "passed" for r in results)
    out = [
        "# Reliability",
        "",
        "<!-- Generated by tools/reliability_report.py from the test suite's own results; do not edit. -->",
        "",
        "Every row is one test of the suite, tagged with the case it checks and the outcome it expects "
        "(`tests/reliability_plugin.py`). The **Result** column is what that test did in the run that wrote "
        "this file: regenerate with `.venv/bin/python tools/reliability_report.py`.",
        "",
        f"**{passed} of {len(results)} cases pass.** "
        f"Python {platform.python_version()}, Scrapy {scrapy.__version__}, SQLAlchemy {sqlalchemy.__version__}.",
        "",
    ]
    for area, (title, intro) in AREAS.items():
        rows = [r for r in results if r.area == area]
        if not rows:
            continue
        out += [
            f"## {title}",
            "",
            intro,
            "",
            "| Case | Expected outcome (checked) | Result | Test |",
            "|---|---|---|---|",
        ]
        for r in rows:
            result = r.outcome if not r.detail else f"{r.outcome}: {r.detail}"
            test = r.nodeid.split("::", 1)[-1]
            out.append(f"| {_cell(r.name)} | {_cell(r.expected)} | {_cell(result)} | `{test}` |")
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
