"""`rdarchive demo`: the real crawl and pipeline on an offline replay of sample sites.

Two nights: the first archives the sample sites; on the second, 中国人大网 has withdrawn one
article (it answers 404) and edited another, and the night's revisits find both.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from core.status import RunStatus
from models.db import open_archive
from models.tables import Article, ArticleAttachment, AttachmentFile, CrawlRun
from rdarchive import crawl, diff, export, sample_warc, search, textdiff
from rdarchive.beijing import beijing
from rdarchive.replay_server import ReplayServer, Route
from rdarchive.versions import compare, of_article, pick

FIXTURE_SITES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sites"
# The second night on 中国人大网: one article gone, one appointment list edited (our own wording).
NIGHT_2_SITE = "npc"
WITHDRAWN_URL = "http://www.npc.gov.cn/npc/c2/c30834/201905/t20190523_46533.html"
CHANGED_URL = "http://www.npc.gov.cn/npc/c2/c12435/c12490/202312/t20231229_433905.html"
CHANGED_FILE = FIXTURE_SITES / "npc" / "site" / "www.npc.gov.cn/npc/c2/c12435/c12490/202312/t20231229_433905.html"
EDIT = (
    "三、任命何静为全国人民代表大会常务委员会预算工作委员会副主任。",
    "三、任命何静为全国人民代表大会常务委员会预算工作委员会主任。",
)


def night_2_routes() -> dict[str, Route]:
    html = CHANGED_FILE.read_text(encoding="utf-8")
    if EDIT[0] not in html:
        raise ValueError(f"{CHANGED_FILE}: no longer holds {EDIT[0]!r}; update rdarchive/demo.py")
    return {
        WITHDRAWN_URL: Route(status=404, body="<html><body><h1>404 Not Found</h1></body></html>"),
        CHANGED_URL: Route(body=html.replace(*EDIT), content_type="text/html; charset=utf-8"),
    }


# 128 + SIGINT: what a shell reports for a command stopped with Ctrl-C.
INTERRUPTED = 130


def _interrupted(runs: list[CrawlRun]) -> bool:
    return any(r.status == RunStatus.INTERRUPTED for r in runs)


def demo_roots() -> list[Path]:
    return sorted(p for p in FIXTURE_SITES.glob("*/site") if p.is_dir())


def fresh_sqlite(db_path: Path) -> str:
    """The demo's own SQLite archive, emptied: each demo starts from nothing."""
    for old in (db_path, db_path.with_name(db_path.name + "-wal"), db_path.with_name(db_path.name + "-shm")):
        if old.exists():
            old.unlink()
    return f"sqlite:///{db_path.resolve()}"


def query_hint(db: str) -> str:
    """The exact command lines that read the demo archive."""
    program = Path(sys.argv[0])
    try:
        shown = str(program.resolve().relative_to(Path.cwd()))
    except ValueError:
        shown = str(program) if program.name == "rdarchive" else "rdarchive"
    return (
        "== query the demo archive (every other rdarchive command reads sqlite:///data/archive.db unless told):\n"
        f"{shown} --db {shlex.quote(db)} search 常委会\n"
        f"export RDARCHIVE_DB={shlex.quote(db)}   # then `{shown} search 常委会`, `sites`, `runs`, `serve` read it too"
    )


def run_demo(
    db: str,
    work_dir: Path,
    export_path: Path,
    sites: list[str],
    log_file: str | None = None,
    progress_bar: bool = False,
) -> int:
    """Crawl the sample sites into `db` (the demo's SQLite file, or the archive --db names).

    `log_file` and `progress_bar` as for `rdarchive crawl`."""
    samples = sample_warc.build(demo_roots(), work_dir / "sample-warc")
    print(f"== built {len(samples)} sample WARC files from the fixture pages in {work_dir / 'sample-warc'}")
    with ReplayServer(warcs=samples) as server:
        print(f"== replaying the sample sites from those WARCs via {server.origin} (no network)")
        runs = crawl.run_crawls(
            sites,
            db,
            replay=server.origin,
            log_level="INFO" if log_file else "WARNING",
            log_file=log_file,
            progress_bar=progress_bar,
        )
    print("\n== crawl runs")
    for run in runs:
        print(crawl.format_run(run))
    if NIGHT_2_SITE in sites and not _interrupted(runs):
        runs += _second_night(db, samples)
    if _interrupted(runs):
        # Ctrl-C reached a crawl (Scrapy stops it cleanly): the user asked to stop, not for the rest.
        print("== interrupted", file=sys.stderr)
        return INTERRUPTED
    _, sessions = open_archive(db)
    print("\n== a few stored articles")
    with sessions() as s:
        for a in s.scalars(select(Article).order_by(Article.published_at.desc()).limit(4)):
            region = " ".join(filter(None, (a.province, a.city, a.county))) or "全国"
            when = a.published_at.strftime("%Y-%m-%d %H:%M %z") if a.published_at else "no date"
            print(
                f"- {a.title}\n  {when} | 来源 {a.source or '-'} | "
                f"编辑 {'、'.join(a.editors) or '-'} | 责编 {'、'.join(a.responsible_editors) or '-'} | "
                f"{region} {a.region_code or ''}\n  {a.url}\n  {' '.join(a.body.split())[:60]}…"
            )
    print("\n== rdarchive search 常委会")
    for hit in search.search(sessions, "常委会", limit=5):
        print(f"- [{(hit.published_at or 'no date')[:10]}] {hit.title}  {hit.marked_snippet(search.PLAIN_MARKS)}")
    _show_attachments(sessions)
    n = export.export(sessions, str(export_path), force=True)
    print(f"\n== exported {n} articles to {export_path}")
    _show_withdrawn_and_changed(sessions)
    print("\n" + query_hint(db))
    # Partial runs are expected: some sample sites deliberately hold broken links.
    return 1 if any(r.status == RunStatus.FAILED for r in runs) else 0


def _second_night(db: str, samples: list[Path]) -> list[CrawlRun]:
    print(f"\n== night 2: {NIGHT_2_SITE} has withdrawn one article and edited another; every archived article is due")
    with ReplayServer(warcs=samples, routes=night_2_routes()) as server:
        # A crawl of its own process, as the scheduler runs each night's (Twisted's reactor runs once
        # per process). --revisit-days 1: the whole archive is rechecked (the nightly default: 1/30).
        cmd = [sys.executable, "-m", "rdarchive.cli", "--db", db, "crawl", "--site", NIGHT_2_SITE]
        cmd += ["--replay", server.origin, "--revisit-days", "1", "--log-level", "WARNING"]
        done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode not in (0, 3):  # 3: some pages failed, as on the first night
        raise RuntimeError(f"the demo's second night of {NIGHT_2_SITE} failed: {done.stderr.strip()[-500:]}")
    _, sessions = open_archive(db)
    with sessions() as s:
        run = s.scalars(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).one()
        _ = run.failures  # loaded while the session is open
    print(crawl.format_run(run))
    return [run]


def _show_withdrawn_and_changed(sessions: Any) -> None:
    with sessions() as s:
        gone = s.scalars(select(Article).where(Article.withdrawn_at.is_not(None)).order_by(Article.id)).all()
        changed = s.scalars(select(Article).where(Article.version > 1).order_by(Article.id)).all()
    print("\n== withdrawn pages (rdarchive export --withdrawn --out -; rdarchive sites counts them)")
    for a in gone:
        print(
            f"- [{a.id}] {a.title}\n  {a.url}\n  withdrawn since {beijing(a.withdrawn_at)}; the archive keeps its text"
        )
    print("\n== changed pages (rdarchive export --changed --out -; rdarchive diff ID)")
    for a in changed:
        print(f"- [{a.id}] {a.title}: {a.version} versions\n  {a.url}")
        with sessions() as s:
            versions = of_article(s, a.id)
        old, new = pick(versions, a.id, None, None)
        print(diff.render(a.id, a.url, compare(old, new), textdiff.PLAIN, context=1))


# A word of the sample attachment (tests/fixtures/sites/npc: the 任免名单 article's PDF) that its page does not hold.
ATTACHMENT_QUERY = "任前公示"


def _show_attachments(sessions: sessionmaker[Session]) -> None:
    print("\n== attachments read into text")
    with sessions() as s:
        rows = s.execute(
            select(Article.id, Article.title, ArticleAttachment, AttachmentFile)
            .join(ArticleAttachment, ArticleAttachment.article_id == Article.id)
            .join(AttachmentFile, AttachmentFile.id == ArticleAttachment.file_id)
            .where(AttachmentFile.text_chars > 0)
            .order_by(Article.id)
            .limit(3)
        ).all()
        for aid, title, link, f in rows:
            print(
                f"- article {aid} {title}\n  附件 {link.file_name} ({f.media_type}, {f.size} bytes, "
                f"{f.text_chars} characters)\n  {' '.join((f.text or '').split())[:60]}…"
            )
    print(f"\n== rdarchive search {ATTACHMENT_QUERY}  (a word only the attachment holds)")
    for hit in search.search(sessions, ATTACHMENT_QUERY, limit=3):
        where = f"[附件 attachment: {hit.in_attachment}] " if hit.in_attachment else ""
        print(
            f"- [{(hit.published_at or 'no date')[:10]}] {hit.title}  {where}{hit.marked_snippet(search.PLAIN_MARKS)}"
        )
