"""Chinese full-text search: the index text, the query language and its SQL, per backend.

Chinese has no spaces between words, so the index holds character bigrams of
the normalised (NFKC, simplified) text. A run of letters that are not ASCII
(汉字 and any other script) becomes its overlapping bigrams followed by its
last character alone, which marks where the run ends:

    人大常委会，2024年  ->  人大 大常 常委 委会 会 2024 年

ASCII letters and digits form whole words (lower-cased). A search term is
tokenised the same way and matched as a phrase of consecutive tokens, so
"常委会会议" finds exactly that character sequence (never across punctuation)
and a two-character word is one token. A one-character term is a prefix token
(人* matches every bigram starting with 人, and 人 closing a run).

Backends:

* SQLite: FTS5 table ``articles_fts`` (external content: the ``search_title``,
  ``search_body`` and ``search_tags`` columns of ``articles``, kept in sync by
  triggers), ascii tokenizer (splits on ASCII spaces and punctuation only,
  every other character is part of a token). Phrases are FTS5 phrases;
  relevance is bm25. Filters on site, region and date are tags in the third
  column (see search_tags), intersected by FTS5 itself.
* PostgreSQL: generated column ``search_vector`` (tsvector of the same token
  text, title weighted A, body B) with a GIN index. A term of one token is a
  lexeme match; a longer term also needs its tokens consecutive, checked on
  the token text (tsvector positions stop at 16383, so they cannot be
  trusted for long documents). Relevance is ts_rank.

The user's query never reaches either engine as syntax: it is parsed here
(terms, "quoted phrases", AND / OR / NOT, parentheses) and compiled from the
tokens, which contain nothing but letters and digits, into an expression that
is passed as a bound parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from models.types import SHANGHAI
from pipelines.textnorm import normalize_text

FTS_TABLE = "articles_fts"
# ASCII letters and digits make words; any other letter or digit is bigrammed.
_SEGMENT = re.compile(r"(?P<word>[0-9a-z]+)|(?P<run>[^\W_0-9a-zA-Z]+)")
# Budget of distinct-token bytes per column: PostgreSQL refuses a tsvector whose
# lexemes take more than 1 MB. Ordinary articles never come near it; only the
# tail of an enormous document (a few hundred thousand characters of varied
# text) is left out of the index, on both backends alike.
MAX_DISTINCT_BYTES = 700_000
MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
MAX_DEPTH = 16


class QueryError(ValueError):
    """A search query that cannot be understood; the message says why."""


# --------------------------------------------------------------------- index
def index_text(normalized: str | None) -> str:
    """The token text stored for an already normalised text ("" for none)."""
    if not normalized:
        return ""
    tokens = _tokens(normalized.lower())
    distinct = set(tokens)
    # Fast bound (a character is at most 4 bytes); count exactly only when near the budget.
    if sum(map(len, distinct)) * 4 + 4 * len(distinct) > MAX_DISTINCT_BYTES:
        seen: set[str] = set()
        budget = MAX_DISTINCT_BYTES
        for n, tok in enumerate(tokens):
            if tok not in seen:
                seen.add(tok)
                budget -= len(tok.encode("utf-8")) + 4
                if budget < 0:
                    tokens = tokens[:n]
                    break
    return " ".join(tokens)


def _tokens(text: str) -> list[str]:
    out: list[str] = []
    add, extend = out.append, out.extend
    for m in _SEGMENT.finditer(text):
        run = m.group()
        if m.lastgroup == "word" or len(run) == 1:
            add(run)
        else:
            extend(map(str.__add__, run[:-1], run[1:]))
            add(run[-1])
    return out


def search_columns(title: str | None, subtitle: str | None, body_normalized: str | None) -> tuple[str, str]:
    """(search_title, search_body) of an article; `title` in either script (or its normalised form)."""
    head = normalize_text("\n".join(filter(None, (title, subtitle))))
    return index_text(head), index_text(body_normalized)


# ------------------------------------------------------------------- tags
# SQLite only: the filters search offers (site, region, date) as tokens of a
# third FTS column, so FTS5 intersects them with the words instead of the
# engine visiting every matching row. User queries never reach this column.
def _tag_name(name: str) -> str:
    return "".join(ch for ch in normalize_text(name).lower() if ch.isalnum())


def search_tags(
    site_id: int | None,
    province: str | None,
    province_code: str | None,
    city: str | None,
    city_code: str | None,
    county: str | None,
    county_code: str | None,
    region_code: str | None,
    published_at: datetime | None,
) -> str:
    tags = [f"zs{site_id}"] if site_id is not None else []
    if province_code:
        tags.append("zp" + _tag_name(province_code))
    if province:
        tags.append("zpn" + _tag_name(province))
    tags += [
        "zg" + _tag_name(c) for c in dict.fromkeys(filter(None, (province_code, city_code, county_code, region_code)))
    ]
    tags += ["zgn" + _tag_name(n) for n in dict.fromkeys(filter(None, (province, city, county)))]
    if published_at is not None:
        d = published_at.astimezone(SHANGHAI)
        tags += [f"zy{d:%Y}", f"zm{d:%Y%m}", f"zd{d:%Y%m%d}"]
    return " ".join(t for t in tags if len(t) > 2)


def article_tags(row: Any) -> str:
    """search_tags of an Article row (or anything with its attributes)."""
    return search_tags(
        row.site_id,
        row.province,
        row.province_code,
        row.city,
        row.city_code,
        row.county,
        row.county_code,
        row.region_code,
        row.published_at,
    )


def tag_prefix(kind: str, value: str) -> str:
    """FTS5 phrase matching tags that begin with value: "zp43" *."""
    return f'"{kind}{_tag_name(value)}" *'


def tag_any(tags: Iterable[str]) -> str:
    return "(" + " OR ".join(f'"{t}"' for t in tags) + ")"


DATE_FLOOR, DATE_CEILING = date(1900, 1, 1), date(2200, 1, 1)


def date_tags(start: date | None, end: date | None) -> list[str]:
    """Tags covering the days [start, end) with as few year / month / day tags as possible."""
    d, end = max(start or DATE_FLOOR, DATE_FLOOR), min(end or DATE_CEILING, DATE_CEILING)
    out: list[str] = []
    while d < end:
        next_year = date(d.year + 1, 1, 1)
        next_month = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        if d.month == 1 and d.day == 1 and next_year <= end:
            out.append(f"zy{d:%Y}")
            d = next_year
        elif d.day == 1 and next_month <= end:
            out.append(f"zm{d:%Y%m}")
            d = next_month
        else:
            out.append(f"zd{d:%Y%m%d}")
            d += timedelta(days=1)
    return out


TEXT_COLUMNS = ("search_title", "search_body")


def fts5_with_tags(node: Node, tag_exprs: Iterable[str], columns: Iterable[str] = TEXT_COLUMNS) -> str:
    """The words on the text columns (or only some of them), the filters on the tag column."""
    parts = ["{" + " ".join(columns) + "} : (" + fts5_expression(node) + ")"]
    parts += [f"search_tags : ({t})" for t in tag_exprs]
    return " AND ".join(parts)


# --------------------------------------------------------------------- query
@dataclass(frozen=True)
class Term:
    text: str  # the normalised term as typed (for highlighting)
    tokens: tuple[str, ...]
    prefix: bool = False  # the last token matches any token it begins


@dataclass(frozen=True)
class And:
    positive: tuple[Node, ...]
    negative: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    child: Node


Node = Term | And | Or | Not


def term_tokens(text: str) -> tuple[tuple[str, ...], bool]:
    """Tokens of one (normalised) term and whether its last token is a prefix."""
    segs = [(m.lastgroup, m.group()) for m in _SEGMENT.finditer(text.lower())]
    tokens: list[str] = []
    prefix = False
    for i, (kind, seg) in enumerate(segs):
        last = i == len(segs) - 1
        if kind == "word":
            tokens.append(seg)
        elif last:
            # The run may continue in the text: its bigrams only (or a prefix).
            if len(seg) == 1:
                tokens.append(seg)
                prefix = True
            else:
                tokens.extend(seg[j : j + 2] for j in range(len(seg) - 1))
        else:
            # Something follows the run inside the term: the run ends here in
            # the text too, so its closing single character is there as well.
            if len(seg) > 1:
                tokens.extend(seg[j : j + 2] for j in range(len(seg) - 1))
            tokens.append(seg[-1])
    return tuple(tokens), prefix


_LEX = re.compile(r'\s+|(?P<lp>\()|(?P<rp>\))|(?P<q>["“”])|(?P<w>[^\s()"“”]+)')
OPERATORS = {"AND", "OR", "NOT"}


def _lex(query: str) -> list[tuple[str, str]]:
    items: list[tuple[str, str]] = []
    pos = 0
    while pos < len(query):
        m = _LEX.match(query, pos)
        assert m is not None
        if m.group("q"):
            close = re.compile(r'["“”]').search(query, m.end())
            if close is None:
                raise QueryError('unclosed quote: a phrase starts with " and ends with "')
            items.append(("phrase", query[m.end() : close.start()]))
            pos = close.end()
            continue
        if m.group("lp"):
            items.append(("(", "("))
        elif m.group("rp"):
            items.append((")", ")"))
        elif m.group("w"):
            word = m.group("w")
            items.append(("op", word) if word in OPERATORS else ("word", word))
        pos = m.end()
    return items


class _Parser:
    def __init__(self, items: list[tuple[str, str]]):
        self.items = items
        self.i = 0
        self.terms = 0

    def peek(self) -> tuple[str, str] | None:
        return self.items[self.i] if self.i < len(self.items) else None

    def next_kind(self) -> str | None:
        item = self.peek()
        return item[0] if item is not None else None

    def take(self) -> tuple[str, str]:
        item = self.items[self.i]
        self.i += 1
        return item

    def parse(self) -> Node:
        node = self.or_expr(0)
        item = self.peek()
        if item is not None:
            kind, value = item
            if kind == ")":
                raise QueryError("unbalanced parentheses: a ) without its (")
            raise QueryError(f"unexpected {value!r}")
        return node

    def or_expr(self, depth: int) -> Node:
        children = [self.and_expr(depth)]
        while self.peek() == ("op", "OR"):
            self.take()
            if self.next_kind() in (None, ")"):
                raise QueryError("OR needs a term on both sides")
            children.append(self.and_expr(depth))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self, depth: int) -> Node:
        children = [self.unary(depth)]
        while True:
            nxt = self.peek()
            if nxt is None or nxt[0] == ")" or nxt == ("op", "OR"):
                break
            if nxt == ("op", "AND"):
                self.take()
                if self.next_kind() in (None, ")") or self.peek() == ("op", "OR"):
                    raise QueryError("AND needs a term on both sides")
            children.append(self.unary(depth))
        if len(children) == 1:
            return children[0]
        return And(tuple(children))

    def unary(self, depth: int) -> Node:
        item = self.peek()
        if item is None:
            raise QueryError("the query ends where a term was expected")
        kind, value = item
        if kind == "op":
            if value != "NOT":
                raise QueryError(f"{value} needs a term on both sides")
            self.take()
            if self.next_kind() in (None, ")"):
                raise QueryError("NOT needs a term after it")
            return Not(self.unary(depth))
        if kind == "(":
            if depth >= MAX_DEPTH:
                raise QueryError(f"too many nested parentheses (at most {MAX_DEPTH})")
            self.take()
            if self.next_kind() == ")":
                raise QueryError("empty parentheses")
            node = self.or_expr(depth + 1)
            if self.next_kind() != ")":
                raise QueryError("unbalanced parentheses: a ( without its )")
            self.take()
            return node
        if kind == ")":
            raise QueryError("unbalanced parentheses: a ) without its (")
        self.take()
        tokens, prefix = term_tokens(value)
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many terms (at most {MAX_TERMS})")
        return Term(value, tokens, prefix)


def parse_query(query: str) -> Node:
    """The normalised, checked query tree, or QueryError with a readable reason."""
    if query is None or not query.strip():
        raise QueryError("empty query: give at least one word to search for")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long (at most {MAX_QUERY_CHARS} characters)")
    text = normalize_text(query.replace("\n", " "))
    # Words without a letter or digit (punctuation, stray symbols) match nothing: drop them.
    items = [it for it in _lex(text) if it[0] not in ("word", "phrase") or term_tokens(it[1])[0]]
    if not any(kind in ("word", "phrase") for kind, _ in items):
        raise QueryError(f"nothing to search for in {query!r}: give a word with letters or digits")
    return _check(_Parser(items).parse())


def _check(node: Node) -> Node:
    """Flatten, and place every NOT where both engines can evaluate it: beside a positive term."""
    if isinstance(node, Term):
        return node
    if isinstance(node, Not):
        raise QueryError("NOT must follow something to search for, e.g. 人大 NOT 代表")
    if isinstance(node, Or):
        children: list[Node] = []
        for c in node.children:
            if isinstance(c, Not):
                raise QueryError("NOT cannot stand alone inside OR: write (a NOT b) OR c")
            c = _check(c)
            children.extend(c.children if isinstance(c, Or) else [c])
        return Or(tuple(children))
    assert isinstance(node, And)
    pos: list[Node] = []
    neg: list[Node] = []
    for c in node.positive:
        while isinstance(c, Not) and isinstance(c.child, Not):
            c = c.child.child
        if isinstance(c, Not):
            neg.append(_check_negated(c.child))
            continue
        c = _check(c)
        if isinstance(c, And):
            pos.extend(c.positive)
            neg.extend(c.negative)
        else:
            pos.append(c)
    if not pos:
        raise QueryError("NOT must follow something to search for, e.g. 人大 NOT 代表")
    if not neg and len(pos) == 1:
        return pos[0]
    return And(tuple(pos), tuple(neg))


def _check_negated(node: Node) -> Node:
    if isinstance(node, Not):
        raise QueryError("NOT NOT is not supported")
    return _check(node)


def positive_terms(node: Node) -> list[Term]:
    """The terms a match contains (for highlighting and ranking)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Or):
        return [t for c in node.children for t in positive_terms(c)]
    if isinstance(node, And):
        return [t for c in node.positive for t in positive_terms(c)]
    return []


# ---------------------------------------------------------------- SQLite FTS5
def fts5_expression(node: Node) -> str:
    """An FTS5 MATCH expression built only from our tokens (letters and digits)."""
    if isinstance(node, Term):
        return '"' + " ".join(node.tokens) + '"' + (" *" if node.prefix else "")
    if isinstance(node, Or):
        return "(" + " OR ".join(fts5_expression(c) for c in node.children) + ")"
    if isinstance(node, And):
        expr = "(" + " AND ".join(fts5_expression(c) for c in node.positive) + ")"
        if node.negative:
            expr += " NOT (" + " OR ".join(fts5_expression(c) for c in node.negative) + ")"
        return expr
    raise AssertionError(node)


# --------------------------------------------------------------- PostgreSQL
def tsquery_of(terms: Iterable[Term], op: str = "&", weights: str = "") -> str:
    """A to_tsquery('simple', ...) string: quoted lexemes, prefix marks and weights (A: title), & or |."""
    parts = []
    for t in terms:
        lexemes = [f"'{tok}'" + (":" + weights if weights else "") for tok in t.tokens]
        if t.prefix:
            lexemes[-1] += ":*" if not weights else "*"
        parts.append("(" + " & ".join(lexemes) + ")")
    return f" {op} ".join(parts)


def like_pattern(term: Term) -> str:
    """LIKE pattern for the term's tokens in a row of ' '-padded token text."""
    # Tokens are letters and digits only: nothing to escape for LIKE.
    body = " ".join(term.tokens)
    return f"% {body}{'%' if term.prefix else ' %'}"


# --------------------------------------------------------------- highlighting
def term_regex(term: Term) -> re.Pattern[str]:
    """Where a term occurs in normalised text (for snippets)."""
    segs = [(m.lastgroup, m.group()) for m in _SEGMENT.finditer(term.text.lower())]
    parts = []
    for kind, seg in segs:
        if kind == "word":
            parts.append(r"(?<![0-9a-zA-Z])" + re.escape(seg) + r"(?![0-9a-zA-Z])")
        else:
            parts.append(re.escape(seg))
    return re.compile(r"[\W_]*".join(parts), re.IGNORECASE)


@dataclass
class Highlighter:
    terms: list[Term]
    patterns: list[re.Pattern[str]] = field(init=False)

    def __post_init__(self) -> None:
        self.patterns = [term_regex(t) for t in self.terms]

    def spans(self, text: str) -> list[tuple[int, int]]:
        found = sorted((m.start(), m.end()) for p in self.patterns for m in p.finditer(text) if m.end() > m.start())
        merged: list[tuple[int, int]] = []
        for s, e in found:
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], e))
            else:
                merged.append((s, e))
        return merged

    def snippet(self, text: str, width: int = 90, mark: tuple[str, str] = ("【", "】")) -> str:
        text = " ".join(text.split())
        spans = self.spans(text)
        start = max(0, spans[0][0] - width // 4) if spans else 0
        end = min(len(text), start + width)
        out, pos = [], start
        for s, e in spans:
            if s < start or s >= end:
                continue
            e = min(e, end)
            out.append(text[pos:s] + mark[0] + text[s:e] + mark[1])
            pos = e
        out.append(text[pos:end])
        return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")
