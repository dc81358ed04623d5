"""Office files and archives: workbook cells, Word tables, LibreOffice conversion, zip members."""
import hashlib
import io
import shutil
import zipfile
from pathlib import Path

import pytest
from scorer import score

from jixiao import extract
from jixiao.cli import main
from jixiao.core.grid import ExtractError
from jixiao.extract import zip_limits
from jixiao.extract.office import convert
from jixiao.extract.office.docx import read_docx
from jixiao.extract.office.xlsx import cell_text, read_workbook, xls_has_formulas
from jixiao.runner import archive, inputs
from jixiao.runner.inputs import expand
from jixiao.runner.pipeline import process_file

ROOT = Path(__file__).parent.parent
OFFICE = ROOT / "fixtures" / "office"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
NO_SOFFICE = "LibreOffice not installed: apt-get install libreoffice-writer libreoffice-calc"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


# -- workbooks ----------------------------------------------------------------------------------

@pytest.mark.parametrize("value,text", [
    (9.4800000000000004, "9.48"), (9.4800000001, "9.4800000001"), (10.0, "10"), (0.1 + 0.2, "0.3"),
    (207.45, "207.45"), (3, "3"), (1e-05, "0.00001"), (-0.0, "0"), (None, ""), ("≥90%", "≥90%")])
def test_numbers_are_read_as_stored(value, text):
    assert cell_text(value) == text


def test_merged_cells_text_once_covered_empty():
    rows = [r.cells for r in read_workbook(OFFICE / "x01_clean_two_tables.xlsx").rows]
    assert rows[0][:3] == ("财政项目支出绩效自评表", "", "")
    head = next(i for i, r in enumerate(rows) if r[0] == "一级指标")
    assert rows[head + 1][:3] == ("产出指标", "数量指标", "新建高标准农田面积")
    assert rows[head + 2][:2] == ("", "")  # covered by the merged 产出指标 / 数量指标 cells


def test_cells_merged_down_are_listed_apart_from_empty_ones():
    rows = read_workbook(OFFICE / "x01_clean_two_tables.xlsx").rows
    head = next(i for i, r in enumerate(rows) if r.cells[0] == "一级指标")
    assert {0, 1} <= rows[head + 2].covered  # the merged labels reach down; the row's empty reason is not listed
    assert 7 not in rows[head + 2].covered and not rows[head + 1].covered


def test_numbers_stored_as_numbers_come_out_as_their_format_shows_them():
    rows = [r.cells for r in read_workbook(OFFICE / "x01_clean_two_tables.xlsx").rows]
    total = next(r for r in rows if r[1] == "年度资金总额")
    assert total[2:] == ("320.00", "300.00", "288.60", "10.00", "96.20", "9.62")  # stored 320.0, 96.2: format 0.00


def test_hidden_sheet_skipped_and_noted():
    grid = read_workbook(OFFICE / "x03_yuan_ab.xlsx")
    assert grid.notes == ["hidden sheet 底稿 skipped"]
    assert grid.pages == 3 and {r.page for r in grid.rows} == {1, 2}  # pages counts every sheet; rows come from the two visible ones
    assert not any("隐藏的底稿" in r.cells for r in grid.rows)


def test_formula_of_one_number_shows_as_typed(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    # formulas, no values
    wb.active.append(["年度指标值", "=100.00(%)", "=95%", "=0.00(起)", "=5000元/人", "=SUM(1,2)", "=2*3", "=6/3", 7])
    wb.save(tmp_path / "f.xlsx")
    assert read_workbook(tmp_path / "f.xlsx").rows[0].cells == (
        "年度指标值", "=100.00(%)", "=95%", "=0.00(起)", "=5000元/人", "", "", "", "7")


@pytest.mark.soffice
@pytest.mark.skipif(convert.soffice() is None, reason=NO_SOFFICE)
def test_xls_formula_text_restored_by_libreoffice():
    path = OFFICE / "xl01_clean_two_tables.xls"
    assert xls_has_formulas(path) and not xls_has_formulas(OFFICE / "x01_clean_two_tables.xlsx")
    grid = extract.read(path, "xls")
    assert grid.notes == ["converted to .xlsx by LibreOffice"]
    row = next(r.cells for r in grid.rows if r.cells[2] == "生活垃圾无害化处理率")
    assert row[3:5] == ("=100%", "100%")


def test_percent_format_written_as_percent(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["执行率", 0.9982, 1, 0.5])
    wb.active["B1"].number_format = "0.00%"
    wb.active["C1"].number_format = "0%"
    wb.save(tmp_path / "p.xlsx")
    assert read_workbook(tmp_path / "p.xlsx").rows[0].cells == ("执行率", "99.82%", "100%", "0.5")


def test_a_format_s_fixed_decimals_are_written_as_the_sheet_shows_them(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    wb.active.append(["值", 98.6, 98, 5, 0.5, 2935.4, 7.25])
    for cell, fmt in (("B1", "0.00"), ("C1", "0.0"), ("D1", "0"), ("E1", "0.0%"), ("F1", "#,##0.00")):
        wb.active[cell].number_format = fmt
    wb.save(tmp_path / "d.xlsx")
    assert read_workbook(tmp_path / "d.xlsx").rows[0].cells == ("值", "98.60", "98.0", "5", "50.0%", "2935.40", "7.25")


def test_hidden_rows_and_columns_are_skipped_and_noted(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in (["项目名称", "甲", "核对说明"], ["填表说明：隐藏", "", ""], ["一级指标", "产出指标", "已核"]):
        ws.append(row)
    ws.row_dimensions[2].hidden = True
    ws.column_dimensions["C"].hidden = True
    wb.save(tmp_path / "h.xlsx")
    grid = read_workbook(tmp_path / "h.xlsx")
    assert [r.cells for r in grid.rows] == [("项目名称", "甲", ""), ("一级指标", "产出指标", "")]
    assert any("1 hidden rows and 1 hidden columns skipped" in n for n in grid.notes)

def test_broken_workbook_is_one_line_reason(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(ExtractError, match="^cannot read workbook"):
        read_workbook(bad)


# -- Word ---------------------------------------------------------------------------------------

def docx(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f"<w:document {W}><w:body>{body}</w:body></w:document>")
    return path


def p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def tc(text: str, pr: str = "", inner: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{p(text)}{inner}</w:tc>"


def test_docx_grid_span_vmerge_and_title(tmp_path):
    body = (p("财政项目支出绩效自评表") + p("(2024年度)") + "<w:tbl>"
            + "<w:tr>" + tc("项目名称") + tc("A项目", '<w:gridSpan w:val="2"/>') + "</w:tr>"
            + "<w:tr>" + tc("产出指标", '<w:vMerge w:val="restart"/>') + tc("数量指标") + tc("x") + "</w:tr>"
            + "<w:tr>" + tc("", "<w:vMerge/>") + tc("质量指标") + tc("y") + "</w:tr>"
            + '<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>' + tc("b") + tc("c") + "</w:tr></w:tbl>")
    rows = [r.cells for r in read_docx(docx(tmp_path, body)).rows]
    assert rows == [("财政项目支出绩效自评表",), ("(2024年度)",), ("项目名称", "A项目", ""),
                    ("产出指标", "数量指标", "x"), ("", "质量指标", "y"), ("", "b", "c")]


def test_docx_nested_table_follows_its_row(tmp_path):
    inner = "<w:tbl><w:tr>" + tc("内1") + tc("内2") + "</w:tr></w:tbl>"
    body = "<w:tbl><w:tr>" + tc("外", inner=inner) + tc("旁") + "</w:tr><w:tr>" + tc("下") + "</w:tr></w:tbl>"
    rows = [r.cells for r in read_docx(docx(tmp_path, body)).rows]
    assert rows == [("外", "旁"), ("内1", "内2"), ("下",)]


def test_docx_table_cells_keep_line_breaks(tmp_path):
    body = "<w:tbl><w:tr><w:tc>" + p("项目资金") + p("(万元)") + "</w:tc></w:tr></w:tbl>"
    assert read_docx(docx(tmp_path, body)).rows[0].cells == ("项目资金\n(万元)",)


# -- file types ---------------------------------------------------------------------------------

def test_sniffed_types(tmp_path):
    html = tmp_path / "report.xls"
    html.write_text("<html><table><tr><td>项目名称</td></tr></table></html>", encoding="utf-8")
    real_xlsx = tmp_path / "book.xls"
    shutil.copyfile(OFFICE / "x01_clean_two_tables.xlsx", real_xlsx)
    zipped_docx = tmp_path / "doc.zip"
    shutil.copyfile(OFFICE / "k01_clean_two_tables.docx", zipped_docx)
    assert [extract.file_type(p) for p in (html, real_xlsx, zipped_docx)] == ["html", "xlsx", "docx"]
    assert extract.file_type(OFFICE / "xl01_clean_two_tables.xls") == "xls"
    assert extract.file_type(OFFICE / "kd07_truncated.doc") == "doc"


@pytest.mark.parametrize("name,head,reason", [
    ("a.7z", b"7z\xbc\xaf\x27\x1c", "7z archive: not read"), ("a.rar", b"Rar!\x1a\x07\x00", "RAR archive: not read")])
def test_7z_and_rar_get_a_reason(tmp_path, name, head, reason):
    path = tmp_path / name
    path.write_bytes(head + b"\x00" * 64)
    doc = process_file(path, name).document
    assert doc["status"] == "error" and doc["error"].startswith(reason)


def test_ofd_is_named(tmp_path):
    path = tmp_path / "report.ofd"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    doc = process_file(path, "report.ofd").document
    assert doc["file_type"] == "ofd" and doc["error"].startswith("OFD document (the national fixed-layout format")


# -- LibreOffice --------------------------------------------------------------------------------

def test_missing_libreoffice_says_what_to_install(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    doc = process_file(OFFICE / "kd07_truncated.doc", "kd07_truncated.doc").document
    assert doc["status"] == "error"
    assert doc["error"] == ".doc file needs LibreOffice to be read: apt-get install libreoffice-writer libreoffice-calc"


@pytest.mark.soffice
@pytest.mark.skipif(convert.soffice() is None, reason=NO_SOFFICE)
def test_doc_converted_by_libreoffice():
    grid = extract.read(OFFICE / "kd07_truncated.doc", "doc")
    assert grid.notes == ["converted to .docx by LibreOffice"]
    assert grid.rows[0].cells == ("财政项目支出绩效自评表",)


@pytest.mark.soffice
@pytest.mark.skipif(convert.soffice() is None, reason=NO_SOFFICE)
def test_libreoffice_conversion_time_limit(monkeypatch):
    monkeypatch.setattr(convert, "TIMEOUT", 0.01)
    with pytest.raises(ExtractError, match=r"^LibreOffice conversion timed out after 0.01 s$"):
        extract.read(OFFICE / "kd07_truncated.doc", "doc")


# -- archives -----------------------------------------------------------------------------------

def make_zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_gbk_member_names_decoded_and_named_with_the_archive():
    found = expand([str(OFFICE / "z01_bundle.zip")]).inputs
    assert [i.name for i in found] == [f"{OFFICE / 'z01_bundle.zip'}!绩效自评/z01_ruled.pdf",
                                           f"{OFFICE / 'z01_bundle.zip'}!绩效自评/z01_workbook.xlsx"]


def test_nested_zip_two_levels(tmp_path):
    inner = io.BytesIO()
    make_zip(inner, {"x.docx": (OFFICE / "k06_shifted_breaks.docx").read_bytes()})
    outer = make_zip(tmp_path / "outer.zip", {"sub/inner.zip": inner.getvalue(), "notes.png": b""})
    [(path, name)] = inputs.archive_members(outer, "outer.zip")
    assert name == "outer.zip!sub/inner.zip!x.docx"
    result = process_file(path, name)
    assert result.document["status"] == "ok" and result.document["projects"] == 1
    assert result.projects[0]["source_file"] == "outer.zip!sub/inner.zip!x.docx"


def test_third_level_is_an_error_row(tmp_path):
    level3 = io.BytesIO()
    make_zip(level3, {"a.txt": b"x"})
    level2 = io.BytesIO()
    make_zip(level2, {"c.zip": level3.getvalue()})
    outer = make_zip(tmp_path / "o.zip", {"b.zip": level2.getvalue()})
    [(path, name)] = inputs.archive_members(outer, "o.zip")
    assert name == "o.zip!b.zip!c.zip"
    assert process_file(path, name).document["error"] == \
        "archive nested more than 2 levels deep: c.zip not read"


def test_zip_bomb_refused_by_ratio(tmp_path):
    bomb = make_zip(tmp_path / "bomb.zip", {"big.txt": b"0" * (50 * 2**20)})
    assert inputs.archive_members(bomb, "bomb.zip") == [(bomb, "bomb.zip")]
    doc = process_file(bomb, "bomb.zip").document
    assert doc["status"] == "error" and doc["error"].startswith("archive refused as a zip bomb: big.txt inflates")


def test_zip_bomb_refused_by_total_size(tmp_path, monkeypatch):
    monkeypatch.setattr(zip_limits, "MAX_TOTAL", 1000)
    many = make_zip(tmp_path / "many.zip", {f"{i}.txt": bytes(range(256)) * 2 for i in range(3)})
    with pytest.raises(ExtractError, match="members add up to more than"):
        archive.members(many, extract.SUPPORTED)


def test_encrypted_member_gets_its_own_error_row(tmp_path):
    path = make_zip(tmp_path / "enc.zip", {"a.txt": b"plain", "secret.pdf": b"%PDF-1.4"})
    blob = path.read_bytes()  # set the encryption flag of secret.pdf in both of its headers
    for sig, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = blob.index(sig, blob.index(sig) + 1)
        blob = blob[:pos + at] + bytes([blob[pos + at] | 1]) + blob[pos + at + 1:]
    path.write_bytes(blob)
    found = inputs.archive_members(path, "enc.zip")
    assert [n for _, n in found] == ["enc.zip!a.txt", "enc.zip!secret.pdf"]
    docs = [process_file(p, n).document for p, n in found]
    assert [d["status"] for d in docs] == ["no_tables", "error"]
    assert docs[1]["error"] == "encrypted (password-protected) archive member: secret.pdf not read"
    # the same through a batch, which hashes each member before it starts the member's process
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    rows = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert [r.split(",")[4:6] for r in rows] == [
        ["no_tables", ""], ["error", "encrypted (password-protected) archive member: secret.pdf not read"]]


def test_damaged_member_is_its_own_error_row(tmp_path):
    path = make_zip(tmp_path / "crc.zip", {"a.txt": "项目名称".encode() * 100})
    blob = bytearray(path.read_bytes())
    blob[blob.index(b"PK\x01\x02") + 16] ^= 0xFF  # break the CRC-32 the central directory gives
    path.write_bytes(bytes(blob))
    assert main(["run", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    [row] = (tmp_path / "out" / "documents.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert row.split(",")[4:6] == ["error", "archive member a.txt damaged: Bad CRC-32 for file 'a.txt'"]


def test_damaged_zip_is_one_error_row(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    assert inputs.archive_members(bad, "bad.zip") == [(bad, "bad.zip")]
    assert process_file(bad, "bad.zip").document["error"].startswith("cannot read zip archive")


def test_zip_members_in_a_batch_with_the_cache(tmp_path, capsys):
    out, zipped = tmp_path / "out", OFFICE / "z01_bundle.zip"
    for _ in range(2):  # the second run takes both members from the cache
        assert main(["run", str(zipped), "--out", str(out), "--workers", "1"]) == 0
    assert "files read: 2 (ok 2, no tables 0, errors 0; 2 from the cache)" in capsys.readouterr().out
    docs = (out / "documents.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(",")[1] for line in docs[1:]] == [f"{zipped}!绩效自评/z01_ruled.pdf",
                                                        f"{zipped}!绩效自评/z01_workbook.xlsx"]
    with zipfile.ZipFile(zipped) as z:  # cached under each member's own SHA-256
        digests = {hashlib.sha256(z.read(i)).hexdigest() for i in z.infolist() if not i.filename.endswith("jpg")}
    assert {p.name.split(".")[0] for p in (out / ".jixiao-cache").rglob("*.json")} == digests


# -- the dev corpus -----------------------------------------------------------------------------

DEV_FILES = [("jishan_2021.xlsx", "jishan_2021.json"), ("jishan_2021.docx", "jishan_2021.json"),
             ("zhangzhuangzhai_2023.xlsx", "zhangzhuangzhai_2023.json"),
             ("zhangzhuangzhai_2023.docx", "zhangzhuangzhai_2023.json"),
             ("seed.xlsx", "../../gold/000_3b6eebb77ec974f1.json"), ("seed.docx", "../../gold/000_3b6eebb77ec974f1.json"),
             ("seed.doc", "../../gold/000_3b6eebb77ec974f1.json")]


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus/dev not beside the clone")
@pytest.mark.parametrize("name,gold", [pytest.param(n, g, id=n, marks=[pytest.mark.soffice] if n.endswith(".doc") else [])
                                       for n, g in DEV_FILES])
def test_dev_corpus_office_files_exact(tmp_path, name, gold):
    if name.endswith(".doc") and convert.soffice() is None:
        pytest.skip(NO_SOFFICE)
    assert main(["run", str(DEV / name), "--out", str(tmp_path), "--quiet", "--no-cache"]) == 0
    report = score(tmp_path, DEV / gold, name)
    assert report["accuracy"] == 1.0, {k: v for k, v in report["per_field"].items() if v < 1}
    assert report["flags"]["found"] == report["flags"]["expected"] and not report["flags"]["unexpected"]


@pytest.mark.skipif(not DEV.exists(), reason="../shared/corpus/dev not beside the clone")
def test_dev_seed_xls_loses_only_the_targets_the_file_lost(tmp_path):
    """seed.xls was saved by LibreOffice from a workbook whose '=100.00(%)' targets were formulas without
    a value: the .xls holds an error token (#N/A) there and no formula text.  Everything else is exact."""
    assert main(["run", str(DEV / "seed.xls"), "--out", str(tmp_path), "--quiet", "--no-cache"]) == 0
    gold = DEV / "../../gold/000_3b6eebb77ec974f1.json"
    report = score(tmp_path, gold, "seed.xls")
    # Every field the file kept is right: what is wrong stands only on rows whose target was such a formula.
    lost = [(where, gold) for where, field, gold, _ in report["wrong"] if field == "indicators.target_raw"]
    assert lost and all(gold.startswith("=") for _, gold in lost)
    assert {where for where, *_ in report["wrong"]} == {where for where, _ in lost}
    assert {k for k, v in report["per_field"].items() if v < 1} == {
        f"indicators.{f}" for f in ("target_raw", "target_kind", "target_op", "target_value", "target_unit",
                                    "target_base_value", "target_base_unit", "achievement")}
    assert report["flags"]["found"] == report["flags"]["expected"]
