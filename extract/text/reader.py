"""Text exports (.txt): decode, then one row per line, cells split on tabs — or on `|` for web text
that flattens a table into `| cell | cell |` runs.  Text that lost its rows (several rows on one `|`
line, a whole table on one space-separated line, one cell a line) is read as a stream of cells and
regrouped into rows by the table's grammar (extract/tokens.py, extract/regroup.py)."""
from __future__ import annotations

import codecs
from pathlib import Path

import regex

from jixiao.core.grid import ExtractError, Grid, Row
from jixiao.extract.text import regroup, tokens

# Control characters other than tab/newline/CR/form feed: a text export has none, binary files many.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}
# A table's line holds a few thousand characters (a whole table flattened onto one: ~5,000).  Reading
# is linear but not cheap (a line of 1,000,000 characters of `|` cells: 2.5 s; a 50 MB line 75 s and
# 1 GB), so a longer line is left out, and the notes say so.
MAX_LINE = 1_000_000


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text: by its BOM, or without one by where the NUL bytes fall (ASCII in
    UTF-16 is the byte and a NUL; few CJK characters have one, e.g. 一 U+4E00, but a table export
    always has tabs, digits or newlines).  None when the data does not look like UTF-16."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[:65536 - 65536 % 2] if len(data) % 2 == 0 else b""
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    pairs = len(sample) // 2
    if pairs and max(even, odd) >= pairs * 0.05 and min(even, odd) * 3 <= max(even, odd):
        return "utf-16-le" if odd > even else "utf-16-be"
    return None


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, UTF-16 (what Excel and Notepad save as "Unicode
    text", with or without BOM), else GB18030 (a superset of GBK and GB2312)."""
    if not data:
        raise ExtractError("empty file (0 bytes)")
    utf16 = _utf16(data)
    if utf16 is not None:
        try:
            text, encoding = data.decode(utf16), utf16
        except UnicodeDecodeError:
            raise ExtractError("not a text file: binary content (NUL bytes)") from None
    elif b"\x00" in data[:65536]:
        raise ExtractError("not a text file: binary content (NUL bytes)")
    elif data.startswith(codecs.BOM_UTF8):
        text, encoding = data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError as e:
                raise ExtractError(f"not a text file: neither UTF-8 nor GB18030 (bad byte at offset {e.start})") from None
    sample = text[:65536]
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if controls > len(sample) * 0.01:
        raise ExtractError(f"not a text file: {controls} control characters in the first {len(sample)}")
    return text, encoding


_PIPE_ROW = regex.compile(r"^\s*\|.*\|\s*$", regex.DOTALL)  # a cell may hold a line break
_PIPE_RULE = regex.compile(r"^\s*\|[\s:|\-—]+\|\s*$")  # |---|:--| under a markdown header


def cells_of(line: str) -> tuple[str, ...]:
    if _PIPE_ROW.match(line):
        return tuple(line.strip()[1:-1].split("|"))
    return tuple(line.split("\t"))


def rows_from_lines(lines: list[str]) -> list[Row]:
    """Rows of cells; a blank line marks a page break before the next row."""
    rows: list[Row] = []
    gap = False
    for line in tokens.pipe_rows(lines):  # a `|` row's cells may hold line breaks
        if not line.strip():
            gap = bool(rows)
            continue
        if _PIPE_RULE.match(line):
            continue
        rows.append(Row(cells_of(line), None, gap))
        gap = False
    return rows


def read_decoded(path: Path) -> tuple[str, str]:
    """A text file's content and detected encoding; ExtractError when it is not readable text."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ExtractError(f"cannot read file: {e.strerror or e}") from None
    return decode(data)


def read_text(path: Path) -> Grid:
    text, encoding = read_decoded(path)
    lines = text.splitlines()
    long = [n for n, line in enumerate(lines, start=1) if len(line) > MAX_LINE]
    notes = []
    if long:
        lines = [line for line in lines if len(line) <= MAX_LINE]
        notes.append(f"line{'s' if len(long) > 1 else ''} {', '.join(map(str, long[:5]))}{' …' if len(long) > 5 else ''}: "
                     f"more than {MAX_LINE:,} characters, longer than any table's line; left out")
    stream = tokens.stream(lines)
    if stream is None:
        return Grid(rows_from_lines(lines), method="text", encoding=encoding, notes=notes)
    return Grid([Row(cells) for cells in regroup.rows(stream)], method="text", encoding=encoding, notes=notes)
