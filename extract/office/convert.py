"""Old and WPS office formats (.doc, .wps, .et, .odt, .xls that calamine cannot read) through LibreOffice.

`soffice --headless --convert-to` writes a .docx or .xlsx that the docx/xlsx readers then read.  Each
conversion gets a throwaway profile (-env:UserInstallation) in its own temp folder, so conversions
never share or corrupt a user's profile and can run side by side, and a time limit.  Without
LibreOffice the file gets a one-line reason naming the package to install.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from jixiao.core import settings
from jixiao.core.grid import ExtractError, Grid

TIMEOUT = 120.0  # seconds for one conversion (the batch's --file-timeout still applies around it)
INSTALL = "apt-get install libreoffice-writer libreoffice-calc"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(path: Path, target: str, reader: Callable[[Path], Grid]) -> Grid:
    """`path` converted to `target` ('docx' or 'xlsx') by LibreOffice, then read by `reader`."""
    program = soffice()
    if program is None:
        raise ExtractError(f"{path.suffix or 'this'} file needs LibreOffice to be read: {INSTALL}")
    with tempfile.TemporaryDirectory(prefix="jixiao-soffice-") as tmp:
        work = Path(tmp)
        # A plain ASCII name: LibreOffice names its output after the input.
        source = work / f"input{path.suffix.lower()}"
        shutil.copyfile(path, source)
        cmd = [program, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", str(work / "out"), str(source)]
        settings.reader("LibreOffice conversion")
        _run(cmd, home=work)
        out = work / "out" / f"input.{target}"
        if not out.is_file():
            raise ExtractError(f"LibreOffice could not convert this {path.suffix} file to .{target}")
        settings.reader("Word reader" if target == "docx" else "workbook reader")
        grid = reader(out)
    grid.notes.append(f"converted to .{target} by LibreOffice")
    return grid


def _run(cmd: list[str], home: Path) -> None:
    # Its own process group, so a hung soffice and its helpers are all killed on timeout; HOME in the
    # temp folder too, so nothing is left in the user's home.  coreutils `timeout` also kills the group
    # when this process is killed first (a batch's --file-timeout), so no soffice is left behind.
    if shutil.which("timeout"):
        cmd = ["timeout", "-s", "KILL", f"{TIMEOUT:g}", *cmd]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "HOME": str(home)})
    try:
        _, err = proc.communicate(timeout=TIMEOUT + 5)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ExtractError(f"LibreOffice conversion timed out after {TIMEOUT:g} s") from None
    if proc.returncode in (124, 137, -signal.SIGKILL):  # killed by `timeout`
        raise ExtractError(f"LibreOffice conversion timed out after {TIMEOUT:g} s")
    if proc.returncode != 0:
        reason = " ".join(err.decode("utf-8", "replace").split())[:160] or f"exit code {proc.returncode}"
        raise ExtractError(f"LibreOffice conversion failed: {reason}")
