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


# County-level articles: the congress named in the lead is the county, with its city and province.
def test_autonomous_county_by_its_short_name():
    # 城步县 is how texts write 城步苗族自治县; cpca's matcher took its "县" for Chongqing's grouping.
    assert resolve_region(None, [], "3月5日，城步县人大常委会召开主任会议。").code == "430529"


def test_short_named_county_has_its_city():
    assert resolve_region(None, [], "3月5日，城步县人大常委会召开主任会议。").city == "邵阳市"


def test_short_named_county_has_its_province():
    assert resolve_region(None, [], "3月5日，城步县人大常委会召开主任会议。").province == "湖南省"


def test_county_named_after_its_province():
    assert resolve_region(None, [], "湖南省沅陵县人大常委会组织代表开展视察。").code == "431222"


def test_prefecture_by_its_short_name():
    assert resolve_region(None, [], "湘西州人大常委会召开党组会议。").code == "433100"


def test_bare_county_congress_names_no_place():
    assert resolve_region(None, [], "县人大常委会召开第十次会议，听取县政府工作汇报。").code is None


def test_county_word_after_another_word_names_no_place():
    assert resolve_region(None, [], "今天县人大常委会召开会议。").code is None


def test_bare_district_congress_names_no_place():
    assert resolve_region(None, [], "区人大常委会召开主任会议。区人大常委会主任出席。").code is None


def test_grouping_in_a_breadcrumb_names_no_place():
    assert resolve_region(None, ["首页", "市县人大"]).code is None


def test_grouping_name_never_resolves_to_a_province():
    assert resolve_region(None, ["省直辖县级行政区划"]).province is None


def test_district_name_two_cities_share_stays_unresolved_without_scope():
    # 宝山区 is in Shanghai and in Shuangyashan: the name alone does not say which.
    assert resolve_region(None, [], "日前，宝山区人大常委会召开会议。").code is None


def test_county_of_a_municipality_keeps_the_province_without_a_city():
    r = resolve_region(None, [], "城口县人大常委会召开会议。")
    assert (r.province, r.city, r.county) == ("重庆市", None, "城口县")
