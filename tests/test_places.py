"""Province, city and district: only the levels a department or unit name prints."""
import pytest

from jixiao.normalize.places import locate


@pytest.mark.parametrize("name, expected", [
    ("宣城市宣州区水阳镇人民政府", (None, "宣城市", "宣州区")),
    ("[203]泗县民政局", (None, None, "泗县")),
    ("【101】歙县农业农村局", (None, None, "歙县")),
    ("稷山县卫生健康和体育局", (None, None, "稷山县")),
    ("上海市嘉定区文化和旅游局(汇总)", ("上海市", None, "嘉定区")),
    ("浙江省杭州市西湖区农业农村局", ("浙江省", "杭州市", "西湖区")),
    ("恩施土家族苗族自治州来凤县民政局", (None, "恩施土家族苗族自治州", "来凤县")),
    ("县农业农村局", (None, None, None)),
    ("张庄寨镇人民政府", (None, None, None)),
    ("上海市社区服务中心", ("上海市", None, None)),
])
def test_locate(name, expected):
    assert locate(name) == expected


def test_first_name_that_says_anything_wins():
    assert locate(None, "县农业农村局", "宿州市埇桥区教育局") == (None, "宿州市", "埇桥区")
