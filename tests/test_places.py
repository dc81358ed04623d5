"""Province, city, district: only the levels a department or unit name prints; adcode of the last one."""
import pytest

from jixiao.normalize.places import locate


@pytest.mark.parametrize("name, expected", [
    ("宣城市宣州区水阳镇人民政府", (None, "宣城市", "宣州区", "341802")),
    ("[203]泗县民政局", (None, None, "泗县", "341324")),
    ("【101】歙县农业农村局", (None, None, "歙县", "341021")),
    ("104001-太和县农业农村局", (None, None, "太和县", "341222")),  # a budget unit code before the name
    ("稷山县卫生健康和体育局", (None, None, "稷山县", "140824")),
    ("上海市嘉定区文化和旅游局(汇总)", ("上海市", None, "嘉定区", "310114")),
    ("浙江省杭州市西湖区农业农村局", ("浙江省", "杭州市", "西湖区", "330106")),
    ("恩施土家族苗族自治州来凤县民政局", (None, "恩施土家族苗族自治州", "来凤县", "422827")),
    ("县农业农村局", (None, None, None, None)),
    ("区商务局", (None, None, None, None)),
    ("张庄寨镇人民政府", (None, None, None, None)),
    ("上海市社区服务中心", ("上海市", None, None, "310000")),
    ("城区环境卫生管理所", (None, None, None, None)),
])
def test_locate(name, expected):
    assert locate(name) == expected


# Department and unit names of the provinces whose real tables we read (dev gold and published forms).
@pytest.mark.parametrize("name, expected", [
    ("寿县水利局", (None, None, "寿县", "340422")),  # Anhui
    ("淮南市寿县财政局", (None, "淮南市", "寿县", "340422")),
    ("定州市教育局", (None, None, "定州市", "130682")),  # Hebei: county-level cities are districts
    ("河北省辛集市财政局", ("河北省", None, "辛集市", "130181")),
    ("衡山县贯塘乡人民政府", (None, None, "衡山县", "430423")),  # Hunan
    ("湖南省浏阳市水利局", ("湖南省", None, "浏阳市", "430181")),
    ("中共上海市普陀区委社会工作部", ("上海市", None, "普陀区", "310107")),  # Shanghai, inside the name
    ("青神县发展和改革局本级", (None, None, "青神县", "511425")),  # Sichuan
    ("四川省成都市武侯区城市管理局", ("四川省", "成都市", "武侯区", "510107")),
    ("昆明市五华区教育体育局", (None, "昆明市", "五华区", "530102")),  # Yunnan
    ("安宁市太平新城街道办事处", (None, None, "安宁市", "530181")),
])
def test_places_of_the_provinces_read(name, expected):
    assert locate(name) == expected


@pytest.mark.parametrize("name, expected", [
    ("普陀区民政局", (None, None, "普陀区", None)),  # in 上海 and in 舟山: no code, never a guess
    ("上海市普陀区民政局", ("上海市", None, "普陀区", "310107")),
    ("舟山市普陀区民政局", (None, "舟山市", "普陀区", "330903")),
    ("浙江省普陀区民政局", ("浙江省", None, "普陀区", "330903")),
])
def test_an_ambiguous_name_is_settled_by_the_place_printed_before_it(name, expected):
    assert locate(name) == expected


def test_a_place_the_gazetteer_does_not_know_is_still_read_without_a_code():
    assert locate("沙县财政局") == (None, None, "沙县", None)  # 沙县区 since 2021
    assert locate("浙江省杭州市新设区农业农村局") == ("浙江省", "杭州市", "新设区", None)


def test_first_name_that_says_anything_wins():
    assert locate(None, "县农业农村局", "宿州市埇桥区教育局") == (None, "宿州市", "埇桥区", "341302")


def test_a_district_printed_in_the_unit_inside_the_departments_city_is_the_place():
    """大连市…局 over 庄河市…中心 (a county-level city of 大连): the most specific place printed."""
    assert locate("大连市农业农村局", "庄河市蓝莓产业发展中心") == (None, "大连市", "庄河市", "210283")
    assert locate("湖南省文化和旅游厅", "浏阳市文化馆") == ("湖南省", None, "浏阳市", "430181")
    assert locate("大连市农业农村局", "沈阳市某中心") == (None, "大连市", None, "210200")  # not inside it


def test_a_branch_named_after_its_district_inside_a_city_department():
    """邯郸市生态环境局武安市分局: the city's bureau, its branch in the county-level city 武安市."""
    assert locate("邯郸市生态环境局武安市分局") == (None, "邯郸市", "武安市", "130481")
    assert locate("成都市公安局锦江区分局") == (None, "成都市", "锦江区", "510104")
    assert locate("大连市人民政府驻北京办事处") == (None, "大连市", None, "210200")  # not under 大连市
