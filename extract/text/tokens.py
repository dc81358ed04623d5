"""Text that lost its table, as a stream of cells in reading order (a token stream).

Three forms reach users (see README "Inputs it reads"):
- web text whose `| cell |` runs hold several table rows on one line (empty cells dropped; a row ends
  where an empty cell `| |` or a line end stands);
- an office text dump with all non-empty cells of a table on one line, one space apart (`flat`): the
  line is split on spaces and the pieces that belong to one cell are put back together by their shape;
- a web page's visible text with one non-empty cell a line.

`stream(lines)` says whether a file is one of these and gives its tokens; extract/regroup.py then turns
the tokens back into grid rows.  A file with tab rows, or `|` lines holding one row each, has its row
structure and is not a token stream.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from jixiao.core.forms import forms
from jixiao.core.text import key
from jixiao.core.vocabulary import (
    MONEY_UNIT_CELL,
    aliases,
    comparator,
    kind_marks,
    label_and_value,
    statement_comparators,
)


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    row_start: bool = False  # a printed row boundary stands before it (`| |` in web text)
    flat: bool = False  # a piece of a space-separated line: it may be only part of a cell


# More non-empty cells than any table row has: several rows run together on one `|` line.
_MAX_ROW_CELLS = 12
_PIPE_LINE = regex.compile(r"^\s*\|")
# A parenthesised gloss without digits belongs to the word before it: `≥12000.00 (次)`, `局 (汇总)`.
_GLOSS = regex.compile(r"^[(（][^()（）\d]{1,12}[)）]$")
# (30), (10分): a level-1 label's weight, after the label (效益指标 (30)) or printed apart from it.
LABEL_WEIGHT = regex.compile(r"^[(（]\d+(?:\.\d+)?分?[)）]$")
UNIT_SYMBOL = regex.compile(r"^[%‰℃°％]$")  # 90 %: a unit symbol after a number
_SCALED_UNIT = regex.compile(r"^[万亿]\p{Han}{1,3}$")  # 1.25 万人: a unit with its scale, wrapped off its number
_HAN_WORD = regex.compile(r"^\p{Han}+$")
HAN_UNIT = regex.compile(r"^\p{Han}{1,4}$")  # 亩, 个工作日: a unit of measure printed apart from its number
_HAN_CHAR = regex.compile(r"^\p{Han}$")
_DIGIT_END = regex.compile(r"\d$")
_BARE = regex.compile(r"\d+(?:\.\d+)?")  # a number without unit or sign: points, most often
_LATIN_END = regex.compile(r"[A-Za-z]$")
_LATIN_START = regex.compile(r"^[A-Za-z]")


def _anchors(line: str) -> int:
    """How many different parts of a table a space-separated line names (title, labels, headers), up to 2."""
    al, money = aliases(), forms().funds.holding("money")
    found = set()
    words = line.split()
    for n, word in enumerate(words):
        k = key(word)
        # a header cell printed on two lines comes as two words (一级 指标)
        pair = k + key(words[n + 1]) if n + 1 < len(words) and len(k) <= 4 and _HAN_WORD.match(k) else ""
        if any(t in k for t in al.titles) and len(k) <= 40:
            found.add("title")
        elif (role := al.labels.label(k)) is not None:
            found.add(role)
        elif al.indicator_columns.label(k) in ("level1", "level3") or \
                (len(pair) <= 8 and al.indicator_columns.label(pair) in ("level1", "level3")):
            found.add("indicators")
        elif al.funds_columns.label(k) in money:
            found.add("funds")
        if len(found) >= 2:  # enough to tell a table's line
            break
    return len(found)


def merge_words(words: list[str]) -> list[str]:
    """Pieces of a space-separated line put back into cells where their shape says they are one:
    a unit gloss, symbol or scaled unit (万人) after a number, a lone comparator before one, an English
    phrase, a level-1 label's weight, the unit of 金额单位: 元."""
    level1 = aliases().level1_names
    cells: list[str] = []
    spaced = _spaced_out(words)
    for n, w in enumerate(words):
        if n and spaced[n] and spaced[n - 1]:  # 资 金 来 源: one cell printed a character apart
            cells[-1] = f"{cells[-1]} {w}"
        elif cells and (_GLOSS.match(w)
                        or (comparator().fullmatch(key(cells[-1])) and not _stated(cells[-1], words[n:]))
                        or (_LATIN_END.search(cells[-1]) and _LATIN_START.match(w))
                        or (LABEL_WEIGHT.match(w) and key(cells[-1]) in level1)
                        or ((UNIT_SYMBOL.match(w) or _SCALED_UNIT.match(w)) and _DIGIT_END.search(cells[-1]))
                        or _unit_apart(cells, w)
                        or ("单位" in cells[-1] and MONEY_UNIT_CELL.fullmatch(key(cells[-1] + w)))):
            cells[-1] = f"{cells[-1]} {w}"
        else:
            cells.append(w)
    return cells


def _unit_apart(cells: list[str], word: str) -> bool:
    """A unit word printed apart from its number (≥ 5000 亩 5120 亩): after a comparator and a number printed apart
    (a table that spaces its sign spaces its unit; `≥80 无` is a target and an actual), or after a bare number when
    the target before it, so spaced, ends in the same unit — never a label (质量, 时效指标) or a kind (定性)."""
    k = key(word)
    if not HAN_UNIT.match(k) or k.endswith("指标") or k in aliases().level2_names or k in kind_marks():
        return False
    last = key(cells[-1])
    if (m := comparator().match(last)) and _BARE.fullmatch(last[m.end():]):
        return " " in cells[-1]
    return bool(_BARE.fullmatch(last)) and len(cells) >= 2 and " " in cells[-2] and key(cells[-2]).endswith(k) \
        and _DIGIT_END.search(key(cells[-2])[:-len(k)]) is not None


def _stated(word: str, rest: list[str]) -> bool:
    """A comparator word that states a result (达到) before two bare numbers: an actual in words then its
    分值 and 得分 (达到 10 10), not the value 达到10 (a target's number keeps its unit: 达到 95 %)."""
    return key(word) in statement_comparators() and len(rest) > 1 and all(_BARE.fullmatch(w) for w in rest[:2])


def _spaced_out(words: list[str]) -> list[bool]:
    """Words that are single CJK characters in a run of at least three: a cell printed with its
    characters spaced out (资 金 来 源, 项 目 名 称)."""
    single = [bool(_HAN_CHAR.match(w)) for w in words]
    out = [False] * len(words)
    n = 0
    while n < len(words):
        m = n
        while m < len(words) and single[m]:
            m += 1
        if m - n >= 3:
            out[n:m] = [True] * (m - n)
        n = max(m, n + 1)
    return out


# A cell boundary: a `|` with a space or a line's end on a side; one between two printed characters is the
# cell's own (an absolute value, （1-|决算数-预算数|÷预算数）).
_PIPE = regex.compile(r"(?<!\S)\||\|(?!\S)")


def _pipe_tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    boundary = True
    for part in _PIPE.split(text):
        if not part.strip():
            boundary = True
            continue
        tokens.append(Token(part.strip(), row_start=boundary))
        boundary = False
    return tokens


def _line_tokens(lines: list[str]) -> list[Token]:
    tokens: list[Token] = []
    for line in lines:
        if not line.strip():
            continue
        if " " in line.strip() and _anchors(line) >= 2:  # a whole table on one line
            tokens += [Token(c, flat=True) for c in merge_words(line.split())]
        else:
            tokens.append(Token(line.strip()))
    return tokens


def stream(lines: list[str]) -> list[Token] | None:
    """The tokens of a file that lost its table; None when its lines carry the rows (tabs, one `|` row a line)."""
    if any("\t" in line for line in lines):
        return None
    pipes = [n for n, line in enumerate(lines) if _PIPE_LINE.match(line)]
    if not pipes:
        return _without_marks(_line_tokens(lines))
    first = pipes[0]
    if not any(sum(1 for c in row.split("|") if c.strip()) > _MAX_ROW_CELLS for row in pipe_rows(lines[first:])):
        return None
    return _without_marks(_line_tokens(lines[:first]) + _pipe_tokens("\n".join(lines[first:])))


def _without_marks(tokens: list[Token]) -> list[Token]:
    """The tokens without the marks of a table going on after a page break (续表), which are no cell of it
    (the printed row boundary before a mark stays before the token after it), and with a head label and its
    value printed in one cell (项目名称：…) as the two cells the form prints."""
    out: list[Token] = []
    boundary = False
    for t in tokens:
        if aliases().is_continued(key(t.text)):
            boundary = boundary or t.row_start
            continue
        if pair := label_and_value(t.text):
            out += [Token(pair[0], t.row_start or boundary, t.flat), Token(pair[1], False, t.flat)]
        else:
            out.append(Token(t.text, t.row_start or boundary, t.flat) if boundary else t)
        boundary = False
    return out


def pipe_rows(lines: list[str]) -> list[str]:
    """The `|` lines with a cell's own line breaks put back: a line that does not end in `|` goes on
    on the next (年度预算申请⏎(万元 is one cell)."""
    out: list[str] = []
    open_cell = False
    for line in lines:
        if open_cell and line.strip() and not _PIPE_LINE.match(line):
            out[-1] += "\n" + line
        else:
            out.append(line)
        open_cell = bool(_PIPE_LINE.match(out[-1])) and not out[-1].rstrip().endswith("|")
    return out
