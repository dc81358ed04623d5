"""The review report on the newer forms (issue 20): a department-wide table named by the unit it evaluates
and marked 部门整体, fund lines named and grouped by breakdown, the newer columns only where a table fills
them (a Ministry table looks as before), and a dataset written before those columns existed."""
import csv
import re
import shutil
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from builders import BALANCED, table_text
from openpyxl import load_workbook
from test_report import page_data

from jixiao.cli import main
from jixiao.core.schema import TABLES, row
from jixiao.report import view
from jixiao.report.load import load
from jixiao.runner.dataset import DatasetWriter
from jixiao.runner.pipeline import file_digest

CHROMIUM = shutil.which("chromium")
UNIT = "湖南省农业农村厅"
BADGE = "部门整体"
# The columns SCHEMA.md added for these forms: a dataset written before them has none.
NEW_COLUMNS = {"projects": ["form_kind", "goal_rate"], "funds": ["received", "deviation_reason"],
               "indicators": ["level1_points", "level2_points", "target_initial_raw", "completion", "weight_share",
                              "weighted_score", "score_ratio", "core", "criteria"]}
MINISTRY_FUNDS = [["年初预算数", True], ["全年预算数", True], ["全年执行数", True], ["分值", True],
                  ["执行率 %", True], ["得分", True]]
MINISTRY_ROW = {"l1", "l2", "l3", "t", "a", "w", "sc", "pg", "dr"}
# A Hunan department table (A1): the total, then 按收入性质 and 按支出性质 lines, printed in this order.
DEPT_FUNDS = [("total", 2030.12, 2030.12), ("general_budget", 1873.66, 1873.66), ("government_fund", 100.0, 90.0),
              ("fiscal_special_account", 50.0, 50.0), ("other", 6.46, 6.46), ("basic", 1000.0, 900.47),
              ("project", 1030.12, 1025.2)]
DEPT_TEXT = f"""部门整体支出绩效自评表
预算部门、单位名称\t{UNIT}
一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施
产出指标(50)\t数量指标\t培训高素质农民\t≥5000人\t4800人\t20\t20\t
效益指标(30)\t社会效益指标\t农民增收\t≥5%\t6%\t30\t30\t
"""


@pytest.fixture(scope="module")
def ministry(tmp_path_factory) -> Path:
    """A Ministry project table read by `jixiao run --report` (two flags on its 群众满意度 row)."""
    folder = tmp_path_factory.mktemp("ministry")
    source = folder / "ministry.txt"
    rows = [*BALANCED[:2], ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "85%", "10", "10", "")]
    source.write_text(table_text(rows, name="社区培训项目"), encoding="utf-8")
    out = folder / "out"
    assert main(["run", str(source), "--out", str(out), "--quiet", "--no-cache", "--report"]) == 0
    return out


def department(source: Path, unit: str | None = UNIT) -> dict[str, list[dict]]:
    """A department-wide table (project_name null, the unit in department), its funds and two indicator rows,
    one row-level and one project-level flag."""
    doc = file_digest(source)[:16]
    pid = f"{doc}-001"
    return {
        "documents": [row("documents", doc_id=doc, source_file=str(source), file_type="txt", status="ok",
                          projects=1, method="text")],
        "projects": [row("projects", project_id=pid, doc_id=doc, source_file=str(source), form="部门整体支出绩效自评表",
                         form_kind="department", year=2023, department=unit, province="湖南省",
                         total_weight=100.0, total_score=98.0, money_unit="万元")],
        "funds": [row("funds", project_id=pid, line=line, full_year_budget=budget, executed=executed)
                  for line, budget, executed in DEPT_FUNDS],
        "indicators": [
            row("indicators", project_id=pid, seq=1, level1="产出指标", level1_points=50.0, level2="数量指标",
                level3="培训高素质农民", target_raw="≥5000人", actual_raw="4800人", weight=20.0, score=20.0,
                deviation_reason="", core=True, criteria="完成<5000人按比例扣分"),
            row("indicators", project_id=pid, seq=2, level1="效益指标", level1_points=30.0, level2="社会效益指标",
                level3="农民增收", target_raw="≥5%", actual_raw="6%", weight=30.0, score=30.0, deviation_reason="")],
        "flags": [row("flags", project_id=pid, seq=1, rule_id="QUANT_SCORE", severity="warning",
                      message="“培训高素质农民”未达目标却得满分。", expected="19.20", observed="20.00"),
                  row("flags", project_id=pid, rule_id="FUND_BREAKDOWN", severity="error",
                      message="基本支出与项目支出之和1925.67，与全年执行数2030.12不符。", expected="2030.12",
                      observed="1925.67")],
    }


def hebei(pid: str) -> dict[str, list[dict]]:
    """A Hebei project table (B1) added to the Ministry document: 到位数 and 原因 in its funds, 总体完成率,
    完成情况 / 权重占比 / 折算得分 on its rows, a flag on its row 1."""
    return {
        "projects": [row("projects", project_id=pid, doc_id=pid[:16], form="预算项目绩效自评表", form_kind="project",
                         project_name="高标准农田建设", department="河北省农业农村厅", goal_rate=95.0)],
        "funds": [row("funds", project_id=pid, line="total", full_year_budget=500.0, received=450.0, executed=400.0,
                      execution_rate=80.0, deviation_reason="资金未全部到位"),
                  row("funds", project_id=pid, line="fiscal", full_year_budget=500.0, received=450.0, executed=400.0),
                  row("funds", project_id=pid, line="other")],
        "indicators": [row("indicators", project_id=pid, seq=1, level1="产出指标", level2="数量指标", level3="新建农田",
                           target_raw="≥1万亩", actual_raw="0.9万亩", weight=20.0, score=18.0, completion="未完成",
                           weight_share=20.0, weighted_score=3.6)],
        "flags": [row("flags", project_id=pid, seq=1, rule_id="WEIGHTED_SCORE", severity="info",
                      message="折算得分3.60应为3.60。", expected="3.60", observed="3.60")],
    }


@pytest.fixture(scope="module")
def mixed(ministry, tmp_path_factory) -> Path:
    """The Ministry dataset with a department-wide table (its own text source) and a Hebei table added,
    written by the dataset writer and reported."""
    folder = tmp_path_factory.mktemp("mixed")
    source = folder / "department.txt"
    source.write_text(DEPT_TEXT, encoding="utf-8")
    tables = load(ministry)
    pid = tables["projects"][0]["project_id"]
    for extra in (hebei(pid[:-3] + "002"), department(source)):
        for name, rows in extra.items():
            tables[name] += rows
    return reported(folder / "out", tables)


def reported(out: Path, tables: dict[str, list[dict]]) -> Path:
    """The tables written by the dataset writer into `out`, and reported."""
    writer = DatasetWriter(out)
    for name in TABLES:
        writer.add(name, tables[name])
    writer.close()
    assert main(["report", str(out), "--quiet"]) == 0
    return out


def rendered(html: Path, tmp_path: Path) -> str:
    """The page as headless Chromium draws it (its DOM once the script has run)."""
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom", html.as_uri()]
    return subprocess.run(cmd, capture_output=True, timeout=120, check=True).stdout.decode()


def of(data: dict, name: str) -> tuple[int, dict]:
    return next((n, p) for n, p in enumerate(data["projects"]) if p["name"] == name)


def test_a_department_table_is_listed_by_its_unit_with_the_badge(mixed):
    html = (mixed / "review.html").read_text(encoding="utf-8")
    data = page_data(mixed / "review.html")
    n, dept = of(data, UNIT)
    assert (dept["dep"], dept["form"], dept["dept"]) == (BADGE, "部门整体支出绩效自评表", UNIT)
    assert [p["name"] for p in data["projects"]] == ["社区培训项目", "高标准农田建设", UNIT]  # none blank
    assert [p.get("dep") for p in data["projects"]] == [None, None, BADGE]
    flags = [f for f in data["flags"] if f["p"] == n]
    assert [(f["r"], f["q"]) for f in flags] == [("QUANT_SCORE", 1), ("FUND_BREAKDOWN", None)]
    assert flags[0]["x"] == "产出指标(50) | 数量指标 | 培训高素质农民 | ≥5000人 | 4800人 | 20 | 20"  # its source row
    assert "2 projects · 1 department table (部门整体) · 6 indicator rows" in html


def test_the_workbook_names_the_department_table_by_its_unit(mixed):
    wb = load_workbook(mixed / "review.xlsx")
    label = f"{BADGE} · {UNIT}"

    def column(sheet: str, header: str) -> list:
        ws = wb[sheet]
        at = [c.value for c in ws[1]].index(header)
        return [r[at].value for r in ws.iter_rows(min_row=2)]

    assert column("flags", "table") == ["社区培训项目"] * 2 + ["高标准农田建设", label, label]
    assert column("projects", "table") == ["社区培训项目", "高标准农田建设", label]
    assert column("projects", "project_name") == ["社区培训项目", "高标准农田建设", None]  # the data as read
    assert column("indicators", "table")[-2:] == [label, label]
    funds = list(zip(column("funds", "table"), column("funds", "line name"), column("funds", "breakdown")))
    assert funds[-7:] == [(label, "年度资金总额", None), (label, "一般公共预算", "按收入性质"),
                          (label, "政府性基金拨款", "按收入性质"), (label, "财政专户管理资金", "按收入性质"),
                          (label, "其他资金", "按收入性质"), (label, "基本支出", "按支出性质"),
                          (label, "项目支出", "按支出性质")]
    overview = {r[0].value: r[1].value for r in wb["概览"].iter_rows(min_row=2) if r and r[0].value}
    assert (overview["projects"], overview["department tables (部门整体)"]) == (2, 1)
    assert not any(c.value == "None" for ws in wb for r in ws.iter_rows() for c in r)


def test_department_fund_lines_are_named_and_grouped_by_breakdown(mixed):
    _, dept = of(page_data(mixed / "review.html"), UNIT)
    assert dept["funds"]["h"] == MINISTRY_FUNDS  # no 到位数 or 原因: no line has one
    lines = {line: (budget, executed) for line, budget, executed in DEPT_FUNDS}

    def shown(name: str, line: str) -> list:
        return [name, None, *lines[line], None, None, None]

    assert dept["funds"]["g"] == [
        [None, [shown("年度资金总额", "total")]],
        ["按收入性质", [shown("一般公共预算", "general_budget"), shown("政府性基金拨款", "government_fund"),
                    shown("财政专户管理资金", "fiscal_special_account"), shown("其他资金", "other")]],
        ["按支出性质", [shown("基本支出", "basic"), shown("项目支出", "project")]]]


def test_the_newer_columns_show_where_a_table_fills_them(mixed):
    data = page_data(mixed / "review.html")
    n, dept = of(data, UNIT)
    row = next(f for f in data["flags"] if f["p"] == n and f["q"] == 1)["i"]
    assert (row["l1p"], "l2p" in row) == (50.0, False)
    assert row["more"] == [["核心指标", "是"], ["评分标准", "完成<5000人按比例扣分"]]
    n, project = of(data, "高标准农田建设")
    assert project["gr"] == 95.0 and "dep" not in project
    assert project["funds"]["h"] == [*MINISTRY_FUNDS[:2], ["到位数", True], *MINISTRY_FUNDS[2:], ["原因", False]]
    total = ["年度资金总额", None, 500.0, 450.0, 400.0, None, 80.0, None, "资金未全部到位"]
    fiscal = ["财政资金", None, 500.0, 450.0, 400.0, None, None, None, None]
    assert project["funds"]["g"] == [[None, [total]], ["按来源", [fiscal, ["其他资金", *[None] * 8]]]]
    row = next(f for f in data["flags"] if f["p"] == n)["i"]
    assert row["more"] == [["完成情况", "未完成"], ["权重占比 %", 20.0], ["折算得分", 3.6]]


def test_a_ministry_table_shows_no_new_columns(ministry, mixed):
    for folder in (ministry, mixed):  # alone, and beside tables that fill them
        data = page_data(folder / "review.html")
        n, p = of(data, "社区培训项目")
        assert not {"dep", "form", "gr"} & p.keys()
        assert p["funds"]["h"] == MINISTRY_FUNDS
        assert [title for title, _ in p["funds"]["g"]] == [None, "按来源"]
        names = [line[0] for _, lines in p["funds"]["g"] for line in lines]
        assert names == ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"]
        rows = [f["i"] for f in data["flags"] if f["p"] == n]
        assert len(rows) == 2 and all(r.keys() == MINISTRY_ROW for r in rows)
    lead = re.search(r"<p class=lead>(.*?)</p>", (ministry / "review.html").read_text(encoding="utf-8")).group(1)
    assert " · 1 projects · 3 indicator rows · " in lead


def drop_new_columns(dataset: Path, old: Path, parquet: bool) -> None:
    """A copy of the dataset as an older jixiao wrote it: without the columns of NEW_COLUMNS (Parquet and CSV,
    or CSV only)."""
    old.mkdir()
    for name in TABLES:
        gone = NEW_COLUMNS.get(name, [])
        if parquet:
            t = pq.read_table(dataset / f"{name}.parquet")
            pq.write_table(t.drop_columns(gone), old / f"{name}.parquet")
        with (dataset / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))
        with (old / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as f:
            w = csv.DictWriter(f, [c for c in TABLES[name] if c not in gone], extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)


@pytest.mark.parametrize("parquet", [True, False], ids=["parquet", "csv"])
def test_a_dataset_written_before_the_new_columns_still_renders(ministry, tmp_path, parquet):
    old = tmp_path / "old"
    drop_new_columns(ministry, old, parquet)
    assert "form_kind" not in (old / "projects.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert main(["report", str(old), "--quiet"]) == 0
    assert page_data(old / "review.html") == page_data(ministry / "review.html")
    header = [c.value for c in load_workbook(old / "review.xlsx")["projects"][1]]
    assert header[:2] == ["table", "project_id"] and "goal_rate" in header  # the columns all there, empty


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless browser test needs chromium: apt-get install chromium")
def test_headless_chromium_shows_the_department_table_by_its_unit(mixed, tmp_path):
    dom = rendered(mixed / "review.html", tmp_path)
    names = re.findall(r'<article class="project[^"]*"><h4>(.*?)</h4>', dom)
    assert names == ["社区培训项目", "高标准农田建设", f'<span class="badge">{BADGE}</span> {UNIT}']
    groups = re.findall(r'<th scope="rowgroup" colspan="\d+">(\w+)</th>', dom)
    assert groups == ["按来源", "按来源", "按收入性质", "按支出性质"]
    assert "<dt>核心指标</dt><dd>是</dd><dt>评分标准</dt><dd>完成&lt;5000人按比例扣分</dd>" in dom  # text, not markup
    assert "产出指标 (50分) / 数量指标 / <b>培训高素质农民</b>" in dom
    assert "· text · 1 department table · 2 flags shown</p>" in dom
    assert '<span class="lvl">table</span> <span class="msg">基本支出与项目支出之和' in dom


@pytest.mark.parametrize("printed, shown", [
    # Ministry: 其中 当年财政拨款 · 上年结转资金 · 其他资金
    (["total", "current_appropriation", "carryover", "other"],
     [(None, ["total"]), ("按来源", ["current_appropriation", "carryover", "other"])]),
    # Guizhou (A2): 基本支出 · 项目支出 · 其他
    (["total", "basic", "project", "other"], [(None, ["total"]), ("按支出性质", ["basic", "project", "other"])]),
    # Sichuan (B2): 财政资金 · 财政专户管理资金 · 单位资金 · 其他资金, the dataset's order not the form's
    (["total", "other", "unit_funds", "fiscal_special_account", "fiscal"],
     [(None, ["total"]), ("按来源", ["fiscal", "fiscal_special_account", "unit_funds", "other"])]),
    # a transfer payment (B5): 中央补助 · 省级资金 · 市县资金 · 其他资金
    (["total", "central_subsidy", "provincial_subsidy", "county_funds", "other"],
     [(None, ["total"]), ("按政府层级", ["central_subsidy", "provincial_subsidy", "county_funds", "other"])]),
    # no breakdown, and a line this report does not know: after the total, as they come
    (["total", "other", "special"], [(None, ["total"]), (None, ["other", "special"])]),
])
def test_fund_lines_are_grouped_as_each_form_prints_them(printed, shown):
    groups = view.fund_groups([{"line": line} for line in printed])
    assert [(title, [f["line"] for f in lines]) for title, lines in groups] == shown


def test_a_department_table_without_a_unit_is_still_named_and_marked():
    bare = row("projects", form_kind="department", implementing_unit="长沙市财政局")
    assert (view.name(bare), view.label(bare)) == ("长沙市财政局", f"{BADGE} · 长沙市财政局")
    assert view.label(row("projects", form_kind="department")) == BADGE
    old = row("projects", project_name="社区培训项目")  # a dataset without form_kind
    assert (view.name(old), view.label(old)) == ("社区培训项目", "社区培训项目")


def test_a_csv_only_dataset_shows_the_same_tables(mixed, tmp_path):
    for f in mixed.glob("*.csv"):
        shutil.copy(f, tmp_path)
    assert main(["report", str(tmp_path), "--quiet"]) == 0
    assert page_data(tmp_path / "review.html") == page_data(mixed / "review.html")  # core (bool) read back too


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="headless browser test needs chromium: apt-get install chromium")
def test_headless_chromium_says_when_a_department_table_prints_no_unit(tmp_path):
    """A score sheet (FORMS.md A4) may print 单位 with nothing beside it: the badge, and that the unit is not
    printed, never a bare dash."""
    source = tmp_path / "score_sheet.txt"
    source.write_text(DEPT_TEXT.replace(UNIT, ""), encoding="utf-8")
    out = reported(tmp_path / "out", department(source, unit=None))
    dom = rendered(out / "review.html", tmp_path)
    assert f'<h4><span class="badge">{BADGE}</span> <span class="none">(unit not printed)</span></h4>' in dom
    cells = [c.value for c in load_workbook(out / "review.xlsx")["projects"]["A"]]
    assert cells == ["table", BADGE]
