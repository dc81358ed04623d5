"""Evidence-based repair of OCR misreads in target and actual cells.

Only rows read by OCR are touched, and only where the row itself says what the engine got wrong:
- letters for digits (O/o for 0, l/I for 1) inside a number, when the cell then reads as a number
  and did not before;
- a comparator read as a digit (≥ read as 2: `290%` for `≥90%`), when the target has no comparator,
  starts with 2, and the actual is far below the target as read but in range of the target without
  that 2.
Each repair is returned so that it can be flagged (OCR_CORRECTED); nothing is changed silently.
"""
from __future__ import annotations

import regex

from jixiao.normalize.values import QUANT, parse, parse_number

# Runs of O/o/l/I touching a digit (1OO%, l00, ≥8O%), or standing where a number starts (≥O.5).
_LETTER_DIGIT = regex.compile(r"(?<=\d)[OolI]+(?=[\d.%()]|$)|(?<=^|[≥≤=<>(])[OolI]+(?=[\d.])")
_DIGIT_OF = str.maketrans("OolI", "0011")


def _letters(text: str, numeric: bool) -> str | None:
    fixed = _LETTER_DIGIT.sub(lambda m: m.group().translate(_DIGIT_OF), text)
    if fixed == text:
        return None
    if numeric:  # a weight or score cell
        return fixed if parse_number(text) is None and parse_number(fixed) is not None else None
    before, after = parse(text), parse(fixed)
    # Evidence: the cell reads as a number only after the repair, or its "unit" was the letters.
    if after.kind == QUANT and (before.kind != QUANT or before.unit != after.unit):
        return fixed
    return None


def _comparator(target: str, actual: str) -> str | None:
    """`290%` with actual `92%` → `≥90%`."""
    t = parse(target)
    if t.kind != QUANT or t.op is not None or not target.lstrip().startswith("2"):
        return None
    rest = target.lstrip()[1:]
    r, a = parse(rest), parse(actual)
    if r.kind != QUANT or a.kind != QUANT or r.value is None or a.value is None or r.value <= 0:
        return None
    if a.unit not in (None, r.unit):
        return None
    far_below_as_read = a.value < 0.5 * t.value
    plausible_without = 0.5 * r.value <= a.value <= 2 * r.value
    return "≥" + rest if far_below_as_read and plausible_without else None


CELL_NAMES = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}


def repair(parts: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """The parts of an OCR'd indicator row with misreads repaired, and the repairs made as
    (cell name, as read, corrected)."""
    fixed_parts, repairs = dict(parts), []
    for role, name in CELL_NAMES.items():
        text = fixed_parts.get(role, "")
        fixed = _letters(text, numeric=role in ("weight", "score")) if text else None
        if fixed:
            repairs.append((name, text, fixed))
            fixed_parts[role] = fixed
    target = fixed_parts.get("target", "")
    fixed = _comparator(target, fixed_parts.get("actual", "")) if target else None
    if fixed:
        repairs.append((CELL_NAMES["target"], target, fixed))
        fixed_parts["target"] = fixed
    return fixed_parts, repairs
