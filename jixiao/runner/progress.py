"""What a run shows while it works: a progress bar on a terminal, one log line per file otherwise."""
from __future__ import annotations

import sys
import time
from typing import TextIO

from jixiao.runner.pipeline import FileResult


class Progress:
    def __init__(self, total: int, quiet: bool = False, stream: TextIO | None = None) -> None:
        self.total, self.quiet, self.stream = total, quiet, stream or sys.stderr
        self.done = self.pages = 0
        self.start = time.monotonic()
        self.bar = None
        if not quiet and self.stream.isatty():
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="file", file=self.stream, dynamic_ncols=True)

    def update(self, result: FileResult, cached: bool) -> None:
        self.done += 1
        self.pages += result.document.get("pages") or 0
        if self.quiet:
            return
        rate = self.pages / max(time.monotonic() - self.start, 1e-9)
        if self.bar is not None:
            self.bar.set_postfix_str(f"{rate:.1f} pages/s", refresh=False)
            self.bar.update(1)
            return
        d = result.document
        n = d["projects"]
        what = d["error"] if d["status"] == "error" else f"{n} project{'' if n == 1 else 's'}"
        self.stream.write(f"[{self.done}/{self.total}] {d['source_file']}: {d['status']}, {what}"
                          f"{' (cached)' if cached else ''}\n")
        self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
