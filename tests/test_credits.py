"""Credits a text carries itself (closing credits, label-free lead lines) and the byline and
title in both scripts, through the stages. The sentences are written for these tests."""

from __future__ import annotations

from core.page import Page, SiteHints
from pipelines.generic.meta import body_credits, closing_source, find_page_meta
from pipelines.stages import clean_stage, extract_stage, metadata_stage

PARAS = [
    "区人大常委会今天召开第十五次会议，听取和审议了区人民政府关于老旧小区改造工作情况的报告。",
    "会议指出，老旧小区改造是重要的民生工程，要坚持问需于民，统筹推进加装电梯和管网更新。",
    "会议强调，要加强跟踪监督，推动审议意见落到实处，让群众的获得感成色更足。",
]


def closing(credit: str) -> str:
    return "\n".join(PARAS[:-1] + [PARAS[-1] + credit])


# ---------------------------------------------------------------- closing credits
WECHAT = closing("（来源：“城南人大”微信公众号 全媒体记者 周晓雯）")


def test_wechat_closing_credit_reporter():
    assert body_credits(WECHAT) == ["周晓雯"]


def test_wechat_closing_credit_source_keeps_both_quotes():
    assert closing_source(WECHAT) == "“城南人大”微信公众号"


def test_two_titled_reporters_in_one_closing_credit():
    assert body_credits(closing("（融媒体记者 邓子涵 特约记者 谢一鸣）")) == ["邓子涵", "谢一鸣"]


def test_trainee_reporter_closing_credit():
    assert body_credits(closing("（见习记者 钟雨桐）")) == ["钟雨桐"]


def test_text_and_photo_credit_on_its_own_line():
    assert body_credits("\n".join(PARAS + ["文/图 韩立群"])) == ["韩立群"]


def test_reporter_and_photographer_closing_credit():
    assert body_credits(closing("（记者 潘嘉怡 摄影 邱志远）")) == ["潘嘉怡", "邱志远"]


def test_correspondent_closing_credit():
    assert body_credits(closing("（通讯员 龚文博）")) == ["龚文博"]


def test_closing_credit_without_source_gives_no_source():
    assert closing_source(closing("（记者 潘嘉怡）")) is None


def test_sentence_in_brackets_is_no_closing_source():
    assert closing_source(closing("（据统计，来源于财政资金的部分占六成）")) is None


# ------------------------------------------------------- label-free lead credit lines
def test_newspaper_reprint_lead_credit_line():
    body = "\n".join(["江城日报全媒体记者 孔令辉 通讯员 黎明 施雨", *PARAS])
    assert body_credits(body) == ["孔令辉", "黎明", "施雨"]


def test_traditional_reprint_lead_credit_line():
    body = "\n".join(["江城日報全媒體記者 孔令輝 通訊員 黎明 施雨", *PARAS])
    assert body_credits(body) == ["孔令輝", "黎明", "施雨"]


def test_traditional_closing_credit_source():
    assert closing_source(closing("（來源：“城南人大”微信公眾號 全媒體記者 周曉雯）")) == "“城南人大”微信公眾號"


# ---------------------------------------------------------------- through the stages
def _html(head: str = "", body_lines: list[str] = PARAS, title: str = "区人大常委会审议老旧小区改造工作报告") -> str:
    paras = "".join(f"<p>{line}</p>" for line in body_lines)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_城南人大网</title></head><body>"
        f"<h1>{title}</h1>{head}<div class='content'>{paras}</div>"
        "<div class='footer'>版权所有：城南人大网</div></body></html>"
    )


def _article(html: str, **hints):
    page = Page(url="https://example.cn/a/1.html", html=html, site="test", hints=SiteHints(**hints))
    return metadata_stage(clean_stage(extract_stage(page)))


def test_template_without_source_takes_the_closing_credits_outlet():
    html = _html(body_lines=WECHAT.split("\n"))
    article = _article(html, template="t", byline_text="作者： 发布时间：2024-05-06 10:00")
    assert article.byline.source == "“城南人大”微信公众号"


def test_template_without_authors_takes_the_closing_credits_reporter():
    html = _html(body_lines=WECHAT.split("\n"))
    article = _article(html, template="t", byline_text="作者： 发布时间：2024-05-06 10:00")
    assert article.byline.authors == ["周晓雯"]


def test_template_source_outranks_the_closing_credit():
    html = _html(body_lines=WECHAT.split("\n"))
    article = _article(html, template="t", byline_text="来源：城南日报 发布时间：2024-05-06 10:00")
    assert article.byline.source == "城南日报"


MIRROR = _html(
    "<div class='info'>來源:城南人大網 作者:鄭曉華 編輯:redcloud 2023-05-09 17:03:07</div>",
    body_lines=[
        "區人大常委會今天召開第十五次會議，聽取和審議了區人民政府關於老舊小區改造工作情況的報告。",
        "會議指出，老舊小區改造是重要的民生工程，要堅持問需於民，統籌推進加裝電梯和管網更新。",
    ],
    title="區人大常委會審議老舊小區改造工作報告",
)


def test_generic_traditional_byline_source():
    assert find_page_meta(MIRROR).byline.source == "城南人大網"


def test_generic_traditional_byline_author():
    assert find_page_meta(MIRROR).byline.authors == ["鄭曉華"]


def test_generic_traditional_byline_kept_as_printed():
    assert find_page_meta(MIRROR).byline.raw == "來源:城南人大網 作者:鄭曉華 編輯:redcloud 2023-05-09 17:03:07"


def test_stage_byline_in_simplified_form():
    article = _article(MIRROR)
    assert article.byline_normalized == "来源:城南人大网 作者:郑晓华 编辑:redcloud 2023-05-09 17:03:07"


def test_stage_title_in_simplified_form():
    assert _article(MIRROR).title_normalized == "区人大常委会审议老旧小区改造工作报告"


def test_stage_title_kept_as_printed():
    assert _article(MIRROR).title == "區人大常委會審議老舊小區改造工作報告"


def test_stage_traditional_date():
    assert _article(MIRROR).published_at.isoformat() == "2023-05-09T17:03:07+08:00"


# ------------------------------------------------------- dates closing the text
def _closing_date(*last: str):
    body = [*PARAS, *last]
    return find_page_meta(_html(body_lines=body), "\n".join(body))


def test_signature_date_in_chinese_numerals():
    assert (
        _closing_date("城南区人大常委会办公室", "二〇二四年三月十一日").published_at.isoformat()
        == "2024-03-11T00:00:00+08:00"
    )


def test_signature_date_says_it_was_read_from_the_text():
    assert _closing_date("城南区人大常委会办公室", "二〇二四年三月十一日").date_basis == "page_text"


def test_signature_date_with_a_circle_for_zero_in_brackets():
    found = _closing_date("（二○二四年三月二十一日）")
    assert found.published_at.isoformat() == "2024-03-21T00:00:00+08:00"


def test_closing_line_with_more_than_a_date_gives_no_date():
    assert _closing_date("二〇二四年三月十一日前报送书面意见").published_at is None


# ------------------------------------------------------- stored, searched (SQLite and PostgreSQL)
def test_script_forms_stored_and_searched(db_url):
    from sqlalchemy import select

    from core.site import SiteRecord
    from models.store import ArchiveStore
    from models.tables import Article
    from pipelines.stages import run_stages
    from rdarchive.search import Filters, search
    from tests.conftest import sessions_for

    sessions = sessions_for(db_url)
    store = ArchiveStore(sessions)
    site = SiteRecord(slug="test", name="鏡像站", province=None, region_code=None, domains=["example.cn"])
    site_id = store.ensure_site(site)
    run = store.start_run(["test"])
    store.save(run_stages(Page(url="https://example.cn/a/1.html", html=MIRROR, site="test")), site_id, run)
    with sessions() as s:
        row = s.execute(select(Article.title_normalized, Article.byline, Article.byline_normalized)).one()
    assert tuple(row) == (
        "区人大常委会审议老旧小区改造工作报告",
        "來源:城南人大網 作者:鄭曉華 編輯:redcloud 2023-05-09 17:03:07",
        "来源:城南人大网 作者:郑晓华 编辑:redcloud 2023-05-09 17:03:07",
    )
    hits = search(sessions, "审议老旧小区", limit=5)
    assert [h.marked_title(("【", "】")) for h in hits] == ["區人大常委會【審議老舊小區】改造工作報告"]
    # Author and source are stored as printed (traditional); their simplified spelling finds them.
    by_names = search(sessions, "改造", limit=5, filters=Filters(author="郑晓华", source="城南人大网"))
    assert [h.source for h in by_names] == ["城南人大網"]


def test_template_page_reprint_lead_line_gives_the_authors():
    body = ["江城日报全媒体记者 孔令辉 通讯员 黎明 施雨", *PARAS]
    hints = {"template": "t", "body_selectors": ("div.content",), "byline_text": "来源：江城日报 发布时间：2024-05-06"}
    article = _article(_html(body_lines=body), **hints)
    assert article.byline.authors == ["孔令辉", "黎明", "施雨"]


def test_template_page_traditional_closing_credit_gives_the_authors():
    body = [*PARAS[:-1], PARAS[-1] + "（記者 潘嘉怡 攝影 邱志遠）"]
    article = _article(_html(body_lines=body), template="t", byline_text="來源：城南人大網 發佈時間：2024-05-06")
    assert article.byline.authors == ["潘嘉怡", "邱志遠"]


def test_parse_json_shows_the_title_beside_its_simplified_form():
    from rdarchive.parse import record

    shown = record(_article(MIRROR))
    assert (shown["title"], shown["title_normalized"]) == (
        "區人大常委會審議老舊小區改造工作報告",
        "区人大常委会审议老旧小区改造工作报告",
    )


def test_export_schema_has_the_script_forms():
    import json
    from pathlib import Path

    schema = json.loads((Path(__file__).parents[1] / "docs" / "export.schema.json").read_text(encoding="utf-8"))
    assert {"title_normalized", "byline", "byline_normalized"} <= set(schema["properties"])
