"""Cleaning cell text as SCHEMA.md says, and the keys used to match labels."""
from __future__ import annotations

import html
import unicodedata

import regex

# Characters between which a PDF or text export's line break or space is an artefact (curly quotes
# are set full-width in Chinese text).
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef\u2e80-\u2fdf\u2018\u2019\u201c\u201d]"
_CJK_GAP = regex.compile(rf"(?<={_CJK})\s+(?={_CJK})")
_SPACES = regex.compile(r"\s+")
_TAG = regex.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
# Kangxi radicals, CJK radical supplement and compatibility ideographs that some exporters use in
# place of common characters (⽬ for 目).  Only these are folded: full NFKC would also turn the
# publisher's full-width punctuation (，（）) into ASCII, and text fields keep the wording as printed.
_COMPAT = regex.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")
# Radicals-supplement forms that stand for a whole character but that NFKC leaves alone (⻓ is
# CJK RADICAL C-SIMPLIFIED LONG, and so on).
_SUPPLEMENT = dict(zip("⻓⻔⻅⻋⻜⻢⻙⻚⻛⻉⻄⻩⻬⻮⻰⻆⻘⻝⻣⻤⻥⻦⻨⻧⻪⻠⺠⺶⻈",
                       "长门见车飞马韦页风贝西黄齐齿龙角青食骨鬼鱼鸟麦卤黾饣民羊讠"))
_ASCII_ALNUM = regex.compile(r"[A-Za-z0-9]")
# A Chinese character (the CJK Unified Ideographs block), as OCR's checks on what stands beside a mark use it.
HAN = regex.compile(r"[\u4e00-\u9fff]")


def fold_compat(s: str) -> str:
    return _COMPAT.sub(lambda m: _SUPPLEMENT.get(m.group()) or unicodedata.normalize("NFKC", m.group()), s)


def clean(raw: str | None) -> str:
    """Publisher's wording with export artefacts removed; '' for an empty cell."""
    if not raw:
        return ""
    s = fold_compat(html.unescape(raw)) if "&" in raw else fold_compat(raw)
    parts = []
    for seg in _TAG.split(s):
        seg = _SPACES.sub(" ", _CJK_GAP.sub("", seg)).strip()
        if seg:
            parts.append(seg)
    return "\n".join(parts)


def join_fragments(a: str, b: str) -> str:
    """Join the two halves of a cell split by a page break (both already cleaned)."""
    if not a or not b:
        return a or b
    sep = " " if _ASCII_ALNUM.match(a[-1]) and _ASCII_ALNUM.match(b[0]) else ""
    return a + sep + b


def squeeze(s: str | None) -> str:
    """All whitespace removed, characters as printed (for joining split cells such as ≧ | 735 | 人次)."""
    return "".join((s or "").split())


# Lenticular brackets, which NFKC leaves as they are, read as round ones: 产出指标【50分】 is 产出指标(50分).
_ROUND = str.maketrans("【】〖〗", "()()")


def key(s: str | None) -> str:
    """Matching key for labels and headers: NFKC, no whitespace, no tags, round brackets for 【】."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).translate(_ROUND)
    return squeeze(_TAG.sub("", s) if "<" in s else s)
