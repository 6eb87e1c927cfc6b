"""Which crawls may run together: one crawl per site, one per server, across processes and machines.

A crawl process holds its site's lock for as long as it crawls, and a lock per
server its site lives on (each host name, and each address it resolves to on a
live crawl): two sites served by one machine are crawled one after the other,
so their politeness limits are not added up. The locks are models/locks.py's:
they die with the process, so a killed crawl never blocks the next one.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from models.locks import ArchiveLocks, archive_locks

log = logging.getLogger(__name__)

# Seconds between attempts at a busy server's lock.
SERVER_POLL = 2.0
# Seconds a crawl keeps trying a site lock held by someone else before it is skipped.
SITE_GRACE = 2.0


def site_lock(site: str) -> str:
    return f"site:{site}"


def job_lock(site: str) -> str:
    """Held by whatever watches a scheduled crawl of the site (the scheduler thread or the RQ job)."""
    return f"job:{site}"


def server_locks(hosts: Sequence[str], resolve: bool, resolver: Callable[[str], list[str]] | None = None) -> list[str]:
    """Lock names for the servers behind these hosts: the names, and their addresses when resolvable.

    A replayed crawl does not resolve: every replayed site lives on 127.0.0.1.
    """
    keys: set[str] = {f"server:{h.lower()}" for h in hosts}
    if resolve:
        for host in hosts:
            for address in (resolver or addresses)(host):
                keys.add(f"server:{address}")
    return sorted(keys)


def addresses(host: str) -> list[str]:
    try:
        return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)})
    except (OSError, UnicodeError):
        return []  # unresolvable now: the crawl reports it; the host name still locks the server


@dataclass
class Busy:
    lock: str
    holder: str


def take_site(locks: ArchiveLocks, site: str, grace: float = SITE_GRACE) -> Busy | None:
    """The site's crawl lock, now or never (a second crawl of a site is not started).

    `grace`: a lock whose holder was just killed is released by the database only
    once it has seen the connection end, a moment later; the next crawl of the
    site (a retry) may be that quick.
    """
    name = site_lock(site)
    deadline = time.monotonic() + grace
    while not locks.try_acquire(name):
        if time.monotonic() >= deadline:
            return Busy(name, locks.holder(name) or "a process that just ended")
        time.sleep(0.25)
    return None


def take_servers(locks: ArchiveLocks, site: str, names: Sequence[str], wait: float) -> Busy | None:
    """Every server lock of the site, waiting up to `wait` seconds while another site's crawl holds one.

    All or none: a crawl never sits on one server while it waits for another.
    """
    deadline = time.monotonic() + wait
    said: str | None = None
    while True:
        taken = []
        busy: Busy | None = None
        for name in names:
            if locks.try_acquire(name):
                taken.append(name)
            else:
                busy = Busy(name, locks.holder(name) or "a process that just ended")
                break
        if busy is None:
            return None
        for name in taken:
            locks.release(name)
        if time.monotonic() >= deadline:
            return busy
        if busy.holder != said:
            log.info("%s: waiting: %s is being crawled by %s", site, busy.lock, busy.holder)
            said = busy.holder
        time.sleep(min(SERVER_POLL, max(0.05, deadline - time.monotonic())))


def crawl_locks(db_url: str | None) -> ArchiveLocks:
    return archive_locks(db_url, "crawl")
