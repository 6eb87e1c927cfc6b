"""Every RDARCHIVE_* setting: its type, default and meaning, in one place.

Two kinds, documented together in docs/configuration.md (generated from here by
tools/configuration_doc.py; a test fails when it is stale):

- `Environment`: what an operator sets in the environment. Read here and only
  here (`environment()`); crawlers/settings.py and models/db.py take their
  values from it.
- `CrawlSettings`: Scrapy settings of one crawl, set by the CLI, the scheduler
  and tests (`-s NAME=value`, `--full`, `--incremental-depth`). They are never
  read from the environment: a leftover variable must not change what a crawl
  may do. crawlers/settings.py holds their defaults.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

PREFIX = "RDARCHIVE_"


class Environment(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore", frozen=True)

    db: str | None = Field(
        None,
        description="The archive database, an SQLAlchemy URL; `--db` wins over it. Unset: `sqlite:///data/archive.db`.",
    )
    warc_dir: str | None = Field(
        None,
        description="Folder of the WARC files. Unset: `warc/` beside the SQLite archive, else `./data/warc`.",
    )
    warc_spool: str | None = Field(
        None,
        description="Local folder where open WARC files are written; each is indexed and moved to the WARC folder "
        "when closed (a shared mount, docs/scale.md). Unset: `.open/` inside the WARC folder.",
    )
    warc: bool = Field(True, description="Capture every response in WARC files (`0` turns capture off).")
    warc_max_bytes: int = Field(
        1_000_000_000, gt=0, description="A WARC file is closed and a new one begun past this size."
    )
    queue: str | None = Field(
        None,
        description="Redis URL of the crawl queue (`redis://host:6379/0`): `schedule` enqueues site crawls as RQ jobs "
        "and `worker` runs them (docs/scale.md; PostgreSQL archives only). Unset: the scheduler crawls itself.",
    )
    server_wait: float = Field(
        900.0,
        ge=0,
        description="Seconds a crawl waits while another site's crawl uses the same server (host or address) "
        "before it is recorded as skipped.",
    )
    contact: str = Field(
        "https://github.com/rdarchive/rdarchive",
        description="Contact URL the User-Agent names: set it to yours for live crawls.",
    )
    site_dirs: str = Field(
        "",
        description='Further folders of site definition files (`*.toml`, see README "Adding a site"), separated '
        "by the OS path separator (`:`); crawlers/sites/ is always read.",
    )
    pywb_python: str | None = Field(
        None,
        description="Python interpreter that has pywb, for replaying archived pages (`serve`, `replay`). "
        "Unset: `.venv/pywb` beside rdarchive's own environment (made by `make install`), else rdarchive's own.",
    )
    log_level: str = Field("INFO", description="Log level of crawls (`--log-level` wins over it).")
    log_dir: str | None = Field(
        None,
        description="Folder of the crawl log files (`rdarchive crawl` writes Scrapy's log to one file per run "
        "unless `-v`). Unset: `logs/` beside the SQLite archive, else `data/logs`.",
    )
    progress_interval: float = Field(
        10.0, ge=0, description="Seconds between the progress lines of a crawl (`0`: none; the heartbeat goes on)."
    )
    run_stale_after: float = Field(
        900.0,
        gt=0,
        description="Seconds without progress after which another crawl's `running` run of the same site is taken "
        "for abandoned (its process was killed) and closed as interrupted.",
    )


class CrawlSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    incremental: bool = Field(
        True, description="Walk a channel only while its list pages hold articles not archived yet (`--full`: off)."
    )
    incremental_depth: int = Field(
        1, ge=1, description="List pages of only archived articles after which an incremental crawl stops a channel."
    )
    run_id: int = Field(
        0, ge=0, description="Take over this crawl_runs row (made by the scheduler) instead of starting a new run."
    )
    allow_private: bool = Field(
        False,
        description="Allow requests to private, loopback and link-local addresses: only the replay transport of "
        "tests and the demo sets it.",
    )
    replay: str = Field(
        "",
        description="Origin of a local replay server every download of the crawl goes to instead of the sites "
        "(`--replay`, `-s RDARCHIVE_REPLAY=`; tests and the demo); empty: a live crawl. Recorded on the run.",
    )
    mixed_archive: bool = Field(
        False,
        description="Allow a replayed crawl into an archive holding live runs, or a live crawl into one holding "
        "replayed runs (`--mixed-archive`); refused otherwise.",
    )
    retry_after_max: float = Field(
        120.0,
        ge=0,
        description="Longest Retry-After (seconds) a crawl waits for; a longer one is recorded and not retried.",
    )
    spool_idle_rounds: int = Field(
        12,
        ge=0,
        description="Engine heartbeats (5 s) a crawl is held open while articles wait for the database.",
    )
    attachments: bool = Field(
        True,
        description="Fetch the documents (PDF, DOC, DOCX, WPS, XLS/XLSX, OFD ...) article pages link to on the "
        "site's domains, archive them and read their text.",
    )
    attachment_max_bytes: int = Field(
        32 * 1024 * 1024,
        ge=1,
        description="Largest attachment downloaded (bytes); a larger one is recorded as a failure, the article kept.",
    )
    revisit_days: int = Field(
        30,
        ge=0,
        description="Every archived article is re-requested within this many nights: each crawl of a site, after "
        "its list walk, revisits the 1/N of its articles checked longest ago (to find withdrawn and changed pages; "
        "`0`: no revisits).",
    )
    revisit_max: int = Field(
        2000,
        ge=0,
        description="At most this many revisits in one crawl of a site (a warning says when the share is larger).",
    )
    revisit_seconds: float = Field(
        1800.0,
        ge=0,
        description="No batch of revisits is begun once the crawl has run this many seconds (the nightly slot is "
        "kept); the rest come first the next night.",
    )
    spool_dir: str = Field(
        "data/spool",
        description="Where articles that could never be written, nor recorded as failures, are dumped as JSON lines.",
    )


def environment() -> Environment:
    """The RDARCHIVE_* environment, checked: a bad value is one line naming the variable."""
    try:
        return Environment()
    except ValidationError as e:
        problems = "; ".join(
            f"{PREFIX}{'_'.join(str(part) for part in err['loc']).upper()}={err.get('input')!r}: {err['msg']}"
            for err in e.errors()
        )
        raise ValueError(f"environment: {problems}") from None


def setting_name(field: str) -> str:
    """The Scrapy setting (and, for `Environment`, the variable) of a field: RDARCHIVE_<FIELD>."""
    return PREFIX + field.upper()
