"""What a file's process prints, kept off the terminal, and why it died, in one line.

Native libraries print straight to file descriptors 1 and 2, past Python: Rust (calamine prints
"memory allocation of N bytes failed" and a stack backtrace before it aborts), C and C++ (pdfium,
onnxruntime), LibreOffice.  Each file's process sends both descriptors into a pipe of its own; the
runner keeps the last TAIL bytes (a pipe, not a file, so a library printing in a loop cannot fill
the disk) and, when the process dies, names the reader that was running and the cause, and keeps the
last meaningful line printed for `documents.notes`.  What a process that finished printed is dropped.
"""
from __future__ import annotations

import os
import re
import signal
import sys

TAIL = 16 * 1024  # bytes of output kept per file
# Lines that are not the message: blank or indented (stack frames of Rust or Python, their places),
# Rust's notes, and the headings of a Python fault dump (when faulthandler is on), which only restate
# the signal.
_NOISE = re.compile(r"\s|$|note: |stack backtrace:|(Current thread|Thread) 0x|Extension modules: "
                    r"|Fatal Python error: (Aborted|Segmentation fault|Bus error|Floating[- ]point exception"
                    r"|Illegal instruction)\s*$")
_OUT_OF_MEMORY = re.compile(r"memory allocation of \d+ bytes failed|out of memory|bad_alloc"
                            r"|Cannot allocate memory|MemoryError", re.IGNORECASE)


class Capture:
    """A pipe the file's process writes its stdout and stderr to; the runner reads its tail."""

    def __init__(self) -> None:
        self._read, self._write = os.pipe()
        os.set_blocking(self._read, False)
        self.tail = b""
        self.open = True

    def redirect(self) -> None:
        """In the file's process, first thing: fds 1 and 2 into the pipe (Python's too)."""
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        os.dup2(self._write, 1)
        os.dup2(self._write, 2)
        os.close(self._write)
        os.close(self._read)
        import faulthandler
        if faulthandler.is_enabled():  # (under pytest) it writes to a copy of the old stderr
            faulthandler.enable(file=2)

    def forked(self) -> None:
        """In the runner, once the process is started: only the process holds the writing end."""
        os.close(self._write)

    def fileno(self) -> int:
        return self._read

    def drain(self) -> None:
        """Reads what is there without blocking, keeping the last TAIL bytes."""
        while self.open:
            try:
                block = os.read(self._read, 65536)
            except BlockingIOError:
                return
            if not block:
                self.open = False
                return
            self.tail = (self.tail + block)[-TAIL:]

    def close(self) -> None:
        self.drain()
        self.open = False
        os.close(self._read)

    def last_line(self) -> str | None:
        """The last line printed that is not a stack frame, a note or blank."""
        for line in reversed(self.tail.decode("utf-8", "replace").splitlines()):
            if not _NOISE.match(line):
                return " ".join(line.split())[:200]
        return None


def silence() -> None:
    """In a helper process whose output nobody reads: fds 1 and 2 to /dev/null."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)


def died(exitcode: int | None, reader: str | None, output: str) -> str:
    """Why a file's process ended without a result, in one line naming the reader that was running:
    'the workbook reader ran out of memory (signal 6)'."""
    who = f"the {reader}" if reader else "worker"
    if exitcode is None or exitcode >= 0:
        return f"{who} crashed (exit code {exitcode})"
    how = f"signal {-exitcode}"
    if -exitcode == signal.SIGABRT and _OUT_OF_MEMORY.search(output):
        return f"{who} ran out of memory ({how})"
    if -exitcode == signal.SIGKILL:
        return f"{who} was killed ({how}; the system may have run out of memory)"
    return f"{who} crashed ({how})"
