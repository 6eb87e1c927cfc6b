"""Site crawls as RQ jobs: the leading scheduler enqueues, `rdarchive worker` processes run them.

With RDARCHIVE_QUEUE=redis://... the scheduler does not crawl: each trigger
puts one job on the site's queue (schedule file key `queue`), and workers on
any machine take jobs one at a time. A job is the same watched child-process
crawl as the in-process scheduler runs (schedules/runner.py), with the site's
job lock and the trigger's slot, so a job enqueued twice crawls once. The unit
of work stays the whole site: one site's requests never spread over machines.

A worker that dies (kill -9, a lost machine) takes its job's crawl with it
(the crawl process gets SIGTERM when its watcher dies and records its run as
interrupted). RQ notices the job's missing heartbeat and puts it back on the
queue (up to RETRIES times); the retry takes over the interrupted run's slot.
"""

from __future__ import annotations

import logging
import os
from datetime import datetime

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, Worker
from rq.job import Job
from sqlalchemy.engine import make_url

from core.settings import environment
from schedules import runner
from schedules.slots import last_slot

log = logging.getLogger(__name__)

ENV = "RDARCHIVE_QUEUE"
# Times a job whose worker died is put back on the queue.
RETRIES = 2
# Seconds a job may outlive its crawl's time limit (the crawl's own stop, then RQ's).
TIMEOUT_MARGIN = runner.STOP_GRACE + 120
# Keep finished and failed jobs a week, for `rq info` and the night's post-mortem.
KEEP = 7 * 86400


def queue_url() -> str | None:
    return environment().queue or None


def require_shared_archive(db: str) -> None:
    """Workers on several machines need one archive they all reach: PostgreSQL, not a SQLite file."""
    if make_url(db).get_backend_name() != "postgresql":
        raise ValueError(
            f"{ENV} is set: crawls run on RQ workers, which need a PostgreSQL archive they all reach; "
            f"{make_url(db).render_as_string(hide_password=True)} is not one (unset {ENV} to crawl from this "
            "process with SQLite)"
        )


def connect(url: str | None = None) -> Redis:
    url = url or queue_url()
    if not url:
        raise ValueError(f"{ENV} is not set: give the Redis URL of the queue, e.g. redis://127.0.0.1:6379/0")
    try:
        redis = Redis.from_url(url)
        redis.ping()
    except (RedisError, ValueError) as e:
        raise ValueError(f"{ENV}={url}: cannot reach Redis ({e})") from None
    return redis


def enqueue_crawl(
    site: str,
    queue: str,
    time_limit: int,
    cron: str | None = None,
    full: bool = False,
    incremental_depth: int = 1,
    replay: str | None = None,
    slot: str | None = None,
) -> str:
    """The leader's job for one trigger: put the site's crawl on its queue; returns the RQ job id."""
    slot = slot or (last_slot(cron, datetime.now().astimezone()) if cron else None)
    job = Queue(queue, connection=connect()).enqueue(
        run_queued_crawl,
        kwargs=dict(
            site=site,
            slot=slot,
            time_limit=time_limit,
            full=full,
            incremental_depth=incremental_depth,
            replay=replay,
        ),
        job_timeout=time_limit + TIMEOUT_MARGIN,
        retry=Retry(max=RETRIES),
        result_ttl=KEEP,
        failure_ttl=KEEP,
        description=f"crawl {site} for {slot or 'now'}",
    )
    log.info("%s: enqueued on %s for slot %s (job %s)", site, queue, slot, job.id)
    return job.id


def run_queued_crawl(
    site: str,
    slot: str | None,
    time_limit: int,
    full: bool = False,
    incremental_depth: int = 1,
    replay: str | None = None,
) -> str:
    """What a worker runs for one job (in RQ's work horse): the watched crawl of one site."""
    # The work horse is a child of the worker: when the worker is killed, the horse and
    # the crawl under it stop too, instead of crawling on unwatched beside the retry.
    runner.die_with_parent()
    db = environment().db
    if not db:
        raise RuntimeError(f"{site}: the worker has no archive (RDARCHIVE_DB is not set)")
    return runner.crawl_job(
        site,
        db,
        time_limit,
        full=full,
        incremental_depth=incremental_depth,
        replay=replay,
        slot=slot,
        die_with_parent=True,
    )


class CrawlWorker(Worker):
    """RQ's forking worker, with a heartbeat sized for retrying a dead worker's job soon.

    RQ gives a running job `monitoring interval + 60 s` between heartbeats before
    it counts as abandoned; here it is twice the interval plus 5 s, so with the
    default 30 s a dead worker's job is back on the queue about a minute later
    (at the next maintenance of a live worker).
    """

    def get_heartbeat_ttl(self, job: Job, working_time: float = 0.0) -> int:
        interval = self.job_monitoring_interval
        if job.timeout and job.timeout > 0:
            interval = int(min(job.timeout - working_time, interval))
        return int(interval + self.job_monitoring_interval + 5)


def run_worker(db: str, queues: list[str], burst: bool = False, heartbeat: int = 30, name: str | None = None) -> bool:
    """`rdarchive worker`: take jobs from the queues until stopped (or until they are empty with burst)."""
    require_shared_archive(db)
    redis = connect()
    # The job's crawl reads the archive from here: the worker's own --db, never one carried in the job.
    os.environ["RDARCHIVE_DB"] = db
    worker = CrawlWorker(
        [Queue(q, connection=redis) for q in queues],
        connection=redis,
        name=name,
        job_monitoring_interval=heartbeat,
        maintenance_interval=max(10, 2 * heartbeat),
    )
    log.info("worker %s: queues %s, archive %s", worker.name, ", ".join(queues), _safe(db))
    return bool(worker.work(burst=burst, logging_level="INFO", with_scheduler=False))


def _safe(db: str) -> str:
    return make_url(db).render_as_string(hide_password=True)
