"""Evidence-based repair of OCR misreads in target and actual cells.

Only rows read by OCR are touched, and only where the row itself says what the engine got wrong:
- noise inside a number — letters for digits (O/o/Q for 0, l/I/i for 1; a points cell read as letters
  alone, io for 10), `:` or `,` for the decimal point (also in the funds block, where 1060,00 read as
  106000), `;` for a thousands comma (3;200), specks read as extra dots or between a number and its unit
  (8·座), a rule after its last digit (500-), ‰ read as %o (also alone in a 度量单位 cell) — when the cell
  then reads as a number and did not before (or its "unit" was the noise); the same in the numbers beside
  the points (权重占比, 折算得分, 得分系数);
- a comparator read as a letter or a digit, when the target then reads as a number and the actual is
  a number in a unit that fits: = read as 二; ≥ or ≤ (≧, ≦) read as M, Z, N, V or W (`M50人次`) is the one
  the actual meets where the row has full marks and the actual is not the target, else ≥ (by far the
  most printed; ≤ in a 成本指标 row, as where none is printed); so too where the actual is empty or in
  words and the target a number in percent (`IV90%`: no code or name is letters before a rate); ≥ read as
  2 (`290%` for `≥90%`), when the target has no comparator, starts with 2, and the actual is far below the
  target as read but in range of the target without that 2;
- a speck read as a dot between a comparator and its number (`≥.95%`);
- a 三级指标's closing bracket, its cell's last glyph, lost (`足额保障率(参保率`);
- a dash read before points (`-10` in a 分值 cell: points are never negative);
- the placeholder dash — read as 一, alone in a value, points or reason cell (one is never written so);
- a unit read with a look-alike glyph (万 as 方, 亩 as 庙, 人 as 入) or without its middle dot (元/人·月 as
  元/人月), when the other value cell of the row prints it right;
- a speck read as a decimal point inside a count (`80.00户` for `8000户`), when the other value cell is a
  whole number in a unit that fits, a hundred times off as read and near without the point (rates in % are
  left: 9.5% beside 95% may be what was printed).
A target printed without a comparator is left so (the normalizer assumes ≥ or ≤): a form may write
`100%` in one row and `≥90%` in the next, so a missing `=` cannot be told from one never printed.
Each repair is returned so that it can be flagged (OCR_CORRECTED); nothing is changed silently.  Specks
a scan adds (at a cell's ends, `despeck`, and at the ends of a value in words, ，及时; where a word of a
text wraps or beside a number inside a text, `text_noise`) are dropped unflagged: they are marks on the
paper, not a reading of what was printed; so is the gap the engine reads beside a dash between two numbers,
and 一 read for that dash is the dash.
Label cells are read through `label_key`: a glyph OCR reads for another a stroke apart (项目 as 项自), or a
speck between two characters, is undone where the cell then names more of the table's vocabulary; it
changes how the table is read, not a value, so it is not flagged.
"""
from __future__ import annotations

import regex

from jixiao.core.text import squeeze
from jixiao.core.vocabulary import Aliases
from jixiao.normalize.values import QUANT, Value, parse, parse_amount, parse_number

# Runs of O/o/Q/l/I/i touching a digit (1OO%, l00, i00, ≥8O%, 1.0Q), or standing where a number starts (≥O.5).
_LETTER_DIGIT = regex.compile(r"(?<=\d)[OoQlIi]+(?=[\d.%()]|$)|(?<=^|[≥≤=<>(.])[OoQlIi]+(?=[\d.%)]|$)")
_DIGIT_OF = str.maketrans("OoQlIi", "000111")
# Punctuation the engine puts in numbers: 10:00 and 100,00 for 10.00 and 100.00 (a thousands comma
# is followed by three digits and stays).
_DECIMAL = regex.compile(r"(?<=\d)[:：,，](?=\d{1,2}(?!\d))")
# A thousands comma read as a semicolon, full-width or twice (3;200户, 2，，450): between digits, before three
# digits and no more.
_THOUSANDS = regex.compile(r"(?<=\d)(?:[;；，]|[,，]{2,})(?=\d{3}(?!\d))")
# Specks read as dots or bullets: 300.00. / .3.00 / 5..00 / 179.0.0 / ≥50.公斤 / 质量指标•
_SPECK = "•·.,，:：'`"
_DOT_RUN = regex.compile(r"\.{2,}")
_DOT_BEFORE_WORD = regex.compile(r"(?<=\d)[.·•'`](?=[^\d])")  # 8·座, 50.公斤: no unit starts with a dot
# A dash or rule after a number's last digit (500-): a value never ends so; one before it (-5%) is a sign.
_DASH_AFTER = regex.compile(r"(?<=\d)[-_]+$")
# ‰ read as % and a small o or 0 (0.2%o, 0.9%0).
_PER_MILLE = regex.compile(r"(?<=\d)%[oO0]$")
_DOT_AFTER_COMPARATOR = regex.compile(r"(?<=^[≥≤≧≦=＝<>])[.·,，:：'`]+(?=\d)")
# What the engine makes of a comparator at the start of a target cell, besides the comparator itself: ≥
# and ≤ (and ≧, ≦, whose glyphs differ by a stroke's slant) read as M, Z, N, V or W, now and then as two
# of these (WN for ≧) or after an I (IV); = as 二 or Ⅱ.  ≥ read as 2: see _comparator.
_AS_LETTERS = regex.compile(r"I?[MZNVW]{1,2}")
# = read as 二, or its two bars as the strokes of a Roman numeral (Ⅱ, III: seen in 指标性质 cells at 150 and
# 300 dpi); a typed <= with its < read as C
_SIGN_AS = {"二": "=", "Ⅱ": "=", "Ⅲ": "=", "II": "=", "III": "=", "C=": "<="}
_MISREAD_HEAD = regex.compile(rf"^(?:{_AS_LETTERS.pattern}|二|Ⅱ|Ⅲ|III|II|C=)(?=\d)")


# A speck read at the end of a printed line where the cell's text runs on mid-word (between two Han
# characters: a full stop there is 。, and a comma stays).
_SPECK_AT_WRAP = regex.compile(r"(?<=\p{Han})[.·•'`]+(?=\n\p{Han})")


def despeck(text: str) -> str:
    """A label or value without the specks a scan adds at its ends."""
    return text.strip(_SPECK) or text


# In a name read by OCR: a speck inside its closing bracket (建设.）), the engine's gap between a number and a
# character (2022 年), a speck read as 。 at its end (no name ends a sentence).
_NAME_NOISE = regex.compile(rf"[{regex.escape(_SPECK)}]+(?=[)）]$)|(?<=\d) +(?=\p{{Han}})|(?<=\p{{Han}}) +(?=\d)|。+$")


def name_noise(name: str) -> str:
    """A head value (a project, department or unit name) as printed, without what a scan adds to it."""
    return despeck(_NAME_NOISE.sub("", name))


# A speck read as a dot inside text, where no dot is printed: after a Chinese character or punctuation and
# before a number (率.46.3%, 公益林·82.6万亩), after Chinese punctuation (，.社区), or after a number that
# follows a Chinese character and before one (271.名, 扣0.5.分).  A decimal point has digits on both sides,
# and a list's number (；2.加强) follows punctuation.  A dot between two Chinese characters is left: some typists end a
# sentence with one (工作任务.下一步).
_SPECKS_IN_TEXT = (regex.compile(r"(?<=[\p{Han}，、；。：])[.·•][ \t]?(?=\d)"),
                   regex.compile(r"(?<=[，、；。：]|\p{Han}\d+(?:\.\d+)?)\.[ \t]?(?=\p{Han})"))


# A dash between two numbers (60%—80%, DB44/2208-2019) read with a space beside it, the engine's gap between
# two boxes, or the long dash read as 一, which is never written between two numbers.
_RANGE_DASH = regex.compile(r"(?<=\d%?)\s*([—–\-一])\s*(?=\d)")


def text_noise(cell: str) -> str:
    """A cell as read, without the specks a scan adds inside a text: at the end of a line where a word wraps
    (本年.⏎工作任务), and beside a number (供养率.46.3%, 集中供养271.名); and with a dash between two
    numbers as printed (60%一 80% read for 60%—80%)."""
    for speck in (_SPECK_AT_WRAP, *_SPECKS_IN_TEXT):  # in turn: the second reads the number the first freed
        cell = speck.sub("", cell)
    return _RANGE_DASH.sub(lambda m: "—" if m.group(1) == "一" else m.group(1), cell)


def number_noise(text: str) -> str:
    if not any(ch.isdigit() for ch in text):
        return text  # letters with no digit are not a number: a lone l or I is as much a / or a - as a 1
    s = _LETTER_DIGIT.sub(lambda m: m.group().translate(_DIGIT_OF), text)
    s = _THOUSANDS.sub(",", _DECIMAL.sub(".", s))
    s = _DOT_RUN.sub(".", despeck(s))
    s = _DOT_BEFORE_WORD.sub("", s)
    s = _DOT_AFTER_COMPARATOR.sub("", s)
    s = _PER_MILLE.sub("‰", _DASH_AFTER.sub("", s.lstrip("_")))
    head, dot, tail = s.partition(".")
    if dot and "." in tail:  # 179.0.0: one decimal point per number
        s = head + dot + tail.replace(".", "")
    return s


# A points cell read as letters alone (io, lO for 10): it holds a number or nothing.  One letter stays (a lone
# l or I is as much a / as a 1).
_POINTS_AS_LETTERS = regex.compile(r"[OoQlIi]{2,3}")


def _points_as_letters(text: str) -> str | None:
    return text.strip().translate(_DIGIT_OF) if _POINTS_AS_LETTERS.fullmatch(text.strip()) else None


def _letters(text: str, numeric: bool) -> str | None:
    fixed = (_points_as_letters(text) if numeric else None) or number_noise(text)
    if fixed == text:
        return None
    if numeric:  # a weight or score cell
        return fixed if parse_number(text) is None and parse_number(fixed) is not None else None
    before, after = parse(text), parse(fixed)
    # Evidence: the cell reads as a number only after the repair, or its "unit" was the noise.
    if after.kind == QUANT and (before.kind != QUANT or before.unit != after.unit or before.unparsed):
        return fixed
    return None


def _comparator(target: str, actual: str, weight: str, score: str, likely: str) -> str | None:
    """`M50人次` with actual `55人次` → `≥50人次`; `二100%` → `=100%`; `W60万元` with actual `58万元` and full
    marks → `≤60万元`; `290%` with actual `92%` → `≥90%`."""
    stripped = target.lstrip()
    misread = _MISREAD_HEAD.match(stripped)
    head, rest = (misread.group(), stripped[misread.end():]) if misread else (stripped[:1], stripped[1:])
    t, r, a = parse(target), parse(rest), parse(actual)
    if r.kind != QUANT or r.op is not None:
        return None
    if a.kind != QUANT or a.value is None:
        sign = _unbacked(head, r, likely) if misread and t.kind != QUANT else None
        return sign + rest if sign else None
    if a.unit not in (None, r.unit):
        return None
    if misread and t.kind != QUANT:
        return (_SIGN_AS.get(head) or _ge_or_le(r.value, a.value, weight, score, likely)) + rest
    if head != "2" or t.kind != QUANT or t.op is not None or r.value is None or r.value <= 0:
        return None
    far_below_as_read = a.value < 0.5 * t.value
    plausible_without = 0.5 * r.value <= a.value <= 2 * r.value
    return "≥" + rest if far_below_as_read and plausible_without else None


def _unbacked(head: str, rest: Value, likely: str) -> str | None:
    """The comparator a misread `head` stands for where the actual backs no reading (empty, in words): = for
    二, else the `likely` one, before a number in percent only (a letter before a count may be a name's,
    N95口罩)."""
    return (_SIGN_AS.get(head) or likely) if rest.unit == "%" else None


def _ge_or_le(target: float | None, actual: float, weight: str, score: str, likely: str) -> str:
    """The comparator a letter stands for: on a row given full marks (its 得分 equals its 分值), the one
    (≥ or ≤) under which the actual meets the target; the `likely` one where the marks are not full or not
    printed, or the actual is the target."""
    w, s = parse_number(weight or ""), parse_number(score or "")
    if target is None or w is None or s is None or w <= 0 or s != w or actual == target:
        return likely
    return "≥" if actual > target else "≤"


POINTS = ("weight", "score")  # 分值/权重 and 得分: never below zero
# A dash (or a speck read as one) before the points of a cell: -10 for 10.
_DASHED = regex.compile(r"^[-—–―]+\s*(?=\d)")


def _unsigned(text: str) -> str | None:
    """Points read with a dash before them, without it: points are never negative."""
    fixed = _DASHED.sub("", text.strip())
    return fixed if fixed != text.strip() and parse_number(fixed) is not None else None


def repair_amounts(cells: dict[str, str], names: dict[str, str]) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """Funds-block or 总分 cells of an OCR'd table with noise removed from numbers that only then read, and
    points without a dash read before them."""
    fixed_cells, repairs = dict(cells), []
    for role, text in cells.items():
        fixed = number_noise(text) if text else text
        misread = parse_amount(text)[0] is None or bool(_DECIMAL.search(text))  # 1060,00 is not 106000
        if fixed != text and misread and parse_amount(fixed)[0] is not None:
            fixed_cells[role] = fixed
            repairs.append((names.get(role, role), text, fixed))
        elif role in POINTS and text and (fixed := _unsigned(text) or _points_as_letters(text)):
            fixed_cells[role] = fixed
            repairs.append((names.get(role, role), text, fixed))
    return fixed_cells, repairs


CELL_NAMES = {"target": "年度指标值", "actual": "实际完成值", "weight": "分值", "score": "得分"}
# Numbers the newer forms print beside the points (Hebei's 权重占比 / 折算得分, Chongqing's 得分系数).
SHARE_NAMES = {"weight_share": "权重占比", "weighted_score": "折算得分", "score_ratio": "得分系数"}
_DASH_AS_ONE = regex.compile(r"^一{1,2}$")  # — or —— read as 一


def repair(parts: dict[str, str], likely: str = "≥") -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """The parts of an OCR'd indicator row with misreads repaired, and the repairs made as
    (cell name, as read, corrected).  `likely`: the comparator a letter read for ≥ or ≤ stands for where the
    row gives no evidence (≤ in a 成本指标 row, as the normalizer assumes where none is printed)."""
    fixed_parts, repairs = dict(parts), []
    for role in ("target", "actual"):  # specks at the ends of a value in words (，及时, 逐步完善，): unflagged
        text = fixed_parts.get(role, "")
        if text and not any(ch.isdigit() for ch in text):
            fixed_parts[role] = text.strip(_SPECK + "_") or text
    for role, name in {**CELL_NAMES, **SHARE_NAMES, "deviation": "偏差原因"}.items():
        text = fixed_parts.get(role, "")
        if _DASH_AS_ONE.match(text.strip()):
            fixed = "—"
        elif text and role in SHARE_NAMES:
            fixed = _letters(text, numeric=True)
        elif text and role in CELL_NAMES:
            fixed = _letters(text, numeric=role in POINTS) or (_unsigned(text) if role in POINTS else None)
        else:
            fixed = None
        if fixed:
            repairs.append((name, text, fixed))
            fixed_parts[role] = fixed
    target = fixed_parts.get("target", "")
    fixed = _comparator(target, fixed_parts.get("actual", ""), fixed_parts.get("weight", ""),
                        fixed_parts.get("score", ""), likely) if target else None
    if fixed:
        repairs.append((CELL_NAMES["target"], target, fixed))
        fixed_parts["target"] = fixed
    pointed = {role: _speck_point(fixed_parts.get(role, ""), fixed_parts.get(other, ""))
               for role, other in (("target", "actual"), ("actual", "target"))}
    if sum(map(bool, pointed.values())) == 1:  # both: no telling which is right
        for role, fixed in pointed.items():
            if fixed:
                repairs.append((CELL_NAMES[role], fixed_parts[role], fixed))
                fixed_parts[role] = fixed
    for role, fixed in _units(fixed_parts.get("target", ""), fixed_parts.get("actual", "")).items():
        repairs.append((CELL_NAMES[role], fixed_parts[role], fixed))
        fixed_parts[role] = fixed
    unit = fixed_parts.get("target_unit", "")
    if _PER_MILLE_UNIT.fullmatch(unit.strip()):  # a 度量单位 cell of its own: ‰ read as %o
        repairs.append((UNIT_CELL_NAME, unit, "‰"))
        fixed_parts["target_unit"] = "‰"
    op = fixed_parts.get("target_op", "")
    cell = {role: fixed_parts.get(role, "") for role in ("target", "target_unit", "actual", "weight", "score")}
    fixed = _op_cell(op, *cell.values(), likely) if op else None
    if fixed:
        repairs.append((OP_CELL_NAME, op, fixed))
        fixed_parts["target_op"] = fixed
    return fixed_parts, repairs


OP_CELL_NAME = "指标性质"
UNIT_CELL_NAME = "度量单位"
_PER_MILLE_UNIT = regex.compile(r"%[oO0]")
_DOT = "·"
_POINT = regex.compile(r"(?<=\d)\.(?=\d)")


def _speck_point(cell: str, other: str) -> str | None:
    """`≥80.00户` beside `8160户` → `≥8000户`; `71.20` beside `≥6800人次` → `7120` (see the module's docstring)."""
    if len(_POINT.findall(cell)) != 1 or "." in other:
        return None
    c, o = parse(cell), parse(other)
    if c.kind != QUANT or o.kind != QUANT or not c.base_value or not o.base_value or "%" in (c.base_unit, o.base_unit):
        return None
    if c.unit and o.unit and c.base_unit != o.base_unit:
        return None
    fixed = _POINT.sub("", cell)
    as_read, without = c.base_value / o.base_value, (parse(fixed).base_value or 0) / o.base_value
    return fixed if not 0.05 <= as_read <= 20 and 0.5 <= without <= 2 else None


def _likely(unit: str) -> str:
    """A unit with the look-alikes the recogniser reads for its glyphs undone: 庙 for 亩 and 入 for 人 (never in a
    unit), 方 for the scale 万 before a unit (3.72方人次; 立方米 keeps its 方)."""
    unit = unit.replace("庙", "亩").replace("入", "人")
    return "万" + unit[1:] if unit.startswith("方") and len(unit) > 1 else unit



def _units(target: str, actual: str) -> dict[str, str]:
    """The target or actual cell with its unit as the other cell prints it, where the two differ only by a
    look-alike glyph, a middle dot or the small circle of ‰ the engine lost (`0.9%` beside `0.2‰`: a thin
    mark is lost, never added)."""
    t, a = parse(target), parse(actual)
    if t.kind != QUANT or a.kind != QUANT or not t.unit or not a.unit:
        return {}
    tu, au = _likely(t.unit), _likely(a.unit)
    if t.unit == a.unit and tu == t.unit:
        return {}  # (the same look-alike in both cells is undone all the same: 庙 is in no unit)
    if tu.replace(_DOT, "").replace("‰", "%") != au.replace(_DOT, "").replace("‰", "%"):
        return {}
    unit = tu if _DOT in tu or "‰" in tu else au
    cells = {"target": (target, t.unit), "actual": (actual, a.unit)}
    fixed = {role: text.replace(read, unit) for role, (text, read) in cells.items()}
    return {role: text for role, text in fixed.items() if text != cells[role][0]}


def _op_cell(op: str, target: str, unit: str, actual: str, weight: str, score: str, likely: str) -> str | None:
    """A comparator column's cell (a split 年度指标值 with its 度量单位 `unit`) without specks (`≥ .`), and
    with = read as 二 and ≥ or ≤ read as letters (see _comparator) when the row's target is a number."""
    fixed = despeck(op.strip()).strip()
    t, a = parse(target), parse(actual)
    misread = fixed in _SIGN_AS or _AS_LETTERS.fullmatch(fixed)
    if fixed and misread and t.kind == QUANT:
        if a.kind == QUANT and a.value is not None:
            fixed = _SIGN_AS.get(fixed) or _ge_or_le(t.value, a.value, weight, score, likely)
        else:
            fixed = _unbacked(fixed, parse(squeeze(target) + squeeze(unit)), likely) or fixed
    return fixed if fixed != op.strip() else None


LEVEL3_NAME = "三级指标"
# An opening bracket whose text runs to the cell's end with no closing one: 足额保障率(参保率
_UNCLOSED = regex.compile(r"[(（][^()（）]*$")


def closing_bracket(label: str) -> str | None:
    """A 三级指标 whose closing bracket, the last glyph of its cell, the engine lost (a thin stroke at the
    cell's edge): the label closed, when its last bracket is open to the end and nothing else is."""
    opened = _UNCLOSED.search(label)
    opens, closes = sum(map(label.count, "(（")), sum(map(label.count, ")）"))
    if not opened or len(opened.group()) < 2 or opens != closes + 1:
        return None
    return label + ("）" if opened.group()[0] == "（" else ")")


# Glyphs the recogniser reads for others a stroke apart, as seen in label cells: 项目 read 项自.
_GLYPHS = str.maketrans("自", "目")
# A speck read between two characters of a label: 年度总体.目标
_SPECK_IN_WORD = regex.compile(rf"(?<=\p{{Han}})[{regex.escape(_SPECK)}]+(?=\p{{Han}})")


def label_key(cell_key: str, al: Aliases) -> str:
    """An OCR'd cell's key with misread glyphs and specks between characters undone where the cell then
    names every label and column alias it did and more (1.项自年度目标完成情况 → 1.项目年度目标完成情况,
    年度总体.目标 → 年度总体目标; 自评得分 stays)."""
    variants = [v for v in (cell_key.translate(_GLYPHS), _SPECK_IN_WORD.sub("", cell_key)) if v != cell_key]
    if not variants:  # most cells: nothing to look up
        return cell_key
    named = _named(cell_key, al)
    return next((v for v in variants if _named(v, al) > named), cell_key)


def _named(cell_key: str, al: Aliases) -> set[str]:
    tables = (al.labels, al.goal_columns, al.funds_columns, al.fund_lines, al.indicator_columns)
    return {a for table in tables for a in table.found(cell_key)}
