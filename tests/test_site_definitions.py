"""Site definitions as data (crawlers/definitions.py, crawlers/sites/*.toml).

Validation errors name the file and the key; data-defined sites are found like module-defined ones
(the spider loader, `scrapy list`, `rdarchive sites`); and five sites of the CMS-family world, defined
only by a TOML file each (tests/fixtures/cms/definitions/), are crawled end to end through the real
engine and compared with the world's expected articles.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawlers.base import CongressSpider
from crawlers.definitions import DEFINITIONS_DIR, DefinitionError, defined_spiders, load_site, read_definition
from crawlers.spiderloader import SiteSpiderLoader
from crawlers.trs import TRSSpider
from rdarchive.spiders import all_spiders, project_settings, spider_for
from tests.cms_world import reachable, summary
from tests.conftest import FIXTURES, ROOT
from tests.site_checks import crawl_fixture_site, stored_value

CMS = FIXTURES / "cms"
VALID = """
slug = "testrd"
name = "测试人大"
jurisdiction = "410425"
start_urls = ["http://www.testrd.example/news/"]
allowed_domains = ["www.testrd.example"]
article_patterns = ['/\\d+\\.html$']
"""


def write(tmp_path: Path, text: str, name: str = "testrd.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    with pytest.raises(DefinitionError) as e:
        read_definition(write(tmp_path, text))
    return str(e.value)


# -- validation ------------------------------------------------------------------------------------
def test_valid_definition_reads(tmp_path):
    assert read_definition(write(tmp_path, VALID)).slug == "testrd"


def test_unknown_key_names_file_and_key(tmp_path):
    message = error_of(tmp_path, VALID + 'artcle_patterns = ["x"]\n')
    assert message.startswith(str(tmp_path / "testrd.toml")) and "key 'artcle_patterns': unknown key" in message


def test_unknown_template_key_names_its_place(tmp_path):
    message = error_of(tmp_path, VALID + '[[templates]]\nname = "t"\ndetect_css = "div"\nbodyy = ["div"]\n')
    assert "key 'templates[0].bodyy': unknown key" in message


def test_bad_regex_names_the_key(tmp_path):
    message = error_of(tmp_path, VALID.replace("article_patterns = ['/\\d+\\.html$']", "article_patterns = ['(']"))
    assert "key 'article_patterns[0]': not a regular expression" in message


def test_bad_code_is_an_error(tmp_path):
    assert "key 'jurisdiction'" in error_of(tmp_path, VALID.replace('"410425"', '"41042"'))


def test_code_missing_from_the_gazetteer_is_an_error(tmp_path):
    message = error_of(tmp_path, VALID.replace('"410425"', '"410499"'))
    assert "key 'jurisdiction': 410499 is not an administrative unit in the gazetteer" in message


def test_national_jurisdiction_has_no_region():
    assert read_definition(DEFINITIONS_DIR / "npc.toml").region_code is None


def test_missing_key_is_named(tmp_path):
    assert "key 'allowed_domains': required key is missing" in error_of(
        tmp_path, VALID.replace('allowed_domains = ["www.testrd.example"]\n', "")
    )


def test_start_url_outside_the_domains_is_an_error(tmp_path):
    message = error_of(tmp_path, VALID.replace("http://www.testrd.example/news/", "http://elsewhere.example/"))
    assert "start_urls: http://elsewhere.example/ is not on an allowed domain" in message


def test_family_key_of_another_family_is_an_error(tmp_path):
    assert "first_page_number: only for family 'trs'" in error_of(tmp_path, VALID + "first_page_number = 2\n")


def test_pagination_scope_needs_a_group(tmp_path):
    assert "pagination_scope: a regex needs one group" in error_of(tmp_path, VALID + "pagination_scope = 'a+'\n")


def test_template_needs_a_detector(tmp_path):
    assert "needs detect_css or detect_regex" in error_of(tmp_path, VALID + '[[templates]]\nname = "t"\n')


def test_bad_toml_names_the_file(tmp_path):
    message = error_of(tmp_path, "slug = \n")
    assert message.startswith(str(tmp_path / "testrd.toml")) and "not valid TOML" in message


def test_duplicate_slug_across_files_names_both(tmp_path):
    write(tmp_path, VALID, "a.toml")
    write(tmp_path, VALID, "b.toml")
    with pytest.raises(DefinitionError, match=r"b\.toml: key 'slug': 'testrd' is already defined in .*a\.toml"):
        defined_spiders([tmp_path])


def test_slug_of_a_site_module_is_an_error(tmp_path):
    write(tmp_path, VALID.replace('slug = "testrd"', 'slug = "hnrd"'))
    settings = project_settings().copy()
    settings.set("RDARCHIVE_SITE_DIRS", [str(tmp_path)])
    with pytest.raises(DefinitionError, match=r"testrd\.toml: key 'slug': 'hnrd' is already the site module"):
        SiteSpiderLoader(settings)


def test_missing_definitions_folder_is_an_error(tmp_path):
    with pytest.raises(DefinitionError, match="no such folder of site definitions"):
        defined_spiders([tmp_path / "nowhere"])


def test_cli_reports_a_bad_definition_in_one_line(tmp_path):
    write(tmp_path, VALID + "bogus = 1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "rdarchive.cli", "sites", "--db", f"sqlite:///{tmp_path / 'a.db'}"],
        capture_output=True,
        text=True,
        env={"RDARCHIVE_SITE_DIRS": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )
    assert (proc.returncode, proc.stderr.strip().count("\n"), "key 'bogus': unknown key" in proc.stderr) == (2, 0, True)


# -- the generated classes -------------------------------------------------------------------------
def test_family_base_is_used():
    assert issubclass(spider_for("npc"), TRSSpider)


def test_patterns_without_family_use_the_shared_base(tmp_path):
    assert load_site(write(tmp_path, VALID)).__mro__[1] is CongressSpider


def test_province_comes_from_the_jurisdiction(tmp_path):
    assert load_site(write(tmp_path, VALID)).province == "河南省"


def test_same_class_on_every_lookup():
    assert spider_for("bjrd") is spider_for("bjrd")


def test_defined_and_module_sites_listed_together():
    spiders = all_spiders()
    assert {"npc", "bjrd", "hnrd", "qhrd"} <= set(spiders)


def test_shipped_definitions_are_data_sites():
    shipped = {p.stem for p in DEFINITIONS_DIR.glob("*.toml")}
    assert shipped and all(getattr(all_spiders()[s], "definition_file", "").endswith(f"{s}.toml") for s in shipped)


def test_extra_folder_adds_a_site(tmp_path):
    write(tmp_path, VALID)
    settings = project_settings().copy()
    settings.set("RDARCHIVE_SITE_DIRS", [str(tmp_path)])
    assert SiteSpiderLoader(settings).load("testrd").allowed_domains == ["www.testrd.example"]


def test_scrapy_list_shows_data_defined_sites():
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("scrapy")), "list"], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert {"npc", "bjrd", "hnrd"} <= set(proc.stdout.split())


def test_rdarchive_sites_lists_a_site_from_an_extra_folder(tmp_path):
    write(tmp_path, VALID)
    proc = subprocess.run(
        [sys.executable, "-m", "rdarchive.cli", "sites", "--json", "--db", f"sqlite:///{tmp_path / 'a.db'}"],
        capture_output=True,
        text=True,
        env={"RDARCHIVE_SITE_DIRS": str(tmp_path), "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
        check=True,
    )
    row = next(r for r in json.loads(proc.stdout) if r["site"] == "testrd")
    assert (row["name"], row["jurisdiction"]) == ("测试人大", "河南省 平顶山市 郏县")


# -- five CMS-world sites defined only as data, crawled end to end --------------------------------
FAMILIES = sorted(p.stem for p in (CMS / "definitions").glob("*.toml"))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    results = {}
    for family in FAMILIES:
        spider = load_site(CMS / "definitions" / f"{family}.toml")
        results[family] = crawl_fixture_site(spider, tmp_path_factory.mktemp(family), root=CMS / family / "site")
    return results


def test_five_families_defined():
    assert FAMILIES == ["dedecms", "jsonlist", "legacy", "phpcms", "wordpress"]


@pytest.mark.parametrize("family", FAMILIES)
def test_every_reachable_article_stored(crawled, family):
    assert sorted(crawled[family].records) == sorted(reachable(family))


@pytest.mark.parametrize("family", FAMILIES)
def test_run_succeeded_without_failures(crawled, family):
    run = crawled[family].run
    assert (run.status, [f.reason for f in run.failures]) == ("succeeded", [])


@pytest.mark.parametrize("family", FAMILIES)
def test_second_list_pages_followed(crawled, family):
    pages = [u for c in summary(family)["channels"] for u in c["list_pages"][1:]]
    assert pages and set(pages) <= set(crawled[family].requested)


@pytest.mark.parametrize("family", FAMILIES)
def test_links_never_to_follow_not_requested(crawled, family):
    assert set(summary(family)["never_request"]) & set(crawled[family].requested) == set()


@pytest.mark.parametrize("family", FAMILIES)
def test_tracking_duplicates_not_stored(crawled, family):
    assert set(summary(family)["tracking_duplicates"]) & set(crawled[family].records) == set()


FIELDS = ("title", "published_at", "source", "authors", "body_start", "body_end", "region_code")


def pytest_generate_tests(metafunc):
    if "field_case" in metafunc.fixturenames:
        cases = [(f, u, k) for f in FAMILIES for u in sorted(reachable(f)) for k in FIELDS]
        metafunc.parametrize("field_case", cases, ids=[f"{f}-{u.rsplit('/', 1)[-1]}-{k}" for f, u, k in cases])


def test_field(crawled, field_case):
    family, url, field = field_case
    assert stored_value(crawled[family].records[url], field) == reachable(family)[url][field]
