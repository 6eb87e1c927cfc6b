"""Scrapy settings for rdarchive: polite by default.

`scrapy crawl <site>` and `rdarchive crawl` both start from here; the CLI only
adds the database URL, the run id and, for tests and the demo, the replay origin.
"""

import os

BOT_NAME = "rdarchive"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

RDARCHIVE_CONTACT = os.environ.get("RDARCHIVE_CONTACT", "https://github.com/rdarchive/rdarchive")
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
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("RDARCHIVE_LOG_LEVEL", "INFO")
FEED_EXPORT_ENCODING = "utf-8"

RDARCHIVE_DB = os.environ.get("RDARCHIVE_DB")  # None: ./data/archive.db
RDARCHIVE_REPLAY = os.environ.get("RDARCHIVE_REPLAY")
# Seconds between progress lines of a long crawl (0: none).
RDARCHIVE_PROGRESS_INTERVAL = float(os.environ.get("RDARCHIVE_PROGRESS_INTERVAL", "10"))
# Seconds without progress after which another run's "running" row of the same
# site counts as abandoned (its process was killed) and is closed as interrupted.
RDARCHIVE_RUN_STALE_AFTER = float(os.environ.get("RDARCHIVE_RUN_STALE_AFTER", "900"))

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
RDARCHIVE_WARC = os.environ.get("RDARCHIVE_WARC", "1") != "0"
RDARCHIVE_WARC_DIR = os.environ.get("RDARCHIVE_WARC_DIR")
RDARCHIVE_WARC_MAX_BYTES = int(os.environ.get("RDARCHIVE_WARC_MAX_BYTES", 1_000_000_000))
ITEM_PIPELINES = {
    "crawlers.item_pipelines.ExtractPipeline": 100,
    "crawlers.item_pipelines.CleanPipeline": 200,
    "crawlers.item_pipelines.MetadataPipeline": 300,
    "crawlers.item_pipelines.FingerprintPipeline": 400,
    "crawlers.item_pipelines.StorePipeline": 900,
}
EXTENSIONS = {
    "crawlers.runs.RunRecorder": 100,
    # After the recorder: at spider_closed it writes what waited for the database once the run is closed.
    "crawlers.spool.Spool": 200,
}

if RDARCHIVE_REPLAY:
    from crawlers.replay import replay_settings

    globals().update(replay_settings(RDARCHIVE_REPLAY))
