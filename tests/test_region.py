"""Region from the site's jurisdiction, breadcrumbs, then congresses the body names."""

from __future__ import annotations

from pipelines.region import region_from_code, resolve_region


def test_site_jurisdiction():
    assert resolve_region("430000", []).province == "湖南省"


def test_breadcrumb_narrows_to_city():
    assert resolve_region("430000", ["市县人大", "张家界"]).city_code == "430800"


def test_breadcrumb_outside_jurisdiction_ignored():
    assert resolve_region("430000", ["北京"]).code == "430000"


def test_body_congress_reference_gives_county():
    body = "沈丘县人大常委会召开会议。会议由沈丘县人大常委会主任主持。"
    assert resolve_region(None, [], body).code == "411624"


def test_body_county_has_its_city():
    assert resolve_region(None, [], "沈丘县人大常委会召开会议。").city == "周口市"


def test_national_news_has_no_region():
    assert resolve_region(None, ["法律"], "全国人大常委会会议在北京举行。").code is None


def test_basis_recorded():
    assert resolve_region("430000", []).basis == "site"


def test_municipality_has_no_city_level():
    assert region_from_code("110000").city is None


def test_bare_district_read_within_the_sites_jurisdiction():
    # 朝阳区 exists in Beijing and in Changchun: Beijing's site means Beijing's.
    assert resolve_region("110000", ["首页", "朝阳区"]).code == "110105"


def test_congress_named_in_passing_does_not_narrow():
    body = "省人大常委会召开会议，听取全省农村供水工作情况报告。" * 10 + "会议期间，武汉市人大常委会作了交流发言。"
    assert resolve_region("420000", [], body).code == "420000"


def test_municipal_district_has_no_placeholder_city():
    # 310100 is the code table's 市辖区 grouping, not a city: 宝山区 sits directly under 上海市.
    r = region_from_code("310113")
    assert (r.province, r.city, r.city_code, r.county, r.code) == ("上海市", None, None, "宝山区", "310113")


def test_municipal_county_and_province_administered_city_have_no_city():
    assert (region_from_code("500229").city, region_from_code("429004").city) == (None, None)


def test_city_site_jurisdiction_is_the_city():
    r = resolve_region("450200", ["首页", "人大会议", "代表大会会议"])
    assert (r.province, r.city, r.county, r.code, r.basis) == ("广西壮族自治区", "柳州市", None, "450200", "site")


def test_district_congress_in_the_lead_narrows_a_city_site():
    assert resolve_region("450200", [], "3月10日，柳江区人大常委会组织执法检查组开展检查。").code == "450206"


def test_another_districts_congress_does_not_move_a_district_site():
    body = "5月27日，杨浦区人大常委会主任一行来我区交流。区人大常委会主任陪同。"
    assert resolve_region("310113", ["首页", "人大新闻"], body).code == "310113"


def test_provincial_congress_does_not_widen_a_city_site():
    body = "自治区人大常委会副主任出席会议。银川市人大常委会主任主持。" * 2
    assert resolve_region("640100", [], body).code == "640100"
