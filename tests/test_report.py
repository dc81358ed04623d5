"""`jixiao report` and the bounding boxes it relies on: two PDFs and a text report read, then reported."""
import base64
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from PIL import Image

from jixiao.cli import main
from jixiao.core.text import key

FIXTURES = Path(__file__).parent.parent / "fixtures"
SOURCES = [FIXTURES / "pdf" / "p01_seed_ruled.pdf", FIXTURES / "pdf" / "r01_clean_two_tables.pdf",
           FIXTURES / "text" / "t01_clean_two_tables.txt"]
BBOX = ["bbox_x0", "bbox_top", "bbox_x1", "bbox_bottom"]
CHROMIUM = shutil.which("chromium")


def table(folder: Path, name: str) -> list[dict]:
    return pq.read_table(folder / f"{name}.parquet").to_pylist()


def of_sources(folder: Path, name: str, suffix: str) -> list[dict]:
    """Rows of table `name` (indicators or flags) that come from the sources ending in `suffix`."""
    ids = {p["project_id"] for p in table(folder, "projects") if p["source_file"].endswith(suffix)}
    return [r for r in table(folder, name) if r["project_id"] in ids]


def page_data(html: Path) -> dict:
    text = html.read_text(encoding="utf-8")
    return json.loads(re.search(r"<script type=application/json id=data>(.*?)</script>", text, re.S).group(1))


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    """The three sources copied to a folder of their own (so a test may move one), read with --report."""
    folder = tmp_path_factory.mktemp("report")
    copies = []
    for s in SOURCES:
        copies.append(folder / s.name)
        shutil.copy(s, copies[-1])
    out = folder / "out"
    assert main(["run", *map(str, copies), "--out", str(out), "--quiet", "--no-cache", "--report"]) == 0
    return out


def test_pdf_indicator_rows_carry_their_box(dataset):
    indicators, projects = table(dataset, "indicators"), table(dataset, "projects")
    docs = {d["doc_id"]: d for d in table(dataset, "documents")}
    first = next(i for i in indicators if i["level3"] == "运维工作完成率")
    assert [first[c] for c in BBOX] == [56.7, 368.55, 567.0, 400.65]
    p01 = next(p for p in projects if p["project_name"] == "信息化项目运维")
    assert [p01[c] for c in BBOX] == [56.7, 72.8, 567.0, 573.9]
    checked = 0  # every indicator row of the two PDFs
    for path in SOURCES[:2]:
        doc_id = next(d for d in docs if docs[d]["source_file"].endswith(path.name))
        with pdfplumber.open(path) as pdf:
            for i in (i for i in indicators if i["project_id"].startswith(doc_id)):
                box = [i[c] for c in BBOX]
                assert None not in box and box[0] < box[2] and box[1] < box[3], i
                # The box is the row's: its 三级指标 is printed inside it, on `page`.
                inside = key(pdf.pages[i["page"] - 1].within_bbox(box).extract_text())
                assert key(i["level3"])[:4] in inside, (i["seq"], i["level3"], inside)
                checked += 1
    assert checked == len(of_sources(dataset, "indicators", ".pdf")) > 0
    text_rows = of_sources(dataset, "indicators", ".txt")
    assert text_rows and all(i[c] is None for i in text_rows for c in BBOX)


def test_html_holds_every_flag_and_a_crop_for_every_pdf_row_flag(dataset):
    html = dataset / "review.html"
    text = html.read_text(encoding="utf-8")
    data, flags = page_data(html), table(dataset, "flags")
    assert flags and [f["m"] for f in data["flags"]] == [f["message"] for f in flags]
    assert all(f["message"] in text for f in flags if "<" not in f["message"])
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # nothing fetched: it opens offline
    kinds = [data["docs"][data["projects"][f["p"]]["d"]]["t"] for f in data["flags"]]
    row_pdf = [f for f, kind in zip(data["flags"], kinds) if f["q"] is not None and kind == "pdf"]
    row_text = [f for f, kind in zip(data["flags"], kinds) if f["q"] is not None and kind == "txt"]
    # every row-level flag: a crop for a PDF's, the source row's text for a text report's
    assert len(row_pdf) == sum(f["seq"] is not None for f in of_sources(dataset, "flags", ".pdf")) > 0
    assert len(row_text) == sum(f["seq"] is not None for f in of_sources(dataset, "flags", ".txt")) > 0
    for f in row_pdf:
        crop = re.search(rf"<script type=text/plain id=c{f['c']}>data:image/webp;base64,([^<]+)</script>", text)
        image = Image.open(io.BytesIO(base64.b64decode(crop.group(1))))
        assert image.format == "WEBP" and image.width > 600 and image.height > 40
    for f in row_text:  # the source row's text, which holds the row's 三级指标
        assert key(f["i"]["l3"]) in key(f["x"]), f
    assert "x" not in row_pdf[0] and "why" not in row_pdf[0]


def test_xlsx_has_a_sheet_per_table_with_links_to_the_rows(dataset):
    wb = load_workbook(dataset / "review.xlsx")
    assert wb.sheetnames == ["概览", "flags", "projects", "funds", "indicators", "documents"]
    flags, indicators = table(dataset, "flags"), table(dataset, "indicators")
    for name, rows in (("flags", flags), ("indicators", indicators), ("projects", table(dataset, "projects"))):
        ws = wb[name]
        assert (ws.freeze_panes, ws.max_row) == ("A2", len(rows) + 1)
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{len(rows) + 1}"
    ws = wb["flags"]
    header = [c.value for c in ws[1]]
    sev = header.index("severity")
    ind_header = [c.value for c in wb["indicators"][1]]
    for n, f in enumerate(flags, start=2):
        cell = ws.cell(n, len(header))
        sheet, row = re.fullmatch(r"'(\w+)'!A(\d+)", cell.hyperlink.location).groups()
        target = {h: c.value for h, c in zip(ind_header if sheet == "indicators" else
                                            [c.value for c in wb[sheet][1]], wb[sheet][int(row)])}
        assert target["project_id"] == f["project_id"]
        if f["seq"] is not None:
            assert (sheet, target["seq"]) == ("indicators", f["seq"])
        else:
            assert sheet == "projects"
        assert ws.cell(n, sev + 1).fill.fgColor.rgb[-6:] == {"error": "F8CBCB", "warning": "FFE699",
                                                              "info": "DDEBF7"}[f["severity"]]


def test_projects_show_their_place_and_its_code(dataset):
    seed = [p for p in page_data(dataset / "review.html")["projects"] if p["place"] == "上海市 嘉定区"]
    assert seed and {p["adcode"] for p in seed} == {"310114"}
    header = [c.value for c in load_workbook(dataset / "review.xlsx")["projects"][1]]
    assert header[header.index("district") + 1] == "adcode"


def test_a_moved_source_is_named_and_reported_without_crops(dataset, tmp_path, capsys):
    moved = tmp_path / "dataset"
    shutil.copytree(dataset, moved)
    pdf = Path(next(d["source_file"] for d in table(dataset, "documents") if d["source_file"].endswith("r01_clean_two_tables.pdf")))
    pdf.rename(pdf.with_suffix(".moved"))
    try:
        assert main(["report", str(moved), "--out", str(tmp_path / "r" / "x.html")]) == 0
    finally:
        pdf.with_suffix(".moved").rename(pdf)
    printed = capsys.readouterr().out
    assert f"{pdf}: source file not found (moved or deleted since the run)" in printed
    html = tmp_path / "r" / "x.html"
    assert (tmp_path / "r" / "x.xlsx").is_file()
    data = page_data(html)
    doc = next(d for d in data["docs"] if d["f"] == str(pdf))
    assert doc["x"] == "source file not found (moved or deleted since the run)"
    lost = [f for f in data["flags"] if data["projects"][f["p"]]["d"] == data["docs"].index(doc) and f["q"]]
    row_flags = [f for f in of_sources(dataset, "flags", pdf.name) if f["seq"] is not None]
    assert len(lost) == len(row_flags) > 0  # every row-level flag of the moved PDF, none with a crop
    assert all("c" not in f and f["why"].startswith("source unavailable") for f in lost)
    crops = {f["c"] for f in data["flags"] if "c" in f}  # the other PDF's crops only
    assert crops and html.read_text(encoding="utf-8").count("<script type=text/plain") == len(crops)
    assert "Sources not shown" in html.read_text(encoding="utf-8")


def test_a_changed_source_is_not_shown(dataset, tmp_path, capsys):
    text = Path(next(d["source_file"] for d in table(dataset, "documents") if d["source_file"].endswith(".txt")))
    original = text.read_bytes()
    text.write_bytes(original + b"\n")
    try:
        assert main(["report", str(dataset), "--out", str(tmp_path)]) == 0
    finally:
        text.write_bytes(original)
    assert "source file changed since the run" in capsys.readouterr().out
    assert not any("x" in f for f in page_data(tmp_path / "review.html")["flags"])


def test_a_csv_only_dataset_and_a_folder_that_is_none(dataset, tmp_path):
    csv_only = tmp_path / "csv"
    csv_only.mkdir()
    for f in dataset.glob("*.csv"):
        shutil.copy(f, csv_only)
    assert main(["report", str(csv_only), "--quiet"]) == 0
    assert page_data(csv_only / "review.html") == page_data(dataset / "review.html")
    assert main(["report", str(tmp_path / "nothing"), "--quiet"]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["report", str(tmp_path / "empty"), "--quiet"]) == 2


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless browser test needs chromium: apt-get install chromium")
def test_headless_chromium_shows_the_report(dataset, tmp_path):
    """What a person sees: a painted page, and the flag count it shows is the dataset's."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,900"]
    url = (dataset / "review.html").as_uri()
    shot = tmp_path / "shot.png"
    subprocess.run([*cmd, f"--screenshot={shot}", url], capture_output=True, timeout=120, check=True)
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 900)
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50 and max(colours)[0] < 0.95 * 1280 * 900  # not blank, not one colour
    dom = subprocess.run([*cmd, "--virtual-time-budget=5000", "--dump-dom", url], capture_output=True,
                         timeout=120, check=True).stdout.decode()
    assert re.search(r'<output id="flag-count">(\d+)</output>', dom).group(1) == str(len(table(dataset, "flags")))
    # the three documents fit on the first page: every flag is drawn, and a crop for each PDF row flag
    assert len(re.findall(r'<li class="flag (error|warning|info)">', dom)) == len(table(dataset, "flags"))
    pdf_row_flags = [f for f in of_sources(dataset, "flags", ".pdf") if f["seq"] is not None]
    assert dom.count("<img src=\"data:image/webp;base64,") == len(pdf_row_flags) > 0
    flags, text_doc = table(dataset, "flags"), table(dataset, "documents")[2]["doc_id"]
    for view, expected in (("#sev=error", [f for f in flags if f["severity"] == "error"]),
                           ("#rule=TARGET_EXCEEDED", [f for f in flags if f["rule_id"] == "TARGET_EXCEEDED"]),
                           ("#doc=2&sev=warning,info", [f for f in flags if f["severity"] != "error" and
                                                         f["project_id"].startswith(text_doc)])):
        dom = subprocess.run([*cmd, "--dump-dom", url + view], capture_output=True, timeout=120).stdout.decode()
        assert re.search(r'<output id="flag-count">(\d+)</output>', dom).group(1) == str(len(expected)), view
        assert re.findall(r'<span class="rule-id">(\w+)</span>', dom) == [f["rule_id"] for f in expected], view


@pytest.mark.ocr
def test_scanned_rows_carry_the_boxes_of_the_page_they_were_scanned_from():
    """s03 is v08 printed, scanned at 200 dpi and turned 1.3°: after deskewing, the OCR grid's row boxes
    (pixels ÷ the render scale) land within 0.5 pt of the born-digital boxes."""
    pytest.importorskip("rapidocr")
    from jixiao.runner.pipeline import process_file

    born = process_file(FIXTURES / "pdf" / "v08_level1_weights.pdf", "v08")
    scan = process_file(FIXTURES / "scan" / "s03_level1_weights.pdf", "s03")
    assert [i["level3"] for i in scan.indicators] == [i["level3"] for i in born.indicators]
    assert [born.indicators[0][c] for c in BBOX] == [56.7, 378.25, 567.0, 410.35]
    for b, s in zip(born.indicators + born.projects, scan.indicators + scan.projects):
        assert all(abs(b[c] - s[c]) <= 0.5 for c in BBOX), (b.get("level3"), [s[c] for c in BBOX])
