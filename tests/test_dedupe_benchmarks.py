"""Smoke tests of the near-duplicate benchmarks on a tiny bench directory built here.

The texts are our own writing (never the ../shared bench texts); the real
benchmarks run on ../shared/bench (docs/bench/dedupe.md).
"""

from __future__ import annotations

import json
import random
import re

import pytest

from benchmarks import dedupe_pairs, dedupe_scale
from benchmarks import synthetic as syn
from pipelines.textnorm import PINYIN_NOTE, normalize_text

TEXTS = {
    "inspect": [
        "3月12日，省人大常委会执法检查组深入长沙、株洲两地，就大气污染防治法实施情况开展检查。",
        "检查组先后走进三家重点排污企业和两个空气质量监测站，详细了解排放在线监控、扬尘治理和重污染天气应对等工作。",
        "在随后召开的座谈会上，检查组听取了市政府及生态环境、住建、交通运输等部门的汇报，并与基层执法人员面对面交流。",
        "检查组指出，近年来两市空气质量持续改善，但工业源治理仍有短板，移动源监管手段还不够多，部门协同需要进一步加强。",
        "检查组要求，要坚持问题导向，把法律规定的各项制度落到实处，对发现的问题逐条建立台账，限期整改到位。",
    ],
    "visit": [
        "近日，省人大常委会组织部分全国人大代表和省人大代表，围绕乡村振兴促进法贯彻实施情况开展集中视察。",
        "代表们来到湘西山区的特色产业基地、农村电商服务站和村级卫生室，实地察看产业发展和公共服务情况。",
        "在基地负责人的介绍下，代表们详细询问了茶叶、柑橘等特色产品的种植规模、销售渠道和农户增收情况。",
        "代表们认为，当地依托资源优势发展特色产业，带动了群众稳定增收，但冷链物流和人才支撑仍是突出制约。",
        "代表们建议，进一步完善产业扶持政策，加大农村基础设施投入，健全联农带农机制，让农民更多分享产业增值收益。",
    ],
    "session": [
        "市十六届人大常委会第十九次会议今天上午在市人民大会堂开幕，常委会主任主持会议。",
        "会议听取了市人民政府关于城市更新工作情况的报告，审议了物业管理条例修订草案和养老服务条例草案。",
        "常委会组成人员围绕老旧小区改造、加装电梯、停车难等群众关心的问题，提出了许多具体意见。",
        "会议还书面审议了市中级人民法院关于知识产权审判工作情况的报告，以及有关人事任免事项。",
        "会议将于明天下午举行全体会议，对有关法规草案和决定草案进行表决。",
    ],
    "budget": [
        "为加强预算审查监督，市人大财经委提前介入明年预算编制工作，召开部门预算初审座谈会。",
        "座谈会上，教育、卫生健康、民政、交通运输等十二个部门负责人分别汇报了本部门预算安排和绩效目标设定情况。",
        "财经委委员逐项询问了重点项目的资金测算依据、以前年度结转结余资金使用情况和绩效评价结果运用情况。",
        "财经委要求，要坚持过紧日子的要求，严控一般性支出，把有限的财政资金用在发展紧要处和民生急需上。",
        "初审意见将汇总形成书面报告，送市人民政府及其财政部门研究处理，并向常委会主任会议报告。",
    ],
    "petition": [
        "今年以来，县人大常委会信访室共接待群众来访一百二十六批次，受理来信二百余件，办结率保持在九成以上。",
        "从反映的问题看，征地拆迁、劳动争议、涉法涉诉等类别相对集中，部分问题具有一定普遍性。",
        "对群众反映强烈的问题，常委会主任会议专题研究，由分管副主任牵头，督促有关部门限期办理并反馈结果。",
        "信访室还建立了重点信访件跟踪督办台账，定期回访来访群众，了解办理效果和满意程度。",
        "下一步，县人大常委会将进一步畅通群众来信来访渠道，把信访工作同代表联系群众工作结合起来。",
    ],
    "brief": ["县人大常委会召开主任会议，研究近期工作。"],  # too short: skipped
}


@pytest.fixture
def bench_dir(tmp_path):
    root = tmp_path / "bench"
    (root / "own" / "truth").mkdir(parents=True)
    lines = ["dataset\tid\tlanguage\thtml_path\ttruth_path\tsource_url\ttruth_format"]
    for name, paras in TEXTS.items():
        truth = f"own/truth/{name}.json"
        (root / truth).write_text(json.dumps({"content": "\n".join(paras)}, ensure_ascii=False), encoding="utf-8")
        lines.append(
            f"own\t{name}\tzh-Hans\town/html/{name}.html\t{truth}\thttp://example.invalid/{name}\tjson{{content}}"
        )
    (root / "manifest.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_read_bench_and_skip_short(bench_dir):
    texts = syn.read_bench(bench_dir)
    kept, skipped = syn.meaningful(texts)
    assert len(texts) == 6
    assert [t.id for t in skipped] == ["brief"]


def test_transformations():
    rng = random.Random(3)
    paras = TEXTS["inspect"]
    mirrored = syn.mirror(paras, rng, rate=0.5)
    assert PINYIN_NOTE.search(mirrored[0]) and "檢查" in "".join(mirrored)
    assert normalize_text(syn.body(mirrored)) == normalize_text(syn.body(paras))
    short = syn.shorten(paras, rng, mode="tail")
    kept = sum(map(len, short)) / sum(map(len, paras))
    assert 0.8 <= kept < 1.0
    assert sum(map(len, syn.shorten(paras, rng, mode="scattered"))) < sum(map(len, paras))
    rebylined = syn.rebyline(paras, rng, TEXTS["visit"])
    assert paras[0] not in rebylined and paras[1] in rebylined
    law = syn.law_text(syn.body(TEXTS["budget"]), rng)
    assert law[0] == "第一章　总则" and "第四章　法律责任" in law and "第五章　附则" in law


def test_pair_benchmark(bench_dir, db_url):
    r = dedupe_pairs.run(str(bench_dir), seed=1, db_url=db_url, random_pairs=30)
    assert (r["kept"], r["skipped"], r["items"]) == (5, 1, 5 * 6)
    types = r["types"]
    assert {t: types[t]["pairs"] for t in dedupe_pairs.POSITIVE} == {"mirror": 5, "rebyline": 5, "shortened": 5}
    assert types["law"]["pairs"] == 10 and types["random"]["pairs"] == 30
    assert types["mirror"]["recall"] == types["shortened"]["recall"] == 1.0
    assert r["overall"]["fp"] == 0 and r["overall"]["precision"] == 1.0
    assert "precision" in dedupe_pairs.report(r)


def test_scale_benchmark(bench_dir, tmp_path):
    r = dedupe_scale.run(
        str(bench_dir), n=300, batch=100, window=50, marks=(100, 300), workers=0, workdir=str(tmp_path)
    )
    assert [m["stored"] for m in r["marks"]] == [100, 300]
    assert all(m["wall"]["mean_ms"] > 0 and m["cpu"]["mean_ms"] > 0 for m in r["marks"])
    assert r["ratio"]["from"] == 100 and r["ratio"]["to"] == 300
    assert sum(v["reposts"] for v in r["reposts"].values()) > 0 and r["clusters"] > 0
    assert r["peak_rss_mb"] > 0
    assert "cost ratio" in dedupe_scale.report(r)


def test_harder_pair_set(bench_dir, tmp_path):
    # Without source URLs every text is a channel of its own: half become originals, half notices.
    manifest = bench_dir / "manifest.tsv"
    manifest.write_text(
        re.sub(r"http://example.invalid/\w+", "", manifest.read_text(encoding="utf-8")), encoding="utf-8"
    )
    r = dedupe_pairs.run_hard(str(bench_dir), str(tmp_path / "no-sites"), seed=1, random_pairs=30)
    types = r["types"]
    assert [types[t]["pairs"] for t in ("lead", "byline", "trim", "script", "images", "channel")] == [5] * 5 + [0]
    # Two texts as template families: three notices each (3 pairs) and five copies against two siblings.
    assert (types["template"]["pairs"], types["random"]["pairs"]) == (2 * (3 + 5 * 2), 30)
    assert "lookalikes whose texts alone" in dedupe_pairs.report_hard(r)


def test_template_family_differs_in_facts_only_where_framed():
    from benchmarks import hard_pairs

    t = hard_pairs.RealText("own/session", "own", "市人大常委会开幕", "\n".join(TEXTS["session"]))
    notices = hard_pairs._family(t, 0, random.Random(1), ["\n".join(TEXTS["visit"])])
    titles = [title for title, _, _ in notices]
    assert len(set(titles)) == 3 and all("主任会议" in title for title in titles)


def test_verdict_line():
    ok = {"overall": {"precision": 0.99, "recall": 0.98}}
    low = {"overall": {"precision": 0.9, "recall": 0.98}}
    assert dedupe_pairs.verdict(ok, ok).endswith(": met") and dedupe_pairs.verdict(ok, low).endswith("NOT met")
