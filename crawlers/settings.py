"""Scrapy settings for rdarchive: polite by default.

`scrapy crawl <site>` and `rdarchive crawl` both start from here; the CLI only
adds the database URL, the run id and, when asked on its command line, the replay origin.
"""

import os

from core.settings import CrawlSettings, environment

# The RDARCHIVE_* environment, read once (core/settings.py; docs/configuration.md).
ENV = environment()
# Defaults of the crawl's own RDARCHIVE_* settings (never from the environment).
CRAWL = CrawlSettings()

BOT_NAME = "rdarchive"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"
# Site modules and site definitions (crawlers/sites/*.toml, plus RDARCHIVE_SITE_DIRS) alike.
SPIDER_LOADER_CLASS = "crawlers.spiderloader.SiteSpiderLoader"
# Further folders of site definition files, separated by the OS path separator.
RDARCHIVE_SITE_DIRS = [d for d in ENV.site_dirs.split(os.pathsep) if d]

RDARCHIVE_CONTACT = ENV.contact
USER_AGENT = f"rdarchive/0.1 (archive of people's congress websites; +{RDARCHIVE_CONTACT})"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
RETRY_ENABLED = True
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
# Government pages are rarely larger; anything bigger is not an article.
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
COOKIES_ENABLED = False
# No control port: the telnet console and Scrapy 2.19's remote-control HTTP server (which runs
# any Python code it is sent) stay off unless a user turns them on with -s for one crawl.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = ENV.log_level
FEED_EXPORT_ENCODING = "utf-8"

RDARCHIVE_DB = ENV.db  # None: ./data/archive.db
# Seconds between progress lines of a long crawl (0: none).
RDARCHIVE_PROGRESS_INTERVAL = ENV.progress_interval
# Seconds without progress after which another run's "running" row of the same
# site counts as abandoned (its process was killed) and is closed as interrupted.
RDARCHIVE_RUN_STALE_AFTER = ENV.run_stale_after

DOWNLOADER_MIDDLEWARES = {
    # Below HttpCompressionMiddleware (590): it must see decompressed pages.
    "crawlers.middlewares.ChallengeDetector": 580,
    # No private/loopback addresses, recorded offsite and redirect-loop drops, Retry-After,
    # charset and mislabelled-binary repair (after decompression, before retries).
    "crawlers.network_policy.NetworkPolicy": 585,
    # Next to the downloader: sees every response raw (before decompression,
    # redirects and retries), so the WARC holds what the server sent.
    "crawlers.warc.WarcCapture": 950,
}
# WARC files: RDARCHIVE_WARC_DIR (default: beside the SQLite archive, else ./data/warc).
RDARCHIVE_WARC = ENV.warc
RDARCHIVE_WARC_DIR = ENV.warc_dir
RDARCHIVE_WARC_SPOOL = ENV.warc_spool
RDARCHIVE_WARC_MAX_BYTES = ENV.warc_max_bytes
# The crawl's own settings, with their defaults (the CLI and tests override them).
RDARCHIVE_INCREMENTAL = CRAWL.incremental
RDARCHIVE_INCREMENTAL_DEPTH = CRAWL.incremental_depth
RDARCHIVE_RUN_ID = CRAWL.run_id
RDARCHIVE_ALLOW_PRIVATE = CRAWL.allow_private
# Replay origin (a local server standing in for every site): only ever set on a command line
# (`--replay`, `-s RDARCHIVE_REPLAY=`) or by the test harness and the demo, never from the
# environment, where a leftover variable once silently turned a live crawl into a replay.
RDARCHIVE_REPLAY = CRAWL.replay
RDARCHIVE_MIXED_ARCHIVE = CRAWL.mixed_archive
RDARCHIVE_RETRY_AFTER_MAX = CRAWL.retry_after_max
RDARCHIVE_SPOOL_IDLE_ROUNDS = CRAWL.spool_idle_rounds
RDARCHIVE_SPOOL_DIR = CRAWL.spool_dir
RDARCHIVE_ATTACHMENTS = CRAWL.attachments
RDARCHIVE_ATTACHMENT_MAX_BYTES = CRAWL.attachment_max_bytes
RDARCHIVE_REVISIT_DAYS = CRAWL.revisit_days
RDARCHIVE_REVISIT_MAX = CRAWL.revisit_max
RDARCHIVE_REVISIT_SECONDS = CRAWL.revisit_seconds
ITEM_PIPELINES = {
    "crawlers.item_pipelines.ExtractPipeline": 100,
    # Right after extraction: whether the site's template read the page or generic extraction did.
    "crawlers.item_pipelines.TemplateDriftPipeline": 150,
    "crawlers.item_pipelines.CleanPipeline": 200,
    "crawlers.item_pipelines.MetadataPipeline": 300,
    # Before the fingerprint: a body that only points to its attachment is fingerprinted by the attachment's text.
    "crawlers.attachments.AttachmentPipeline": 350,
    "crawlers.item_pipelines.FingerprintPipeline": 400,
    "crawlers.item_pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    # Every log line capped in length (a dropped item's repr can be megabytes).
    "crawlers.log_cap.LogLineCap": 0,
    "crawlers.runs.RunRecorder": 100,
    # After the recorder: at spider_closed it writes what waited for the database once the run is closed.
    "crawlers.spool.Spool": 200,
    # Once the list walk is done: the night's share of archived articles, re-requested.
    "crawlers.revisit.RevisitCycle": 300,
    # Only with RDARCHIVE_PROGRESS_BAR (set by `rdarchive crawl` on a terminal).
    "crawlers.progress.ProgressBars": 400,
}
ADDONS = {
    "crawlers.replay.ReplayAddon": 0,
}
