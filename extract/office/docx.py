"""Word documents (.docx, .docm; .doc/.wps/.odt after conversion): every table, in document order.

The body is walked directly (zipfile + ElementTree, both stdlib): python-docx's cell view repeats a
merged cell in every position it covers and does not say where a nested table sits, while the grid
convention is a straight walk of w:tbl.  In a row, `w:gridBefore` skips grid columns, `w:gridSpan`
widens a cell (text once, '' after it) and `w:vMerge` without `restart` continues the cell above
(''), so every row lines up with the table grid.  A table nested in a cell adds its own rows right
after the row that holds it.  Paragraphs outside tables (the title, the year line above a table)
become single-cell rows, as in the PDF and HTML backends.
"""
from __future__ import annotations

import posixpath
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from jixiao.core.grid import ExtractError, Grid, Row
from jixiao.extract import zip_limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_OFFICE_DOC = "/officeDocument"
# Elements that only wrap content (content controls, custom XML, tracked insertions, smart tags).
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "ins", W + "smartTag", W + "hyperlink",
             W + "fldSimple", W + "moveTo"}
_MAX_XML = 200 * 2**20  # a document part larger than this is refused, not parsed


def _val(el: ET.Element | None, default: str | None = None) -> str | None:
    return default if el is None else el.get(W + "val", default)


def _int(value: str | None, default: int) -> int:
    try:
        return max(0, min(int(value), 1000)) if value is not None else default
    except ValueError:
        return default


def paragraph_text(p: ET.Element) -> str:
    """A paragraph's visible text: runs in order, tabs as spaces, breaks as line breaks."""
    out = []
    for el in p.iter():
        if el.tag == W + "t" and el.text:
            out.append(el.text)
        elif el.tag in (W + "tab", W + "ptab"):
            out.append(" ")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _children(el: ET.Element):
    """Block-level children with wrapper elements looked through."""
    for child in el:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _cells(tr: ET.Element):
    for child in _children(tr):
        if child.tag == W + "tc":
            yield child


class _Body:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def block(self, parent: ET.Element) -> None:
        for el in _children(parent):
            if el.tag == W + "p":
                text = paragraph_text(el).strip()
                if text:
                    self.rows.append(Row((text,)))
            elif el.tag == W + "tbl":
                self.table(el)

    def table(self, tbl: ET.Element) -> None:
        for tr in _children(tbl):
            if tr.tag != W + "tr":
                continue
            tr_pr = tr.find(W + "trPr")
            cells = [""] * _int(_val(tr_pr.find(W + "gridBefore") if tr_pr is not None else None), 0)
            nested: list[ET.Element] = []
            covered: set[int] = set()
            for tc in _cells(tr):
                tc_pr = tc.find(W + "tcPr")
                span = _int(_val(tc_pr.find(W + "gridSpan") if tc_pr is not None else None), 1) or 1
                merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
                continued = merge is not None and _val(merge, "continue") != "restart"
                texts = []
                for el in _children(tc):
                    if el.tag == W + "p":
                        texts.append(paragraph_text(el))
                    elif el.tag == W + "tbl":
                        nested.append(el)
                text = "" if continued else "\n".join(texts).strip()
                if continued:
                    covered.update(range(len(cells), len(cells) + span))
                cells += [text] + [""] * (span - 1)
            if any(c.strip() for c in cells):
                self.rows.append(Row(tuple(cells), covered=frozenset(covered)))
            for inner in nested:
                self.table(inner)


def _main_part(z: zipfile.ZipFile) -> str:
    """The main document part named by the package relationships (word/document.xml as a rule)."""
    try:
        rels = ET.fromstring(z.read("_rels/.rels"))
        for rel in rels.iter(_REL):
            if rel.get("Type", "").endswith(_OFFICE_DOC):
                return posixpath.normpath(rel.get("Target", "").lstrip("/"))
    except (KeyError, ET.ParseError):
        pass
    return "word/document.xml"


def read_docx(path: Path) -> Grid:
    try:
        with zipfile.ZipFile(path) as z:
            zip_limits.refuse_bomb(z, "Word document")
            name = _main_part(z)
            if z.getinfo(name).file_size > _MAX_XML:
                raise ExtractError(f"Word document too large ({name} over {_MAX_XML >> 20} MiB)")
            root = ET.fromstring(z.read(name))
    except zip_limits.Refused:
        raise
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, EOFError) as e:
        raise ExtractError(f"cannot read Word document: {' '.join(str(e).split())[:200]}") from None
    body = root.find(W + "body")
    if body is None:
        raise ExtractError("cannot read Word document: no document body")
    reader = _Body()
    try:
        reader.block(body)
    except RecursionError:  # the walk recurses once a nested table (200 levels read fine)
        raise ExtractError("Word document nested too deeply to read (tables in tables, or wrappers in wrappers, "
                           "hundreds of levels deep)") from None
    return Grid(reader.rows, method="docx")
