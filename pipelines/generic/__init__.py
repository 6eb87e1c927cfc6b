"""Extraction for pages no site template knows: body, furniture clean-up, byline and date.

body.py     the body: a text-density view (density.py) cross-checked with trafilatura
density.py  the text-density finder: lines, their prose weight, the densest element
clean.py    line-level removal of Chinese page furniture from an extracted body
meta.py     credits and publish date found among the page's lines

Rules here hold for any Chinese page: nothing is keyed to a site or a domain.
The package imports nothing at its top so that its modules can be imported
one by one (pipelines.bylines and pipelines.extract use some of them).
"""
