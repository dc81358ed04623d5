"""Stage 1: turn an input file into a cell grid (see jixiao.grid), choosing the backend by file type."""
from __future__ import annotations

from pathlib import Path

from jixiao.grid import Grid

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | PDF_SUFFIXES


def file_type(path: Path) -> str:
    """pdf, txt, html, ... from the suffix; a file without a known suffix is sniffed."""
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES:
        return "pdf"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in TEXT_SUFFIXES:
        return "txt"
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError:
        return suffix.lstrip(".") or "unknown"
    if head.startswith(b"%PDF"):
        return "pdf"
    if b"<table" in head.lower() or b"<html" in head.lower():
        return "html"
    return suffix.lstrip(".") or "txt"


def read(path: Path, kind: str) -> Grid:
    if kind == "pdf":
        from jixiao.extract.pdf import read_pdf  # pdfplumber is only imported when a PDF comes
        return read_pdf(path)
    if kind == "html":
        from jixiao.extract.html import read_html
        return read_html(path)
    from jixiao.extract.text import read_text
    return read_text(path)
