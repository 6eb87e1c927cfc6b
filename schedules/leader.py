"""One leading scheduler per archive; the others wait as standby and take over when it dies.

APScheduler 3 must never share its job store between two running schedulers
(both would fire every job), and two schedulers crawling every site at the same
moment would double the load on government servers. Whoever holds the archive's
"scheduler" lock (models/locks.py: released by the database or the kernel when
its process dies) leads; nothing of APScheduler is started before that.
"""

from __future__ import annotations

import logging
import threading

from models.locks import ArchiveLocks, archive_locks

log = logging.getLogger(__name__)

LOCK = "scheduler"
# Seconds between a standby's attempts to take over, and between the leader's checks that it still leads.
POLL = 5.0


class Leadership:
    def __init__(self, db_url: str, poll: float = POLL):
        self.db_url = db_url
        self.poll = poll
        self.locks: ArchiveLocks = archive_locks(db_url, "schedule")

    def try_lead(self) -> bool:
        return self.locks.try_acquire(LOCK)

    def leader(self) -> str | None:
        return self.locks.holder(LOCK)

    def wait_to_lead(self, stop: threading.Event) -> bool:
        """Block until this process leads (True) or `stop` is set (False), saying why it waits."""
        announced: str | None = None
        while not stop.is_set():
            try:
                leads = self.try_lead()
            except Exception as e:  # noqa: BLE001 - the database may be restarting: keep standing by
                log.warning("standby: cannot reach the archive database (%s); retrying", str(e).splitlines()[0])
                self._reconnect()
                stop.wait(self.poll)
                continue
            if leads:
                if announced is not None:
                    log.warning("leading: the previous scheduler is gone; this one (%s) takes over", self._me())
                else:
                    log.info("leading: this scheduler leads the archive")
                return True
            holder = self.leader() or "a process that just left"
            if holder != announced:
                log.warning("standby: another scheduler leads this archive (%s); waiting to take over", holder)
                announced = holder
            stop.wait(self.poll)
        return False

    def _reconnect(self) -> None:
        try:
            self.locks.close()
        except Exception:  # noqa: BLE001 - it is broken already
            pass
        try:
            self.locks = archive_locks(self.db_url, "schedule")
        except Exception as e:  # noqa: BLE001 - still down: the next attempt tries again
            log.debug("reconnect failed: %s", e)

    def still_leading(self) -> bool:
        return self.locks.alive()

    def watch(self, on_lost: object, stop: threading.Event) -> threading.Thread:
        """A thread that calls `on_lost()` once if the lock is lost (its database connection dropped)."""

        def run() -> None:
            while not stop.wait(self.poll):
                if not self.still_leading():
                    log.error("lost the scheduler lock (its database connection dropped): stopping this scheduler")
                    on_lost()  # type: ignore[operator]
                    return

        thread = threading.Thread(target=run, name="leadership-watch", daemon=True)
        thread.start()
        return thread

    def release(self) -> None:
        self.locks.close()

    def _me(self) -> str:
        from models.locks import whoami

        return whoami("schedule").split(": ", 1)[1]
