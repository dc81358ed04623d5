"""A second process for a long scan when a worker would otherwise sit idle.

While a scan's own process OCRs its pages from the first, a helper OCRs them from the last backwards
into the page store (extract/page_store.py); the file's process takes each page it finds there, and
the two meet in the middle.  A helper starts only in a local run, only when no file is waiting to be
read and fewer processes than --workers are busy, and it is stopped when the file ends.  So the last
long scan of a run no longer ends it alone on one core.
"""
from __future__ import annotations

import threading


class Load:
    """The processes of a local run: --workers of them at most, files and helpers alike."""

    def __init__(self, workers: int, files: int) -> None:
        self.workers, self.waiting, self.busy = workers, files, 0
        self._lock = threading.Lock()

    def file_started(self, cores: int) -> int:
        """Counts the file in; the OCR threads it gets: the cores shared among the files that are
        running or still waiting, as many as can run at once (onnxruntime otherwise starts a thread
        a core in every process, and two OCR'd files on two cores then run slower than one after the
        other).  The last file of a run, alone, gets every core."""
        with self._lock:
            self.waiting -= 1
            self.busy += 1
            return max(1, cores // max(1, min(self.workers, self.busy + self.waiting)))

    def file_ended(self) -> None:
        with self._lock:
            self.busy -= 1

    def claim_helper(self) -> bool:
        """A slot for a helper, if no file waits for it."""
        with self._lock:
            if self.waiting == 0 and self.busy < self.workers:
                self.busy += 1
                return True
            return False

    def helper_ended(self) -> None:
        self.file_ended()
