"""The settings of one call, as one frozen object: which catalogues, which grading scheme, and the
runner's services a stage may use (where OCR'd pages are kept, whom to tell about pages to OCR).

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
from typing import Protocol

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
    on_ocr_pages: Callable[[list[int]], None] | None = None  # told the 1-based pages a file will OCR


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
