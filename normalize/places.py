"""Province, city and district parsed from a department or unit name (上海市嘉定区文化和旅游局).

Only the levels the name prints: 稷山县卫生健康和体育局 gives district 稷山县 and no province or city.
Patterns, not a gazetteer package: cpca 0.5.5 (the PyPI package with China's division list; last
release 2021) resolves every name to the full hierarchy, so it fills levels that are not printed
(稷山县 → 山西省 运城市, 上海市 → 市辖区, 县农业农村局 → 重庆市 / 县): 13 of 18 department names in the
fixture and dev gold right; cut back to the names the text prints it gets 18 of 18, as these patterns
do, while adding a dependency whose list is frozen at 2021 (a district created or renamed since comes
out null).  Measured 2026-11-29; see README.
"""
from __future__ import annotations

import regex

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE = regex.compile(
    r"^(北京市|天津市|上海市|重庆市|\p{Han}{2,3}省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
    r"新疆维吾尔自治区|香港特别行政区|澳门特别行政区)"
)
# A prefecture-level city: 杭州市, 恩施土家族苗族自治州, 阿拉善盟, 大兴安岭地区 (市 first: 杭州市, not 杭州).
_CITY = (regex.compile(r"^(\p{Han}{2,6}?市)"), regex.compile(r"^(\p{Han}{2,10}?(?:自治州|地区|盟))"))
# A county-level division right after the province/city: 嘉定区, 萧县, 科尔沁左翼中旗.
_DISTRICT = regex.compile(r"^(\p{Han}{2,6}?(?:区|旗)|\p{Han}{1,6}?县)")
# A budget code printed before the name: [203]泗县民政局, 【101】….
_CODE = regex.compile(r"^\s*[\[【(（]\s*\d+\s*[\]】)）]\s*")
# Words ending in 区 that are not districts (上海市社区服务中心, 上海市开发区管委会).
_NOT_DISTRICT = ("社区", "园区", "景区", "小区", "辖区", "片区", "开发区", "示范区", "保护区", "试验区", "功能区")


def locate(*names: str | None) -> tuple[str | None, str | None, str | None]:
    """(province, city, district) from the first name that yields any of them; None where unknown."""
    for name in names:
        if not name:
            continue
        province = city = district = None
        rest = _CODE.sub("", name)
        m = _PROVINCE.match(rest)
        if m:
            province, rest = m.group(1), rest[m.end():]
        if province not in _MUNICIPALITIES:
            m = _CITY[0].match(rest) or _CITY[1].match(rest)
            if m:
                city, rest = m.group(1), rest[m.end():]
        m = _DISTRICT.match(rest)
        if m and not m.group(1).endswith(_NOT_DISTRICT):
            district = m.group(1)
        if province or city or district:
            return province, city, district
    return None, None, None
