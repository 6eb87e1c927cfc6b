"""What a person sees: headless Chromium opens the search page, searches, opens an article, follows its archived copy.

Debian's chromium and chromium-driver, driven by selenium; `make test` installs
them with a CJK font (`make browser`), and these tests skip with the reason
when they are missing. The journey runs once (tests/browse_world.py's archive,
served by `rdarchive serve` with its pywb replay); each test checks one thing
it showed. Chromium resolves no host name but 127.0.0.1's (--host-resolver-rules)
and every request it made is read from its performance log: none may leave the
machine, though the replayed pages name scripts and images on other hosts.

Screenshots of the three pages are taken every run; with RDARCHIVE_SCREENSHOTS
set to a folder (`make screenshots`: docs/img) they are written there for the README.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rdarchive.replay import pywb_python
from tests.browse_world import OFFSITE_RESOURCES
from tests.serve_process import ServeProcess

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
QUERY = "座谈会 十二位代表"
# The flags a headless Chromium needs on a machine with no network (see the project's machine notes).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--lang=zh-CN",
    "--window-size=1280,900",
    # Any host name but the loopback address fails to resolve: a page that escaped the
    # archive would show up as a failed request in the log, never as traffic.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def missing() -> str | None:
    if CHROMIUM is None or CHROMEDRIVER is None:
        return "Debian's chromium and chromium-driver are not installed (`make browser` installs them as root)"
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout
    if not fonts.strip():
        return "no font with Chinese glyphs is installed (Debian: fonts-wqy-microhei or fonts-noto-cjk)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if pywb_python() is None:
        return "pywb is not installed (make install puts it in .venv/pywb)"
    return None


pytestmark = pytest.mark.skipif(missing() is not None, reason=str(missing()))


@dataclass
class Journey:
    base: str
    search_titles: list[str] = field(default_factory=list)
    highlighted: list[str] = field(default_factory=list)
    highlight_background: str = ""
    body_font: str = ""
    article_title: str = ""
    article_published: str = ""
    deleted: list[str] = field(default_factory=list)
    inserted: list[str] = field(default_factory=list)
    archived_text: str = ""
    archived_bar: str = ""
    repost_archived_text: str = ""
    requested: list[str] = field(default_factory=list)
    screenshots: dict[str, Path] = field(default_factory=dict)


def requests_made(driver) -> list[str]:
    """Every URL the browser asked for since the last call (Chromium's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def full_page(driver, path: Path) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 900), 3000))
    time.sleep(0.3)
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 900)
    return path


@pytest.fixture(scope="module")
def journey(browse_world, tmp_path_factory) -> Journey:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    shots = Path(os.environ.get("RDARCHIVE_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    server = ServeProcess(browse_world.db_url).wait()
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    profile = tempfile.mkdtemp(prefix="rdarchive-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    wait = WebDriverWait(driver, 60)
    j = Journey(server.base)
    try:
        # The search page: type the query as a person would, press the button.
        driver.get(f"{server.base}/search")
        box = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "input[name=q]")))
        box.send_keys(QUERY)
        driver.find_element(By.CSS_SELECTOR, ".rd-searchbox button").click()
        wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".rd-hit")))
        j.search_titles = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".rd-hit h2") if e.is_displayed()]
        marks = [e for e in driver.find_elements(By.CSS_SELECTOR, ".rd-hit mark") if e.is_displayed()]
        j.highlighted = sorted({e.text for e in marks})
        j.highlight_background = marks[0].value_of_css_property("background-color") if marks else ""
        j.body_font = driver.execute_script("return getComputedStyle(document.body).fontFamily")
        j.screenshots["search"] = full_page(driver, shots / "search.png")
        j.requested += requests_made(driver)

        # The changed article, opened from its result.
        driver.find_element(By.PARTIAL_LINK_TEXT, "年度立法工作计划").click()
        wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, ".rd-article h1")))
        j.article_title = driver.find_element(By.CSS_SELECTOR, ".rd-article h1").text
        for dt in driver.find_elements(By.CSS_SELECTOR, ".rd-fields dt"):
            if dt.text.startswith("Published"):
                j.article_published = dt.find_element(By.XPATH, "following-sibling::dd[1]").text
        j.deleted = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".rd-diff del") if e.is_displayed()]
        j.inserted = [e.text for e in driver.find_elements(By.CSS_SELECTOR, ".rd-diff ins") if e.is_displayed()]
        j.screenshots["article"] = full_page(driver, shots / "article.png")
        j.requested += requests_made(driver)

        # Its archived copy, replayed in pywb's frame.
        driver.find_element(By.CSS_SELECTOR, "a.rd-archived").click()
        wait.until(ec.frame_to_be_available_and_switch_to_it((By.ID, "replay_iframe")))
        wait.until(lambda d: "十二位代表" in d.find_element(By.TAG_NAME, "body").text)
        j.archived_text = driver.find_element(By.TAG_NAME, "body").text
        driver.switch_to.default_content()
        wait.until(lambda d: "+08:00" in d.find_element(By.ID, "rd-bar").text)
        j.archived_bar = driver.find_element(By.ID, "rd-bar").text
        j.screenshots["archived"] = full_page(driver, shots / "archived.png")
        j.requested += requests_made(driver)

        # The repost's archived copy: its page names a script and an image on other hosts.
        driver.get(f"{server.base}/article/{browse_world.repost_id}")
        driver.find_element(By.CSS_SELECTOR, "a.rd-archived").click()
        wait.until(ec.frame_to_be_available_and_switch_to_it((By.ID, "replay_iframe")))
        wait.until(lambda d: "会后，办公厅" in d.find_element(By.TAG_NAME, "body").text)
        j.repost_archived_text = driver.find_element(By.TAG_NAME, "body").text
        driver.switch_to.default_content()
        time.sleep(1)  # let the page's script and image requests go out (or not)
        j.requested += requests_made(driver)
    finally:
        driver.quit()
        server.stop()
        shutil.rmtree(profile, ignore_errors=True)
    return j


def test_search_shows_both_copies(journey):
    assert sorted(journey.search_titles) == [
        "全国人大常委会办公厅召开座谈会 听取基层代表对年度立法工作计划的意见建议",
        "全国人大常委会办公厅召开座谈会听取基层代表意见",
    ]


def test_search_highlights_what_matched(journey):
    assert journey.highlighted == ["十二位代表", "座谈会"]


def test_highlight_is_visible(journey):
    assert journey.highlight_background not in ("", "rgba(0, 0, 0, 0)", "transparent")


def test_pages_ask_for_chinese_fonts(journey):
    assert "Noto Sans CJK SC" in journey.body_font and "WenQuanYi Micro Hei" in journey.body_font


def test_article_title_shown(journey):
    assert journey.article_title == "全国人大常委会办公厅召开座谈会 听取基层代表对年度立法工作计划的意见建议"


def test_article_date_in_beijing_time(journey):
    assert journey.article_published.startswith("2024-03-11 10:30 +08:00 Beijing time")


def test_diff_shows_what_went(journey):
    assert (
        "余" in journey.deleted
        and "有的代表提出，要加强对新出台法律的宣传解读，让群众看得懂、用得上。" in journey.deleted
    )


def test_diff_shows_what_came(journey):
    assert "二" in journey.inserted and "会后，办公厅将把意见建议汇总印发各专门委员会。" in journey.inserted


def test_archived_copy_shows_the_page_as_captured(journey):
    assert "来自农村、社区和企业一线的十二位代表参加座谈。" in journey.archived_text


def test_archived_copy_keeps_the_site_furniture(journey):
    # The replay is the whole page the site served, not our extracted text.
    assert "浏览字号" in journey.archived_text


def test_archived_copy_says_when_it_was_captured(journey):
    assert "Archived copy" in journey.archived_bar and "+08:00 (Beijing time)" in journey.archived_bar


def test_reposted_copy_replays_too(journey):
    assert "会后，办公厅将把意见建议汇总印发各专门委员会。" in journey.repost_archived_text


def test_no_request_leaves_the_machine(journey):
    hosts = {urlsplit(u).netloc for u in journey.requested if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {urlsplit(journey.base).netloc}


def test_offsite_resources_were_asked_of_the_archive(journey):
    # The repost's analytics script and logo, rewritten by the replay to /replay/... on our origin.
    asked = [u for u in journey.requested if "/replay/" in u]
    assert all(any(r in u for u in asked) for r in OFFSITE_RESOURCES)


@pytest.mark.parametrize("name", ["search", "article", "archived"])
def test_screenshot_taken(journey, name):
    assert journey.screenshots[name].stat().st_size > 10_000
