"""`rdarchive diff`: what changed between versions of a Chinese text, by sentence, then by character.

The unit tests use short texts of our own; the command is tested on a real
version pair: a fixture page crawled, changed and re-crawled with --full
(tests/browse_world.py), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from models.db import open_archive
from rdarchive import textdiff
from rdarchive.cli import build_parser, main
from rdarchive.diff import diff_command

OLD = "6月4日，区人大常委会组织代表视察滨江。代表们察看了步道。代表们建议完善设施。\n最后一段不变。"
NEW = "6月5日，区人大常委会组织部分代表视察滨江岸线。代表们察看了步道。新增一句话说明情况。\n最后一段不变。"


# ------------------------------------------------------------------ sentences
def test_sentences_end_at_chinese_full_stops():
    assert textdiff.sentences("第一句。第二句！第三句？第四句；尾") == [
        "第一句。",
        "第二句！",
        "第三句？",
        "第四句；",
        "尾",
    ]


def test_closing_quote_stays_with_its_sentence():
    assert textdiff.sentences("他说：“要做好工作。”随后散会。") == ["他说：“要做好工作。”", "随后散会。"]


def test_line_break_ends_a_sentence():
    assert textdiff.sentences("第一段没有句号\n第二段。") == ["第一段没有句号", "第二段。"]


def test_commas_do_not_end_a_sentence():
    assert textdiff.sentences("会议指出，代表来自人民、植根人民。") == ["会议指出，代表来自人民、植根人民。"]


# ------------------------------------------------------------------ the diff
@pytest.fixture(scope="module")
def chunks():
    return textdiff.diff(OLD, NEW)


def test_edited_sentence_is_changed(chunks):
    assert chunks[0].kind == "changed"


def test_changed_sentence_has_character_parts(chunks):
    assert (
        textdiff.render_parts(chunks[0].parts, textdiff.PLAIN)
        == "6月[-4-]{+5+}日，区人大常委会组织{+部分+}代表视察滨江{+岸线+}。"
    )


def test_unchanged_sentence_is_same(chunks):
    assert (chunks[1].kind, chunks[1].new) == ("same", "代表们察看了步道。")


def test_rewritten_sentence_is_removed_and_added(chunks):
    assert [(c.kind, c.old or c.new) for c in chunks[2:4]] == [
        ("removed", "代表们建议完善设施。"),
        ("added", "新增一句话说明情况。"),
    ]


def test_new_paragraph_is_marked(chunks):
    assert chunks[-1].paragraph_start


def test_summary_counts(chunks):
    assert str(textdiff.summary(chunks)) == "1 sentence(s) changed, 1 removed, 1 added, 2 unchanged"


def test_identical_texts_have_no_changes():
    assert not textdiff.has_changes(textdiff.diff(OLD, OLD))


def test_render_elides_far_unchanged_sentences():
    old = "".join(f"第{i}句。" for i in range(10))
    new = old.replace("第9句。", "第九句。")
    assert textdiff.render(textdiff.diff(old, new), context=1)[0] == "  … 8 unchanged sentence(s) …"


def test_plain_marks_are_not_chinese_brackets():
    assert "【" not in "".join(textdiff.PLAIN.deleted + textdiff.PLAIN.inserted)


# ---------------------------------------------------------- the command, on a real version pair
def diff_output(capsys, db_url: str, *args: str) -> tuple[int, str, str]:
    """The whole command, as a person runs it (on SQLite: each run opens the archive anew)."""
    code = main(["diff", *args, "--db", db_url])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def archives():
    """One engine per archive for the tests that run on both backends, closed at the end."""
    opened: dict[str, tuple] = {}
    yield lambda url: opened.setdefault(url, open_archive(url))[1]
    for engine, _ in opened.values():
        engine.dispose()


def world_diff(capsys, archives, world, *args: str) -> str:
    """`rdarchive diff ID ARGS` through the command's own parser and function, on the world's archive."""
    parsed = build_parser().parse_args(["diff", str(world.changed_id), *args])
    assert diff_command(parsed, archives(world.db_url)) == 0
    return capsys.readouterr().out


@pytest.fixture(params=["sqlite", "postgresql"])
def world(request):
    return request.getfixturevalue("browse_world" if request.param == "sqlite" else "browse_world_pg")


def test_diff_shows_the_edited_sentence(world, capsys, archives):
    out = world_diff(capsys, archives, world)
    assert "~ 来自农村、社区和企业一线的十[-余-]{+二+}位代表参加座谈。" in out.splitlines()


def test_diff_shows_the_removed_sentence(world, capsys, archives):
    out = world_diff(capsys, archives, world)
    assert "- [-有的代表提出，要加强对新出台法律的宣传解读，让群众看得懂、用得上。-]" in out.splitlines()


def test_diff_shows_the_added_sentence(world, capsys, archives):
    out = world_diff(capsys, archives, world)
    assert "+ {+会后，办公厅将把意见建议汇总印发各专门委员会。+}" in out.splitlines()


def test_diff_shows_the_title_change(world, capsys, archives):
    out = world_diff(capsys, archives, world)
    assert "title: 全国人大常委会办公厅召开座谈会 听取基层代表对{+年度+}立法工作{+计划+}的意见建议" in out.splitlines()


def test_diff_names_both_versions_in_beijing_time(world, capsys, archives):
    out = world_diff(capsys, archives, world)
    header = out.splitlines()[1]
    assert header.startswith("version 1, first seen ") and "→  version 2 (current)" in header and "+08:00" in header


def test_diff_exit_status(browse_world, capsys):
    assert diff_output(capsys, browse_world.db_url, str(browse_world.changed_id))[0] == 0


def test_diff_json_lists_sentences_with_parts(world, capsys, archives):
    out = world_diff(capsys, archives, world, "--json")
    changed = [s for s in json.loads(out)["sentences"] if s["kind"] == "changed"]
    assert changed[0]["parts"][1] == {"kind": "del", "text": "余"}


def test_diff_json_summary(browse_world, capsys):
    _, out, _ = diff_output(capsys, browse_world.db_url, str(browse_world.changed_id), "--json")
    assert json.loads(out)["summary"] == {"changed": 1, "removed": 1, "added": 1, "same": 7}


def test_explicit_versions(browse_world, capsys):
    _, out, _ = diff_output(capsys, browse_world.db_url, str(browse_world.changed_id), "--from", "1", "--to", "2")
    assert "+ {+会后，办公厅将把意见建议汇总印发各专门委员会。+}" in out.splitlines()


def test_same_version_twice_compares_nothing(browse_world, capsys):
    _, out, _ = diff_output(capsys, browse_world.db_url, str(browse_world.changed_id), "--from", "2", "--to", "2")
    assert "the same version on both sides: nothing to compare" in out


def test_unknown_version_is_an_error(browse_world, capsys):
    code, _, err = diff_output(capsys, browse_world.db_url, str(browse_world.changed_id), "--from", "7")
    assert (code, err.strip()) == (
        2,
        f"rdarchive: article {browse_world.changed_id} has version(s) 1 to 2; there is no version 7",
    )


def test_reversed_versions_are_an_error(browse_world, capsys):
    code, _, err = diff_output(capsys, browse_world.db_url, str(browse_world.changed_id), "--from", "2", "--to", "1")
    assert (code, err.strip()) == (2, "rdarchive: --from 2 is newer than --to 1")


def test_unknown_article_is_an_error(browse_world, capsys):
    code, _, err = diff_output(capsys, browse_world.db_url, "999999")
    assert (code, err.strip()) == (2, "rdarchive: no article 999999 in the archive")


def test_article_with_one_version(browse_world, capsys):
    _, out, _ = diff_output(capsys, browse_world.db_url, str(browse_world.repost_id))
    assert "only one version" in out
