"""Word from a file's process to the batch runner while the file is being read (one way, best effort).

The runner connects a sink in each file's process; outside a batch (a test, a library call) nothing
is connected and a report goes nowhere."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

_sink: Callable[[str, Any], None] | None = None
_reader: str | None = None


def connect(sink: Callable[[str, Any], None] | None) -> None:
    global _sink, _reader
    _sink, _reader = sink, None


def ocr_pages(pages: list[int]) -> None:
    """The file has these pages (1-based) to OCR: the runner allows a scan time in proportion
    (batch.Limits) and may read a long one ahead in a second process (jixiao/read_ahead.py)."""
    if _sink is not None and pages:
        _sink("ocr_pages", list(pages))


def reader(name: str) -> None:
    """The reader about to run ('workbook reader', 'OCR engine', …): a library that may crash or abort
    natively, which the runner names when the process dies (jixiao/child_output.py)."""
    global _reader
    if _sink is not None and name != _reader:
        _reader = name
        _sink("reader", name)
