"""Word from a file's process to the batch runner while the file is being read (one way, best effort).

The runner connects a sink in each file's process; outside a batch (a test, a library call) nothing
is connected and a report goes nowhere."""
from __future__ import annotations

from collections.abc import Callable

_sink: Callable[[str, int], None] | None = None


def connect(sink: Callable[[str, int], None] | None) -> None:
    global _sink
    _sink = sink


def ocr_pages(n: int) -> None:
    """The file has `n` pages to OCR (the runner allows a scan time in proportion: batch.Limits)."""
    if _sink is not None and n:
        _sink("ocr_pages", n)
