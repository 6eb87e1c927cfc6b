"""The Datasette plugin behind `rdarchive serve`: our pages, our query language, read-only, Beijing time.

Datasette is extended the way its users extend it, with plugin hooks and
templates (rdarchive/browse/templates), not by changing Datasette:

* register_routes: / (to the search page), /search, /article/<id>;
* asgi_wrapper: /replay/... passed to the pywb process (replay_proxy.py);
* prepare_connection: Datasette's escape_fts() becomes our query compiler, so
  Datasette's own search box takes `rdarchive search` queries too;
* permission_allowed: every write refused;
* render_cell: times in Beijing time with the zone, name lists as names,
  article ids and titles linking to their page;
* extra_css_urls: our style sheet (it names Chinese fonts) on every page.

Its settings come from the "rdarchive" plugin configuration that serve.py
writes into the metadata: the database URL, --live, and the replay origin.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from datasette import hookimpl
from datasette.utils.asgi import Response
from markupsafe import Markup, escape
from sqlalchemy.orm import Session, sessionmaker

from models import fulltext
from models.types import SHANGHAI
from rdarchive.browse import article_page, readonly, replay_proxy, search_page

NAME = "rdarchive"
HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
STATIC_MOUNT = "rdarchive-static"
WRITE_ACTIONS = {"insert-row", "delete-row", "update-row", "create-table", "alter-table", "drop-table", "upsert-row"}
# Stored as UTC (models/types.py); shown in Beijing time with the zone.
TIME_COLUMNS = {
    "published_at",
    "first_seen",
    "last_seen",
    "changed_at",
    "updated_at",
    "captured_at",
    "created_at",
    "started_at",
    "finished_at",
    "heartbeat_at",
    "at",
    "exported_at",
    "position",
}
NAME_LIST_COLUMNS = {"authors", "editors", "responsible_editors", "reviewers", "breadcrumb", "domains", "sites"}
ARTICLE_TABLES = {"articles", "articles_browse"}

_sessions: dict[tuple[str, bool], sessionmaker[Session]] = {}


def settings(datasette: Any) -> dict[str, Any]:
    return datasette.plugin_config(NAME) or {}


def sessions_of(datasette: Any) -> sessionmaker[Session]:
    conf = settings(datasette)
    key = (conf["db_url"], bool(conf.get("live")))
    if key not in _sessions:
        _sessions[key] = readonly.read_only_sessions(*key)
    return _sessions[key]


def fts_expression(query: str) -> str:
    """Datasette's escape_fts(), ours: the user's query compiled to an FTS5 expression."""
    try:
        return fulltext.fts5_with_tags(fulltext.parse_query(query), [])
    except fulltext.QueryError as e:
        raise ValueError(f"bad search query: {e}") from None


# ------------------------------------------------------------------ template filters
def marked(text: str | None) -> Markup:
    """A snippet with its match marks (search_page.MARKS) as <mark> elements, the rest escaped."""
    safe = str(escape(text or ""))
    return Markup(safe.replace(search_page.MARKS[0], "<mark>").replace(search_page.MARKS[1], "</mark>"))


def names(values: list[str] | None) -> str:
    return "、".join(values or [])


def beijing_cell(value: str) -> str | None:
    """A stored UTC time (text) as Beijing time with the zone; None if it is not a time."""
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC)
    return t.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S +08:00")


# ------------------------------------------------------------------------- views
async def _in_thread(fn: Any, *args: Any) -> Any:
    return await asyncio.to_thread(fn, *args)


async def render(datasette: Any, request: Any, template: str, context: dict[str, Any], status: int = 200) -> Response:
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def home(request: Any) -> Response:
    return Response.redirect("/search")


async def search_view(datasette: Any, request: Any) -> Response:
    args = {k: request.args.getlist(k) for k in request.args.keys()}
    try:
        params = search_page.Params.from_args(args)
    except ValueError as e:
        page = search_page.SearchPage(search_page.Params(q=(args.get("q") or [""])[-1]), error=str(e))
        return await render(datasette, request, "rd_search.html", {"page": page}, status=400)
    page = await _in_thread(search_page.run, sessions_of(datasette), params)
    return await render(datasette, request, "rd_search.html", {"page": page}, status=400 if page.error else 200)


def _version_arg(request: Any, name: str) -> int | None:
    value = request.args.get(name)
    if value in (None, ""):
        return None
    if not value.isdigit():
        raise ValueError(f"{name}={value!r}: a version number")
    return int(value)


async def article_view(datasette: Any, request: Any) -> Response:
    article_id = int(request.url_vars["id"])

    def load() -> article_page.ArticlePage | None:
        with sessions_of(datasette)() as s:
            return article_page.load(s, article_id, _version_arg(request, "from"), _version_arg(request, "to"))

    try:
        page = await _in_thread(load)
    except ValueError as e:
        return await render(datasette, request, "rd_error.html", {"message": str(e)}, status=400)
    if page is None:
        message = f"There is no article {article_id} in this archive."
        return await render(datasette, request, "rd_error.html", {"message": message}, status=404)
    context = {"a": page, "replay_available": bool(settings(datasette).get("replay_origin"))}
    return await render(datasette, request, "rd_article.html", context)


# ------------------------------------------------------------------------- hooks
@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [
        (r"^/$", home),
        (r"^/search$", search_view),
        (r"^/article/(?P<id>\d+)$", article_view),
    ]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    conf = settings(datasette)
    origin = conf.get("replay_origin")
    reason = conf.get("replay_unavailable") or "no replay process is running"
    return lambda app: replay_proxy.wrap(app, origin, reason)


@hookimpl(trylast=True)  # after Datasette's own escape_fts, so ours wins
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, fts_expression, deterministic=True)


@hookimpl
def permission_allowed(action: str) -> bool | None:
    return False if action in WRITE_ACTIONS else None


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["rd_marked"] = marked
    env.filters["rd_names"] = names


def tables_href(datasette: Any) -> str | None:
    """Datasette's table view of the archive's articles (SQLite archives only)."""
    names = [n for n in datasette.databases if not n.startswith("_")]
    return f"/{names[0]}/articles_browse" if names else None


@hookimpl
def extra_template_vars(request: Any, datasette: Any) -> dict[str, Any]:
    page_url = f"{request.scheme}://{request.host}{request.path}" if request is not None else ""
    return {"rd_tables_href": tables_href(datasette), "rd_page_url": page_url}


@hookimpl
def extra_css_urls() -> list[str]:
    return [f"/{STATIC_MOUNT}/rdarchive.css"]


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None) -> Any:
    if not isinstance(value, str | int) or value == "":
        return None
    if table in ARTICLE_TABLES and column == "id":
        return Markup(f'<a href="/article/{int(value)}">{int(value)}</a>')
    if table in ARTICLE_TABLES and column == "title" and "id" in row.keys():
        return Markup(f'<a href="/article/{int(row["id"])}">{escape(value)}</a>')
    if not isinstance(value, str):
        return None
    if column in TIME_COLUMNS:
        return beijing_cell(value)
    if column in NAME_LIST_COLUMNS and value.startswith("["):
        try:
            items = json.loads(value)
        except ValueError:
            return None
        return names([str(i) for i in items]) if isinstance(items, list) else None
    return None
