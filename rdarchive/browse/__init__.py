"""The archive in a browser: the Datasette plugin, pages and templates behind `rdarchive serve`."""
