"""The settings of one call, as one frozen object: which catalogues, which grading scheme, and the
runner's services a stage may use (where OCR'd pages are kept, whom to tell what the file's process
is doing: `ocr_pages`, `reader`).

The caller (the runner, the library API, a test) builds a `Settings` and runs a file's stages inside
`active(settings)`; a stage reads it with `current()`.  The value lives in a context variable that
`active` resets when the call ends, so nothing carries over from one call to the next: outside any
call `current()` is the defaults (the bundled catalogues).  Passing it this way, not as an argument
through every function of every reader, keeps the readers' signatures about cells.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from jixiao.core.config import Catalogue, bundled_catalogue


class PageStore(Protocol):
    """OCR'd pages kept while a scan is read (the runner's implementation: jixiao.runner.page_store)."""

    def get(self, page: int) -> dict | None: ...
    def put(self, page: int, reading: dict) -> None: ...
    def stored(self, pages: list[int]) -> set[int]: ...


@dataclass(frozen=True, slots=True)
class Settings:
    catalogue: Catalogue = field(default_factory=bundled_catalogue)
    scheme: str | None = None  # grading scheme of rules.yaml (None: the catalogue's default)
    ocr_threads: int = 0  # onnxruntime threads for OCR in this process (0: one a core)
    pages: PageStore | None = None  # where a scan's OCR'd pages are kept (None: nowhere)
    report: Callable[[str, Any], None] | None = None  # word to the runner, (what, value); None: nobody listens


_ACTIVE: ContextVar[Settings | None] = ContextVar("jixiao_settings", default=None)


@cache
def defaults() -> Settings:
    return Settings()


def current() -> Settings:
    """The settings of the call being served (the defaults outside any)."""
    return _ACTIVE.get() or defaults()


@contextmanager
def active(settings: Settings) -> Iterator[Settings]:
    """Run the stages of one call with `settings`; the previous ones are back when it ends."""
    token = _ACTIVE.set(settings)
    try:
        yield settings
    finally:
        _ACTIVE.reset(token)


def ocr_pages(pages: list[int]) -> None:
    """Tell the runner the 1-based pages this file will OCR: it allows a scan time for each and may
    read a long one ahead in a second process (jixiao/runner/batch.py, read_ahead.py)."""
    report = current().report
    if report is not None and pages:
        report("ocr_pages", list(pages))


def reader(name: str) -> None:
    """Tell the runner which reader runs now ('workbook reader', 'OCR engine', …): a library that may
    crash or abort natively, which the runner names if the process dies (jixiao/runner/child_output.py)."""
    report = current().report
    if report is not None:
        report("reader", name)
