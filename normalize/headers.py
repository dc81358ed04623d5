"""Matching header cells and row labels against the aliases in rules/headers.yaml."""
from __future__ import annotations

import regex

from jixiao.core.vocabulary import WEIGHT_IN_LABEL, aliases

_BARE_POINTS = regex.compile(r"(?<=\p{Han})(\d+(?:\.\d+)?)$")  # 投入 16, 部门绩效 40 (the key has no space)


def strip_weight(label_key: str) -> tuple[str, float | None]:
    """产出指标(50分) → (产出指标, 50.0); 投入16 → (投入, 16.0)."""
    m = WEIGHT_IN_LABEL.search(label_key) or _BARE_POINTS.search(label_key)
    if not m:
        return label_key, None
    return (label_key[: m.start()] + label_key[m.end():]), float(m.group(1) or m.group(2))


def level1_name(label_key: str) -> str | None:
    """The canonical level-1 name of a label (效果指标(30分) → 效益指标), None for other labels."""
    name, _ = strip_weight(label_key)
    al = aliases()
    return al.level1_canonical.get(name, name) if name in al.level1_names else None


def canonical_level2(label_key: str) -> str:
    name, _ = strip_weight(label_key)
    return name if name.endswith("指标") else name + "指标"
