"""Site definitions as data: one TOML file per site, turned into a spider class.

The definitions shipped with the project are `crawlers/sites/*.toml`; the setting
RDARCHIVE_SITE_DIRS (an environment variable of the same name, folders separated
by the OS path separator) adds folders of an archivist's own. A definition declares
what a site module declares (see crawlers/base.py and README "Adding a site"):

    slug = "ycrd"
    name = "银川市人大"
    jurisdiction = "640100"            # GB/T 2260 code, or "national"
    start_urls = ["http://rd.yinchuan.gov.cn/rdyw/"]
    allowed_domains = ["rd.yinchuan.gov.cn"]
    family = "trs"                     # base, trs, datepath, recordset; generic without patterns
    article_patterns = ['/\\d{6}/t\\d{8}_\\d+\\.html$']

    [[templates]]
    name = "ycrd-trs"
    detect_css = "div.TRS_Editor"
    title = ["div.title h1"]
    body = ["div.TRS_Editor"]

With URL patterns the site is walked by the shared base (or the named CMS family base);
without them by the generic spider (discovery, crawlers/generic.py). Mistakes are
errors that name the file and the key: unknown keys, bad regexes, a code the
gazetteer does not know, a slug used twice.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from crawlers.base import CongressSpider
from crawlers.datepath import DatePathSpider
from crawlers.recordset import RecordsetSpider
from crawlers.templates import Template
from crawlers.trs import TRSSpider
from pipelines.region import region_from_code

DEFINITIONS_DIR = Path(__file__).resolve().parent / "sites"
NATIONAL = "national"
SLUG_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
HOST_RE = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*$")

FAMILIES: dict[str, type[CongressSpider]] = {
    "base": CongressSpider,
    "trs": TRSSpider,
    "datepath": DatePathSpider,
    "recordset": RecordsetSpider,
}
# Keys that only mean something to one family base.
FAMILY_KEYS: dict[str, str] = {
    "first_page_number": "trs",
    "url_dates_trusted": "datepath",
    "recordset_path": "recordset",
    "recordset_params": "recordset",
    "per_page": "recordset",
    "column_param": "recordset",
    "column_id_patterns": "recordset",
    "list_rows_css": "recordset",
}


class DefinitionError(ValueError):
    """A site definition that cannot be used; the message names the file and the key."""


def _regex(value: str) -> str:
    try:
        re.compile(value)
    except re.error as e:
        raise ValueError(f"not a regular expression ({e}): {value!r}") from None
    return value


def _host(value: str) -> str:
    if not HOST_RE.match(value):
        raise ValueError(f"not a host name: {value!r} (expected e.g. www.example.gov.cn, no scheme or path)")
    return value


def _url(value: str) -> str:
    if not re.match(r"^https?://[^/\s]+", value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


def _jurisdiction(value: str) -> str:
    if value == NATIONAL:
        return value
    if not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"expected a 6-digit GB/T 2260 code or {NATIONAL!r}, got {value!r}")
    region = region_from_code(value)
    # The unit itself must be in the table, not only the province or city above it.
    unit = region.county_code if value[4:] != "00" else region.city_code if value[2:4] != "00" else region.province_code
    if unit != value:
        raise ValueError(f"{value} is not an administrative unit in the gazetteer (cpca's GB/T 2260 table)")
    return value


def check_jurisdiction(value: str) -> str:
    """A jurisdiction as definitions and `crawl --region` take it; ValueError says what is wrong."""
    return _jurisdiction(value)


Regex = Annotated[str, AfterValidator(_regex)]


class TemplateSpec(BaseModel):
    """One template generation (crawlers/templates.py Template) as data."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    detect_css: str | None = None
    detect_regex: Regex | None = None
    title: list[str] = []
    subtitle: list[str] = []
    title_regex: list[Regex] = []
    subtitle_regex: list[Regex] = []
    byline: list[str] = []
    date: list[str] = []
    date_regex: list[Regex] = []
    breadcrumb: str | None = None
    body: list[str] = []
    url_date_allowed: bool = False
    notes: str = ""

    @model_validator(mode="after")
    def _detectable(self) -> TemplateSpec:
        if not (self.detect_css or self.detect_regex):
            raise ValueError("a template needs detect_css or detect_regex (how its pages are recognised)")
        return self

    def template(self) -> Template:
        values: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in self.model_dump().items()}
        return Template(**values)


class SiteDefinition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: Annotated[str, Field(pattern=SLUG_RE.pattern)]
    name: str
    jurisdiction: Annotated[str, AfterValidator(_jurisdiction)]
    start_urls: Annotated[list[Annotated[str, AfterValidator(_url)]], Field(min_length=1)]
    allowed_domains: Annotated[list[Annotated[str, AfterValidator(_host)]], Field(min_length=1)]
    denied_domains: list[Annotated[str, AfterValidator(_host)]] = []
    family: Literal["generic", "base", "trs", "datepath", "recordset"] | None = None
    article_patterns: list[Regex] = []
    list_patterns: list[Regex] = []
    channel_patterns: list[Regex] = []
    pagination_scope: str | None = None
    follow_pagination: bool = True
    max_list_pages: Annotated[int, Field(gt=0)] = 500
    list_crumbs_css: str | None = None
    # Family keys (FAMILY_KEYS): None where the family base's own default holds.
    first_page_number: Annotated[int, Field(ge=0)] | None = None
    url_dates_trusted: bool | None = None
    recordset_path: str | None = None
    recordset_params: list[Annotated[list[str], Field(min_length=2, max_length=2)]] | None = None
    per_page: Annotated[int, Field(gt=0)] | None = None
    column_param: str | None = None
    column_id_patterns: list[Regex] | None = None
    list_rows_css: str | None = None
    evidence: Literal["confirmed", "partly guessed", "guessed"] = "confirmed"
    evidence_note: str = ""
    official: bool = True
    unsupported: str | None = None
    notes: str = ""
    templates: list[TemplateSpec] = []
    # True where the templates cover only some pages and generic extraction reads the others on
    # purpose: those pages then count as no template drift.
    generic_pages_expected: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> SiteDefinition:
        if self.pagination_scope not in (None, "folder"):
            try:
                groups = re.compile(self.pagination_scope).groups
            except re.error as e:
                raise ValueError(f"pagination_scope: not a regular expression ({e})") from None
            if groups < 1:
                raise ValueError("pagination_scope: a regex needs one group (the column id), or use 'folder'")
        family = self.site_family
        if family == "generic" and (self.article_patterns or self.templates):
            raise ValueError("family 'generic' takes no article_patterns or templates (discovery finds them)")
        for key, owner in FAMILY_KEYS.items():
            if getattr(self, key) is not None and family != owner:
                raise ValueError(f"{key}: only for family {owner!r} (this definition's family is {family!r})")
        for url in self.start_urls:
            host = re.sub(r"^https?://([^/:?#]+).*$", r"\1", url).lower()
            if not any(host == d or host.endswith("." + d) for d in self.allowed_domains):
                raise ValueError(f"start_urls: {url} is not on an allowed domain ({', '.join(self.allowed_domains)})")
        return self

    @property
    def site_family(self) -> str:
        """The family named, else the shared base with patterns and the generic spider without."""
        if self.family:
            return self.family
        return "base" if self.article_patterns or self.unsupported else "generic"

    @property
    def region_code(self) -> str | None:
        return None if self.jurisdiction == NATIONAL else self.jurisdiction


class DefinedSite:
    """Marks a spider class made from a definition file (`definition_file` says which)."""

    definition_file: ClassVar[str]


def read_definition(path: Path) -> SiteDefinition:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as e:
        raise DefinitionError(f"{path}: cannot be read: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise DefinitionError(f"{path}: not valid TOML: {e}") from None
    try:
        return SiteDefinition.model_validate(data)
    except ValidationError as e:
        raise DefinitionError(f"{path}: {_explain(e)}") from None


def _explain(error: ValidationError) -> str:
    """Each problem as `key 'a.b[0]': message`, on one line."""
    parts = []
    for problem in error.errors():
        key = ""
        for item in problem["loc"]:
            key += f"[{item}]" if isinstance(item, int) else (f".{item}" if key else str(item))
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown key (see crawlers/definitions.py for the keys a definition takes)"
        elif problem["type"] == "missing":
            message = "required key is missing"
        parts.append(f"key '{key}': {message}" if key else message)
    return "; ".join(parts)


def spider_class(definition: SiteDefinition, path: Path) -> type[CongressSpider]:
    """The spider class of a definition: the family base with the definition's declarations."""
    region = region_from_code(definition.region_code) if definition.region_code else None
    attrs: dict[str, Any] = {
        "name": definition.slug,
        "site_name": definition.name,
        "province": region.province if region else None,
        "region_code": definition.region_code,
        "allowed_domains": list(definition.allowed_domains),
        "denied_domains": tuple(definition.denied_domains),
        "start_channels": tuple(definition.start_urls),
        "evidence": definition.evidence,
        "evidence_note": definition.evidence_note,
        "official": definition.official,
        "unsupported": definition.unsupported,
        "definition_file": str(path),
        "__doc__": definition.notes or f"{definition.name}: defined in {path.name}",
        "__module__": __name__,
    }
    family = definition.site_family
    class_name = "".join(part.capitalize() for part in re.split(r"[-_]", definition.slug)) + "Spider"
    if family == "generic":
        return _generic_class(definition, path, class_name, attrs)
    attrs |= {
        "article_patterns": tuple(definition.article_patterns),
        "list_patterns": tuple(definition.list_patterns),
        "channel_patterns": tuple(definition.channel_patterns),
        "pagination_scope": definition.pagination_scope,
        "follow_pagination": definition.follow_pagination,
        "max_list_pages": definition.max_list_pages,
        "templates": tuple(t.template() for t in definition.templates),
        "generic_pages_expected": definition.generic_pages_expected,
    }
    if definition.list_crumbs_css:
        attrs["list_crumbs_css"] = definition.list_crumbs_css
    for key in FAMILY_KEYS:
        value = getattr(definition, key)
        if value is not None:
            attrs[key] = tuple(tuple(v) for v in value) if key == "recordset_params" else value
            if key == "column_id_patterns":
                attrs[key] = tuple(value)
    return type(class_name, (FAMILIES[family], DefinedSite), attrs)


def _generic_class(
    definition: SiteDefinition, path: Path, class_name: str, attrs: dict[str, Any]
) -> type[CongressSpider]:
    try:
        # Imported here: the generic spider pulls in discovery, which module-defined sites never need.
        generic = importlib.import_module("crawlers.generic")
    except ImportError as e:
        raise DefinitionError(
            f"{path}: no article_patterns, so the site needs the generic spider, which is not available ({e})"
        ) from None
    base = generic.generic_site(
        list(definition.start_urls),
        slug=definition.slug,
        domains=definition.allowed_domains,
        region_code=definition.region_code,
        site_name=definition.name,
    )
    return type(class_name, (base, DefinedSite), attrs)


def definition_dirs(extra: Iterable[str | Path] = ()) -> list[Path]:
    """The shipped definitions folder, then each extra folder (RDARCHIVE_SITE_DIRS)."""
    dirs = [DEFINITIONS_DIR, *(Path(d) for d in extra if str(d))]
    return list(dict.fromkeys(d.resolve() for d in dirs))


def defined_spiders(dirs: Sequence[Path]) -> dict[str, type[CongressSpider]]:
    """Every definition in these folders as a spider class, by slug; a slug twice is an error.

    One class per slug for as long as its file is unchanged: the CLI and tests ask for the
    spiders many times in one process, and a site's class should be the same object each time."""
    for folder in dirs:
        if not folder.is_dir():
            raise DefinitionError(f"{folder}: no such folder of site definitions (RDARCHIVE_SITE_DIRS)")
    stamp = tuple((str(p), p.stat().st_mtime_ns) for folder in dirs for p in sorted(folder.glob("*.toml")))
    return dict(_defined_spiders(tuple(dirs), stamp))


@lru_cache(maxsize=8)
def _defined_spiders(dirs: tuple[Path, ...], stamp: tuple[tuple[str, int], ...]) -> dict[str, type[CongressSpider]]:
    spiders: dict[str, type[CongressSpider]] = {}
    files: dict[str, Path] = {}
    for folder in dirs:
        for path in sorted(folder.glob("*.toml")):
            definition = read_definition(path)
            if definition.slug in files:
                raise DefinitionError(
                    f"{path}: key 'slug': {definition.slug!r} is already defined in {files[definition.slug]}"
                )
            files[definition.slug] = path
            spiders[definition.slug] = spider_class(definition, path)
    return spiders


def load_site(path: Path) -> type[CongressSpider]:
    """The spider class of one definition file (tests, `rdarchive probe --save` checks)."""
    return spider_class(read_definition(path), path)
