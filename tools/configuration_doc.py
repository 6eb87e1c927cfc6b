"""Write docs/configuration.md from core/settings.py (the single source of every RDARCHIVE_* setting).

    .venv/bin/python tools/configuration_doc.py        # rewrite the file
tests/test_configuration_doc.py fails when the committed file differs from what this renders.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.settings import CrawlSettings, Environment, setting_name  # noqa: E402

DOC = ROOT / "docs" / "configuration.md"

HEADER = """# Configuration

Generated from `core/settings.py` by `tools/configuration_doc.py`; do not edit by hand.

"""

ENVIRONMENT = """## Environment variables

Read once, in `core/settings.py`, by the CLI, `scrapy crawl` and the scheduler's crawls. A value that
does not fit its type stops the command with one line naming the variable.

"""

CRAWL = """## Crawl settings

Scrapy settings of one crawl. The CLI sets them from its options (`--full`, `--incremental-depth`),
the scheduler from its configuration (docs/schedule.md), a developer with `scrapy crawl SITE -s NAME=value`.
They are not read from the environment.

"""


def _type(annotation: object) -> str:
    name = getattr(annotation, "__name__", None) or str(annotation)
    return name.replace("typing.", "").replace("NoneType", "None").replace(" | ", " or ")


def _default(value: object) -> str:
    if value is None:
        return "unset"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return f"{value:_}".replace("_", " ") if value >= 10_000 else str(value)
    return f"`{value}`"


def table(model: type[BaseModel]) -> str:
    rows = ["| name | type | default | meaning |", "|---|---|---|---|"]
    for name, field in model.model_fields.items():
        rows.append(
            f"| `{setting_name(name)}` | {_type(field.annotation)} | {_default(field.default)} | {field.description} |"
        )
    return "\n".join(rows) + "\n"


def render() -> str:
    return HEADER + ENVIRONMENT + table(Environment) + "\n" + CRAWL + table(CrawlSettings)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)}")
