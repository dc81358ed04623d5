"""Stage 1: turn an input file into a cell grid (see jixiao.core.grid), choosing the backend by file type.

The type comes from the file's first bytes where they are decisive (a .xls that is really an HTML
page or an .xlsx, a zip that is really a .docx), else from the suffix.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from jixiao.core import settings
from jixiao.core.grid import ExtractError, Grid

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
# Pages a crawl of a site saves under the server's names; read as HTML when their first bytes are HTML.
SERVER_PAGE_SUFFIXES = {".shtml", ".jsp", ".aspx", ".php", ".jhtml", ".asp"}
PDF_SUFFIXES = {".pdf"}
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".et", ".ods"}
WORD_SUFFIXES = {".docx", ".docm", ".doc", ".wps", ".odt"}
ARCHIVE_SUFFIXES = {".zip", ".7z", ".rar", ".ofd"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES | WORKBOOK_SUFFIXES | WORD_SUFFIXES | ARCHIVE_SUFFIXES

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: .doc, .xls, .wps, .et
_MAGIC = {b"%PDF": "pdf", b"7z\xbc\xaf\x27\x1c": "7z", b"Rar!\x1a\x07": "rar"}
# Parts that say what an OOXML/ODF/OFD zip holds.
_ZIP_KINDS = (("word/", "docx"), ("xl/", "xlsx"), ("OFD.xml", "ofd"))
_ODF = {b"application/vnd.oasis.opendocument.text": "odt",
        b"application/vnd.oasis.opendocument.spreadsheet": "ods"}
# What the runner calls the reader of each type when its process dies (jixiao/runner/child_output.py).
_READERS = {"pdf": "PDF reader", "html": "HTML reader", "docx": "Word reader", "docm": "Word reader",
            "doc": "LibreOffice conversion", "wps": "LibreOffice conversion", "odt": "LibreOffice conversion",
            "zip": "zip reader", **dict.fromkeys(("xlsx", "xlsm", "xls", "ods", "et"), "workbook reader")}


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            if "mimetype" in names:
                return _ODF.get(z.read("mimetype").strip(), "zip")
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, KeyError):
        return "zip"
    for prefix, kind in _ZIP_KINDS:
        if any(n.startswith(prefix) for n in names):
            return kind
    return "zip"


def file_type(path: Path) -> str:
    """pdf, txt, html, xlsx, xls, docx, doc, zip, ... from the first bytes, else the suffix."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        head = b""
    for magic, kind in _MAGIC.items():
        if head.startswith(magic):
            return kind
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if head.startswith(_OLE):
        return {".doc": "doc", ".wps": "wps", ".et": "et"}.get(suffix, "xls")
    if suffix in TEXT_SUFFIXES:
        return "txt"
    low = head.lower()
    if suffix in HTML_SUFFIXES or any(tag in low for tag in (b"<table", b"<html", b"<!doctype html")):
        return "html"
    if suffix in PDF_SUFFIXES | WORKBOOK_SUFFIXES | WORD_SUFFIXES | ARCHIVE_SUFFIXES:
        return suffix.lstrip(".")  # a file not of its suffix's kind: the reader says so
    return suffix.lstrip(".") or "txt"


def read(path: Path, kind: str) -> Grid:
    # Each backend is imported when a file of its kind comes (pdfplumber, calamine, …).
    settings.reader(_READERS.get(kind, "text reader"))
    if kind == "pdf":
        from jixiao.extract.pdf.reader import read_pdf
        return read_pdf(path)
    if kind == "html":
        from jixiao.extract.html import read_html
        return read_html(path)
    if kind in ("xlsx", "xlsm", "xls", "ods", "et"):
        return _read_workbook(path, kind)
    if kind in ("docx", "docm"):
        from jixiao.extract.office.docx import read_docx
        return read_docx(path)
    if kind in ("doc", "wps", "odt"):
        from jixiao.extract.office.convert import convert
        from jixiao.extract.office.docx import read_docx
        return convert(path, "docx", read_docx)
    from jixiao.extract.text.reader import read_text
    return read_text(path)


def _read_workbook(path: Path, kind: str) -> Grid:
    """calamine; a legacy .xls/.et through LibreOffice when calamine cannot parse it (some WPS files)
    or when it holds formulas (LibreOffice writes their text back, see xlsx.sheet_rows)."""
    from jixiao.extract.office.convert import convert, soffice
    from jixiao.extract.office.xlsx import read_workbook, xls_has_formulas
    if kind in ("xls", "et") and soffice() and xls_has_formulas(path):
        return convert(path, "xlsx", read_workbook)
    try:
        return read_workbook(path)
    except ExtractError:
        if kind not in ("xls", "et"):
            raise
    return convert(path, "xlsx", read_workbook)
