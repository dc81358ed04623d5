"""Inputs that must never hang, crash or vanish: each gets its own documents row or a summary count."""
import hashlib
import html
import os
from pathlib import Path

import pandas as pd
import pytest
from builders import BALANCED, table_text

from jixiao import extract
from jixiao.cli import main
from jixiao.core.grid import ExtractError
from jixiao.extract.text.reader import decode


def table(folder, name, text=None, encoding="utf-8"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((text or table_text(BALANCED, name=name)).encode(encoding))
    return path


def run(out, *inputs, extra=()):
    code = main(["run", *map(str, inputs), "--out", str(out), "--no-timing", *extra])
    tables = {t: pd.read_csv(out / f"{t}.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
              for t in ("documents", "projects", "indicators", "flags")}
    return code, tables


def errors(tables):
    d = tables["documents"]
    return dict(zip(d.source_file, d.error))


READS = " ".join(sorted(extract.SUPPORTED))


def test_loops_fifos_empty_globs_and_unread_types_each_get_a_row(tmp_path, capsys):
    good = table(tmp_path / "in", "good.txt")
    loop = tmp_path / "in" / "loop.txt"
    loop.symlink_to(loop)
    os.mkfifo(tmp_path / "in" / "pipe.txt")  # opening it would block for ever
    (tmp_path / "report.rar").write_bytes(b"Rar!\x1a\x07\x00")
    (tmp_path / "song.mp3").write_bytes(b"ID3\x03\x00")
    code, t = run(tmp_path / "out", good, loop, str(tmp_path / "in" / "loop*"), tmp_path / "in" / "pipe.txt",
                  str(tmp_path / "none" / "*.pdf"), tmp_path / "report.rar", tmp_path / "song.mp3")
    assert code == 0  # the FIFO was never opened: the run would have blocked on it for ever
    assert errors(t) == {
        str(good): "",
        str(loop): "symlink loop (the link never reaches a file)",  # by name, and once via the glob
        str(tmp_path / "in" / "pipe.txt"): "a FIFO (named pipe), not a file; not read",
        str(tmp_path / "none" / "*.pdf"): "no file matches this pattern",
        str(tmp_path / "report.rar"): "RAR archive: not read (no free RAR decoder); unpack it (unrar x FILE) and run "
                                      "jixiao on the folder",
        str(tmp_path / "song.mp3"): f"jixiao does not read .mp3 files (it reads {READS})",
    }
    assert list(t["documents"].file_type) == ["txt", "txt", "txt", "", "rar", "mp3"]
    out = capsys.readouterr().out
    assert "no file matches this pattern" in out and "files read: 6 (ok 1, no tables 0, errors 5)" in out


def test_folders_count_what_they_skip_and_follow_linked_folders_once(tmp_path, capsys):
    table(tmp_path / "in", "a.txt")
    for name in ("x.mp3", "y.mp3", "z.png"):
        (tmp_path / "in" / name).write_bytes(b"\x00")
    table(tmp_path / "elsewhere", "b.txt")
    (tmp_path / "in" / "linked").symlink_to(tmp_path / "elsewhere")
    (tmp_path / "elsewhere" / "up").symlink_to(tmp_path / "in")  # a loop back up the tree
    os.mkfifo(tmp_path / "in" / "fifo.html")
    code, t = run(tmp_path / "out", tmp_path / "in")
    assert code == 0
    assert errors(t) == {str(tmp_path / "in" / "a.txt"): "",
                         str(tmp_path / "in" / "fifo.html"): "a FIFO (named pipe), not a file; not read",
                         str(tmp_path / "in" / "linked" / "b.txt"): ""}
    assert f"skipped: 2 .mp3, 1 .png (in folders; jixiao reads {READS})" in capsys.readouterr().out


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_is_read_with_or_without_bom(tmp_path, encoding):
    path = table(tmp_path, "unicode.txt", encoding=encoding)
    code, t = run(tmp_path / "out", path)
    assert list(t["documents"].encoding) == [encoding] and list(t["documents"].status) == ["ok"]
    assert list(t["projects"].project_name) == ["unicode.txt"]


def test_utf16_detection_does_not_take_binary_for_text():
    with pytest.raises(ExtractError, match="binary content"):
        decode(bytes(range(256)) * 8)
    line = "一级指标\t数量指标\t培训一次\t≥12次\t15次\t10.00\t10.00\n"  # 一 is U+4E00: a NUL byte on the other side
    assert decode(line.encode("utf-16-le")) == (line, "utf-16-le")
    assert decode(line.encode("utf-16-be")) == (line, "utf-16-be")


def test_plain_text_named_html_gets_a_reason(tmp_path):
    path = table(tmp_path, "gbk.html", encoding="gbk")
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>本页无表格</p></body></html>", encoding="utf-8")
    code, t = run(tmp_path / "out", path, page)
    d = t["documents"]
    assert list(d.status) == ["error", "no_tables"]
    assert d.error[0] == "named .html but holds no HTML markup (plain text, gb18030); rename it .txt to read it as text"
    assert d.notes[1] == "no <table> element in the page"


def test_same_bytes_under_two_names_get_distinct_ids(tmp_path):
    a = table(tmp_path, "a.txt")
    b = tmp_path / "b.txt"
    b.write_bytes(a.read_bytes())
    c = tmp_path / "c.txt"
    c.write_bytes(a.read_bytes())
    code, t = run(tmp_path / "out", a, b, c)
    sha = hashlib.sha256(a.read_bytes()).hexdigest()[:16]
    second = hashlib.sha256(f"{sha}#2".encode()).hexdigest()[:16]
    third = hashlib.sha256(f"{sha}#3".encode()).hexdigest()[:16]
    d = t["documents"]
    assert list(d.doc_id) == [sha, second, third]
    assert list(d.notes) == ["", f"same content as {a} (doc_id {sha})", f"same content as {a} (doc_id {sha})"]
    assert list(t["projects"].project_id) == [f"{sha}-001", f"{second}-001", f"{third}-001"]
    assert list(t["projects"].doc_id) == [sha, second, third]
    assert t["indicators"].groupby("project_id").size().to_dict() == {f"{x}-001": 3 for x in (sha, second, third)}
    assert not t["projects"].project_id.duplicated().any()


def seed_page() -> bytes:
    """The seed report as a GBK web page, one <tr> a line, as a crawl of a finance site saves it."""
    text = (Path(__file__).parent.parent / "fixtures" / "seed" / "000_3b6eebb77ec974f1.txt").read_text("utf-8")
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in line.split("\t")) + "</tr>\n"
                   for line in text.splitlines())
    return f"<!DOCTYPE html>\n<html><head><meta charset=gbk></head><body><table>\n{rows}</table></body></html>".encode(
        "gbk")


def test_server_pages_in_a_folder_are_read_when_they_are_html(tmp_path, capsys):
    crawl = tmp_path / "crawl"
    crawl.mkdir()
    for name in ("zxgk.shtml", "detail.jsp", "view.aspx", "page"):  # the last has no suffix
        (crawl / name).write_bytes(seed_page())
    (crawl / "api.php").write_bytes(b"<?php echo 1;")  # a server page that is not HTML
    (crawl / "saved.dat").write_bytes(b"<html><table></table></html>")  # HTML, but not a page suffix
    (crawl / "notes").write_bytes("说明".encode())  # no suffix, not HTML
    code, t = run(tmp_path / "out", crawl)
    assert code == 0
    docs = t["documents"]
    assert list(docs.source_file.map(lambda s: Path(s).name)) == ["detail.jsp", "page", "view.aspx", "zxgk.shtml"]
    assert set(docs.file_type) == {"html"} and set(docs.status) == {"ok"} and set(docs.projects) == {"5"}
    assert t["projects"].groupby("doc_id").size().tolist() == [5] * 4
    assert set(t["projects"].adcode) == {"310114"}
    out = capsys.readouterr().out
    assert f"skipped: 1 (no suffix), 1 .dat, 1 .php (in folders; jixiao reads {READS})" in out
