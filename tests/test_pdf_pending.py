"""The PDF reader on the shapes the pending form fixtures showed (fixtures/forms_pending/README.md), on
words laid out here: in borderless tables reason rows under the total (B3 Hubei), a label under a blank
level-1 cell (B5), two-row headers (B1 Hebei); in ruled tables, the words of a merged cell whose rules
LibreOffice left out (bench/bench_harness.py, pdf column)."""
from jixiao.extract.pdf.reader import _borderless_regions
from jixiao.extract.pdf.words import join, lines_of

H = 9.0  # text height, pt


def word(text: str, x0: float, top: float) -> dict:
    return {"text": text, "x0": x0, "x1": x0 + H * len(text), "top": top, "bottom": top + H}


def line(top: float, *cells: tuple[float, str]) -> list[dict]:
    return [word(t, x, top) for x, t in cells]


HEADER = line(100, (60, "一级指标"), (160, "二级指标"), (260, "三级指标"), (360, "指标值"), (460, "得分"))
ROW = line(120, (60, "产出指标"), (160, "数量指标"), (260, "里程"), (360, "≥420公里"), (460, "15"))
TOTAL = line(140, (60, "总分"), (460, "90"))


def regions(lines: list[list[dict]]) -> tuple[list[list[str]], list[str]]:
    tables, rest = _borderless_regions(lines_of([w for ln in lines for w in ln]), "header", False)
    return [[join(ln) for ln in t] for t in tables], [join(ln) for ln in rest]


def test_reason_rows_under_the_total_stay_in_the_table():
    tables, rest = regions([
        HEADER, ROW, TOTAL,
        line(160, (60, "偏差大或目标未完成原因分"), (260, "资金拨付滞后")),
        line(171, (60, "析"), (260, "一座危桥顺延")),  # the label and the text wrapped: one cell's lines
        line(190, (60, "改进措施及结果应用方案"), (260, "加快前期工作")),
        line(210, (60, "单位主要负责人签批意见"), (260, "签名")),
        line(222, (57, "备注:预算数为调整后财政资金总额")),
    ])
    assert [t[-4:] for t in tables] == [["总分90", "偏差大或目标未完成原因分资金拨付滞后", "析一座危桥顺延",
                                         "改进措施及结果应用方案加快前期工作"]]
    assert rest[-2:] == ["单位主要负责人签批意见签名", "备注:预算数为调整后财政资金总额"]


def test_a_reason_whose_first_line_stands_above_its_label_stays_in_the_table():
    """The label of a reason row centred on the reason's two lines, its first line above the label's top (OCR's
    boxes, as tall as the ink, do not overlap it enough to make one line): the line is the reason row's."""
    tables, rest = regions([
        HEADER, ROW, TOTAL,
        line(160, (260, "课桌椅采购受供货周期影响")),
        line(166.5, (60, "偏差大或目标未完成原因分析")),
        line(173, (260, "齐；预算执行率97%")),
        line(190, (57, "备注:预算数为调整后财政资金总额")),
    ])
    assert tables[0][-3:] == ["课桌椅采购受供货周期影响", "偏差大或目标未完成原因分析", "齐；预算执行率97%"]
    assert rest[-1:] == ["备注:预算数为调整后财政资金总额"]


def test_a_note_under_the_total_is_not_the_table():
    tables, rest = regions([HEADER, ROW, TOTAL, line(151, (60, "说明:本表金额单位为万元"))])
    assert tables[0][-1] == "总分90" and rest[-1] == "说明:本表金额单位为万元"


def test_a_note_under_the_reason_rows_is_not_the_table():
    tables, rest = regions([HEADER, ROW, TOTAL, line(160, (60, "改进措施及结果应用方案"), (260, "加快前期工作")),
                            line(171, (57, "备注:预算数为调整后财政资金总额"))])
    assert tables[0][-1] == "改进措施及结果应用方案加快前期工作" and rest[-1] == "备注:预算数为调整后财政资金总额"


def table(rows: list[tuple[str, ...]], top: float = 100.0) -> list[dict]:
    """One-line rows 16.6 pt apart, cells at fixed columns ('' leaves a cell blank)."""
    xs = (60, 160, 260, 360, 460)
    return [word(t, x, top + 16.6 * r) for r, cells in enumerate(rows) for x, t in zip(xs, cells) if t]


def test_a_label_on_top_of_its_row_heads_the_rows_under_it():
    from jixiao.extract.pdf.borderless import DocumentLayout, read_borderless

    words = table([("一级指标", "二级指标", "三级指标", "指标值", "实际值"),
                   ("产出指标", "数量指标", "里程", "≥3公里", "3公里"),
                   ("", "质量指标", "合格率", "100%", "100%"),
                   ("", "时效指标", "按期", "按期", "按期"),
                   ("", "成本指标", "成本", "≤50万元", "48万元"),  # a blank 一级 cell, not a merged one
                   ("效益指标", "经济效益指标", "增收", "≥1000元", "1050元"),
                   ("", "社会效益指标", "受益人口", "≥320人", "336人")])
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True))
    assert [r[0] for r in rows] == ["一级指标", "产出指标", "", "", "", "效益指标", ""]


def test_a_label_on_the_middle_row_of_a_page_top_still_centres():
    """At the top of a continuation page no label heads the first row: 满意度指标 is centred on three."""
    from jixiao.extract.pdf.borderless import DocumentLayout, read_borderless

    words = table([("", "服务对象满意度指标", "甲", "≥90%", "95%"),
                   ("满意度指标", "", "乙", "≥90%", "95%"),
                   ("", "", "丙", "≥90%", "95%")])
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True, columns=[150, 250, 350, 450]))
    assert [r[0] for r in rows] == ["满意度指标", "", ""]


def test_a_two_row_header_is_two_rows():
    """预期指标值 over 符号 | 值 and 自评得分 over 得分 | 权重, with the levels' labels and 三级指标 centred
    across both rows, reaching into each: the header reads as its ruled print, merged cells in its
    first row."""
    from jixiao.extract.pdf.borderless import read_borderless

    xs = (60, 100, 140, 200, 250, 300, 350)
    at = lambda top, *cells: [word(t, x, top) for x, t in zip(xs, cells) if t]  # noqa: E731
    words = (at(100, "", "", "", "预期指标值", "", "自评得分") + at(104.5, "一级", "二级")
             + at(110, "", "", "三级指标") + at(115.5, "指标", "指标")
             + at(120, "", "", "", "符号", "值", "得分", "权重")
             + at(140, "产出", "数量", "里程", "≥", "3", "10", "20") + at(156.6, "", "", "时限", "≤", "12", "5", "10"))
    rows, _, _ = read_borderless(words)
    assert rows[:2] == [("一级\n指标", "二级\n指标", "三级指标", "预期指标值", "", "自评得分", ""),
                        ("", "", "", "符号", "值", "得分", "权重")]
    assert rows[2:] == [("产出", "数量", "里程", "≥", "3", "10", "20"), ("", "", "时限", "≤", "12", "5", "10")]


def test_words_of_a_ruled_cell_without_a_box_stay_one_cell():
    """A merged label whose rules LibreOffice left out: its lines (满意度指 / 标) are one cell, in the
    first of the rows it is centred on; one-line cells of the rows beside keep their rows."""
    from jixiao.extract.pdf.reader import _stray_cells

    rows = [(0.0, 20.0), (20.0, 40.0), (40.0, 60.0), (60.0, 80.0)]
    split = [(1, dict(word("满意度指", 0, 30), top=30.0, bottom=39.0)), (2, dict(word("标", 0, 40.5), bottom=49.5))]
    assert [(r, [w["text"] for w in ws]) for r, ws in _stray_cells(split, rows, set())] == [(1, ["满意度指", "标"])]
    centred = [(2, word("效益指标", 0, 55.5))]  # one line, centred on rows 1-3 (row 0 has its own box)
    assert [r for r, _ in _stray_cells(centred, [None, (20.0, 36.0), (36.0, 60.0), (60.0, 100.0)], set())] == [1]
    middle = [(2, word("效益指标", 0, 45.5))]  # on rows 1-3 of one height: its own row, or where 二级 groups start
    assert [r for r, _ in _stray_cells(middle, [None, *rows[1:]], set())] == [2]
    assert [r for r, _ in _stray_cells(middle, [None, *rows[1:]], {0, 1, 2, 3})] == [2]
    assert [r for r, _ in _stray_cells(middle, [None, *rows[1:]], {0, 1})] == [1]
    each = [(r, word(str(r), 0, 20.0 * r + 5.5)) for r in range(4)]
    assert [r for r, _ in _stray_cells(each, rows, set())] == [0, 1, 2, 3]
