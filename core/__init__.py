"""The domain: what a page, an article, a site and a crawl outcome are.

Nothing in this package imports Scrapy or SQLAlchemy (an import-linter contract
checks it), so the pure stages, the store and the CLI share these types
without pulling in the crawler or the database.
"""
