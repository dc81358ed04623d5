"""The borderless reader on tables as a word processor lays them out over pages and with paragraph spacing, on
words laid out here (the shapes bench/bench_harness.py's borderless column showed): a row whose long 偏差原因 sits
above its middle, a 项目名称 row alone at a page's foot, a page on which a label column is empty, a merged label
split at the page's foot, a table whose first lines stand at a page's foot, a table right under another's 总分,
a template row's 。。。, a row split across the page break, a header label on its row's top, a label as near
centred on a span one row longer at each end, labels settled together, a row as tall as a label beside it, a
reason's last line with 总分 alone at a page's top, and labels printed in their groups' first rows over blank cells."""
from test_pdf_pending import HEADER, H, word  # (tests/test_pdf_pending.py)

from jixiao.extract.pdf.borderless import Band, DocumentLayout, Segment, _header_gaps, read_borderless, settle
from jixiao.extract.pdf.reader import _borderless_regions, _Held, _layout
from jixiao.extract.pdf.words import GEOMETRY, join, lines_of, printed_lines

XS = (60, 160, 260, 360, 460)  # one x per column: 一级, 二级, 三级, 指标值, 偏差原因


def at(top: float, *cells: str) -> list[dict]:
    """One printed line: each non-empty cell at its column's x."""
    return [word(t, x, top) for x, t in zip(XS, cells) if t]


def column(rows: list[tuple[str, ...]], c: int) -> list[str]:
    return [r[c] for r in rows]


def test_a_row_whose_reason_sits_above_its_middle_keeps_its_label_span():
    """A 偏差原因 in its own paragraph prints its spacing below the text: its four lines start above the row's
    other cells, which are centred on the row.  效益指标 is centred on its three rows' boxes, so the row
    above them (时效指标's) is not in its group."""
    words = (at(440, "一级指标", "二级指标", "三级指标", "指标值", "偏差原因")
             + at(456, "", "数量指标", "人数", "≥1") + at(464.4, "产出指标")
             + at(472.9, "", "时效指标", "按月发放", "及时")
             + at(489.5, "", "", "基本生活", "保障") + at(503.1, "", "社会效益")
             + at(506.1, "", "", "负面舆情") + at(511.4, "", "", "", "0起") + at(516.7, "", "", "引发")
             + at(533.2, "", "", "", "", "系统尚未") + at(534.3, "效益指标") + at(543.8, "", "", "", "", "全面共享")
             + at(550.8, "", "可持续", "管理机制") + at(554.3, "", "", "", "", "调整不够")
             + at(556.1, "", "", "", "完善") + at(561.4, "", "影响", "健全") + at(564.9, "", "", "", "", "及时")
             + at(595.6, "满意度", "服务对象") + at(600.8, "", "", "满意度", "≥90%") + at(606.1, "指标", "满意度"))
    rows, _, _ = read_borderless(words, DocumentLayout())
    assert column(rows, 2) == ["三级指标", "人数", "按月发放", "基本生活", "负面舆情\n引发", "管理机制\n健全", "满意度"]
    assert column(rows, 0) == ["一级指标", "产出指标", "", "效益指标", "", "", "满意度\n指标"]


def test_a_project_row_alone_at_a_page_foot_opens_its_table():
    """A table that starts at a page's foot: its title, year and 项目名称 row; the rest is on the next page."""
    lines = lines_of(at(700, "财政项目支出绩效自评表") + at(720, "(2024年度)") + at(740, "项目名称", "活动经费"))
    tables, rest = _borderless_regions(lines, "title", False)
    assert [[join(ln) for ln in t] for t in tables] == [["项目名称活动经费"]]
    assert [join(ln) for ln in rest] == ["财政项目支出绩效自评表", "(2024年度)"]


def test_a_score_sheet_header_after_its_sequence_column_opens_the_table():
    """A score sheet's header starts with 序号: 序号 | 一级指标 | … opens the table as 一级指标 | … does, also with a
    填报单位 line and a year line between it and the title."""
    lines = lines_of(at(100, "部门整体支出绩效评价指标表") + at(120, "填报单位：某县水利局")
                     + at(140, "评价年度", "2019年度") + at(160, "序号", "一级指标", "二级指标", "三级指标", "指标分值")
                     + at(180, "1", "投入", "目标设定", "合理性", "4") + at(200, "合计", "", "", "", "4"))
    tables, rest = _borderless_regions(lines, "title", False)
    assert [[join(ln) for ln in t] for t in tables] == [
        ["序号一级指标二级指标三级指标指标分值", "1投入目标设定合理性4", "合计4"]]

def test_a_table_printed_right_under_the_total_of_another_is_a_table_of_its_own():
    """Two tables with no title between them: the second's 项目名称 row opens it, and its rows under it are its
    own (not lines past the first's 总分)."""
    lines = lines_of(at(100, "项目名称", "甲项目") + at(120, "一级指标", "二级指标", "三级指标", "指标值", "偏差原因")
                     + at(140, "产出指标", "数量指标", "人数", "≥1") + at(160, "总分", "", "", "100")
                     + at(180, "项目名称", "乙项目") + at(200, "主管部门", "某局", "实施单位", "某中心")
                     + at(220, "一级指标", "二级指标", "三级指标", "指标值", "偏差原因")
                     + at(240, "产出指标", "数量指标", "户数", "≥2") + at(260, "总分", "", "", "100"))
    tables, rest = _borderless_regions(lines, "header", False)
    assert [len(t) for t in tables] == [4, 5] and rest == []


def test_a_table_s_first_lines_at_a_page_foot_are_read_with_the_next_page():
    """项目名称, 主管部门 and the funds header at a page's foot show too little of the grid to find its columns
    (values centred in merged cells, no fund line: the header's empty cell over the fund labels is no column
    there); they are read again with the page the table runs on to, where the fund lines show every column,
    and go back to their page."""
    xs = (60, 160, 260, 360, 460, 560, 660)

    def line(top: float, *cells: str) -> list[dict]:
        return [word(t, x, top) for x, t in zip(xs, cells) if t]

    first = (line(700, "", "", "财政项目支出绩效自评表") + line(720, "项目名称") + [word("某项目", 330, 720)]
             + line(740, "主管部门", "", "", "", "实施单位") + [word("某局", 290, 740), word("某中心", 570, 740)]
             + line(760, "项目资金", "", "全年预算数", "全年执行数", "分值", "执行率", "得分"))
    blocks, runs_on = _layout(first, [], 760, "title", False, DocumentLayout(), False)
    assert runs_on and blocks[-1].words
    held = _Held(blocks.pop(), 1)
    second = [w for r, (name, money) in enumerate([("年度资金总额", "210.00"), ("当年财政拨款", "180.00"),
                                                   ("上年结转资金", "30.00"), ("其他资金", "0.00")])
              for w in line(47 + 17 * r, "", name, money, money, "-", "100.00", "-")]
    blocks, _ = _layout(line(30, "", "", "", "", "", "(%)") + second, [], 760, "", True, DocumentLayout(), True, held)
    header = ("项目资金", "", "全年预算数", "全年执行数", "分值", "执行率", "得分")
    assert held.block.rows[-1] == header[:1] + header[2:]  # read alone: no column for the fund labels
    assert held.rows().rows[-1] == header
    assert held.rows().boxes[0][1] == 720  # in its own page's coordinates
    assert [r[:3] for r in blocks[0].rows[1:3]] == [("", "年度资金总额", "210.00"), ("", "当年财政拨款", "180.00")]


def test_a_page_with_an_empty_label_column_keeps_the_table_s_columns():
    """On the page a table runs on to, no row prints an 一级指标 (its label stood on the page before): the
    table's columns are kept, not found again one fewer."""
    words = [w for r in range(6) for w in at(40 + 16.6 * r, "", "质量指标" if r == 2 else "", f"指标{r}", "≥1", "0")]
    rows, _, _ = read_borderless(words, DocumentLayout(columns=[150, 250, 350, 450]), runs_on=True)
    assert [r[:3] for r in rows[1:3]] == [("", "", "指标1"), ("", "质量指标", "指标2")]
    # a label here reaches past where the page before had its boundary (250): the boundary moves to this
    # page's own, in the gap after the label
    words = [w for r in range(6) for w in at(40 + 16.6 * r, "", "数量", f"指标{r}", "≥1", "0")]
    words[4:5] = [word("服务对象满意度指标", 170, 40 + 16.6)]  # 170 to 251
    rows, _, _ = read_borderless(words, DocumentLayout(columns=[150, 250, 350, 450]), runs_on=True)
    assert [r[:3] for r in rows[:3]] == [("", "数量", "指标0"), ("", "服务对象满意度指标", "指标1"),
                                         ("", "数量", "指标2")]


def test_a_label_split_at_the_page_foot_heads_the_rows_under_it():
    """A merged 二级 label split at the page's foot prints at the top of its part; its rows run on to the next
    page.  It is not centred on rows above it (those of a group whose label stood on the page before)."""
    words = ([w for r in range(7) for w in at(100 + 16.6 * r, "", "", f"指标{r}", "≥1", "0")]
             + at(100, "产出指标") + at(100 + 16.6 * 4, "", "质量指标"))
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True), runs_off=True)
    assert column(rows, 1) == ["", "", "", "", "质量指标", "", ""]
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True))
    assert column(rows, 1) == ["", "", "质量指标", "", "", "", ""]  # the same words, were the table to end


def test_a_row_split_at_the_page_break_starts_no_group():
    """The page opens with the rest of a header cell split at the break (成值); 产出指标 is centred on its four
    rows and as well on those and the split row with the row after them, but that span would cut 社会效益指标's."""
    words = (at(30.8, "", "", "", "成值")
             + at(47.4, "", "", "监控点位") + at(57.9, "", "", "新建数", "≥600") + at(66.2, "", "数量指标")
             + at(74.5, "", "", "报警装置") + at(85.0, "", "", "安装", "≥85") + at(88.0, "产出指标")
             + at(101.5, "", "质量指标", "验收", "=100%") + at(118.1, "", "", "改造任务") + at(123.4, "", "时效指标")
             + at(128.7, "", "", "完成", "3项")
             + at(145.2, "", "", "治安案件", "≤3起") + at(158.8, "", "社会效益") + at(161.8, "", "", "安全感")
             + at(172.3, "效益指标", "", "", "提升") + at(188.9, "", "可持续", "运维机制", "建立"))
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True, columns=[150, 250, 350, 450]), runs_on=True)
    assert column(rows, 0) == ["", "产出指标", "", "", "", "效益指标", "", ""]


def test_a_header_label_on_its_row_s_top_heads_no_rows():
    """一级指标 stands on its header row's top; 产出指标, one line centred on three one-line rows, stands on the
    middle one's top: it is centred on the three, not heading the rows from the middle one."""
    words = (at(100, "一级指标", "二级指标", "三级指标", "指标值")
             + [w for r in range(1, 4) for w in at(100 + 16.6 * r, "", "数量指标" if r == 1 else "", f"指标{r}", "≥1")]
             + at(100 + 16.6 * 2, "产出指标"))
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True))
    assert column(rows, 0) == ["一级指标", "产出指标", "", ""]


def test_a_label_ends_where_the_next_label_s_only_span_starts():
    """产出指标 is as near centred on its three rows as on those and one more at each end (the row above
    being the group's of a label on the page before); 效益指标, under it, is centred on its three rows
    only.  产出指标's group ends above them."""
    tops = (100, 116.6, 133.2, 149.8, 166.4, 183.0, 199.6)
    words = ([w for r, top in enumerate(tops) for w in at(top, "", "", f"指标{r}", "≥1")] + at(210.2, "", "", "续")
             + at(133.2, "产出指标") + at(188.3, "效益指标"))
    rows, _, _ = read_borderless(words, DocumentLayout(columns=[150, 250, 350, 450]), runs_on=True)
    assert column(rows, 0) == ["", "产出指标", "", "", "效益指标", "", ""]


def test_labels_as_near_centred_on_one_row_more_at_each_end_leave_no_row_out():
    """In rows of one line, 可持续影响指标 (two lines) is as near centred on its four rows as on those and one more
    at each end, and 满意度指标 on its three rows as on its middle row alone.  The column's labels are placed
    together: 可持续影响指标 taking the longer span would leave 满意度指标 its middle row and the last row in
    no group, so both take their own rows."""
    tops = [100 + 16.6 * r for r in range(8)]
    mid = (tops[1] + tops[4] + H) / 2
    words = ([w for r, top in enumerate(tops) for w in at(top, "", "", f"指标{r}", "≥1")]
             + at(mid - (H + 10.6) / 2, "可持续") + at(mid - (H + 10.6) / 2 + 10.6, "影响指标")
             + at(tops[6], "满意度指标"))
    rows, _, _ = read_borderless(words, DocumentLayout(columns=[150, 250, 350, 450]), runs_on=True)
    assert column(rows, 0) == ["", "可持续\n影响指标", "", "", "", "满意度指标", "", ""]


def test_a_tall_label_beside_one_line_values_makes_its_row_tall():
    """A row's box, as a label centred on it sees it: 社会效益指标 printed on three lines beside one-line values
    (the row as tall as the label); a long 偏差原因 whose paragraph spacing puts it above the row's middle (the
    row centred where its other cells are, as high as the reason reaches)."""
    def cell(col: int, top: float, lines: int = 1) -> Segment:
        return Segment(0, 1, top, top + H + 10.6 * (lines - 1), "字", None, col)

    tall, shifted, plain = (Band(120, 129, [cell(2, 120), cell(3, 120)]),
                            Band(533.2, 573.9, [cell(2, 550.8, 2), cell(3, 556.1), cell(4, 533.2, 4)]),
                            Band(600, 609, [cell(2, 600), cell(3, 600)]))
    settle([tall, shifted, plain], [[cell(1, 109.4, 3)], [cell(0, 601, 1)]], H, GEOMETRY)
    assert tall.box == (109.4, 139.6)
    assert shifted.box is not None and [round(y, 1) for y in shifted.box] == [533.2, 588.0]
    assert plain.box is None and plain.extent() == (600, 609)


def test_ocr_boxes_are_centred_with_more_slack():
    """质量指标 stands 0.15 text heights below the middle of the rows around it, in a document that centres its
    labels: from a text layer that is not centred on them (it heads its rows); from OCR, whose boxes the engine
    draws looser, it is."""
    words = ([w for r in range(7) for w in at(100 + 16.6 * r, "", "", f"指标{r}", "≥1", "0")]
             + at(100, "产出指标") + at(100 + 16.6 * 4 + 0.15 * H, "", "质量指标"))
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True))
    assert column(rows, 1) == ["", "", "", "", "质量指标", "", ""]
    rows, _, _ = read_borderless([dict(w, conf=0.9) for w in words], DocumentLayout(centred=True))
    assert column(rows, 1) == ["", "", "质量指标", "", "", "", ""]


def test_a_template_row_s_placeholder_is_a_row_not_a_speck():
    """。。。 alone in the 三级指标 column (a template row left in the table) is a row of its own, not a speck
    joined to the row beside it."""
    words = (at(100, "一级指标", "二级指标", "三级指标", "指标值", "得分")
             + at(116.6, "产出指标", "数量指标", "甲", "≥1", "2") + at(133.2, "", "", "。。。")
             + at(149.8, "", "质量指标", "乙", "≥2", "2"))
    rows, _, _ = read_borderless(words, DocumentLayout())
    assert column(rows, 2) == ["三级指标", "甲", "。。。", "乙"]


def test_a_speck_between_two_rows_joins_neither():
    """A scan's speck read as a dot, standing between two one-line rows closer to each than the cell padding:
    the rows stay two, the dot goes with the row nearer it."""
    words = (at(100, "一级指标", "二级指标", "三级指标", "指标值", "得分")
             + at(116.6, "产出指标", "数量指标", "甲", "≥1", "2")
             + [word(".", 290, 123.0)] + at(133.2, "", "", "乙", "≥2", "2"))
    rows, _, _ = read_borderless([dict(w, conf=0.9) for w in words], DocumentLayout())
    assert [r[2:] for r in rows[1:]] == [("甲\n.", "≥1", "2"), ("乙", "≥2", "2")]


def test_a_reason_s_last_line_and_the_total_alone_at_a_page_top_keep_the_table_s_columns():
    """A page holding only a 偏差原因's last line and the 总分 row (merged over the label columns, so 总分 runs
    across their boundaries) shows too few columns of its own: the table's are kept, and 总分 | 100 | 99.9
    stay cells of their own."""
    words = [word("成效。", 460, 40), word("总分", 62, 57), word("100", 360, 57), word("99.9", 460, 57)]
    rows, _, _ = read_borderless(words, DocumentLayout(columns=[75, 150, 250, 350, 450]), runs_on=True)
    assert rows == [("", "", "", "", "", "成效。"), ("总分", "", "", "", "100", "99.9")]


def test_a_row_merged_over_the_label_columns_alone_at_a_page_top_keeps_the_table_s_columns():
    """A 三级指标's last characters and Hebei's 预算执行率 row (merged over the three label columns) alone at a
    page's top: the gaps between that row's cells are not the table's columns, whose are kept."""
    words = [word("意度", 260, 40), word("预算执行率", 130, 57), word("10", 360, 57), word("98.88%", 460, 57),
             word("9.89", 560, 57), word("0.99", 660, 57)]  # 预算执行率: 130 to 175, across 一级 | 二级
    rows, _, _ = read_borderless(words, DocumentLayout(columns=[150, 250, 350, 450, 550, 650]), runs_on=True)
    assert rows == [("", "", "意度", "", "", "", ""), ("预算执行率", "", "", "10", "98.88%", "9.89", "0.99")]


def test_columns_a_header_read_as_one_word_covers_are_found_under_the_header():
    """OCR reads two header words a few points apart as one (执行率权重), covering the gap of the columns
    below; the values under the indicator header still part there (a gap no header word crosses)."""
    xs = (60, 140, 220, 300, 380, 430)

    def row(top: float, *cells: str) -> list[dict]:
        return [word(t, x, top) for x, t in zip(xs, cells)]

    funds = [word("年初预算数", 60, 100), word("全年预算数", 140, 100), word("全年执行数", 220, 100),
             word("执行率", 300, 100), word("执行率权重", 380, 100)]
    header = [word("指标名称", 60, 140), word("计量单位", 140, 140), word("指标性质", 220, 140),
              word("指标值", 300, 140), word("得分系数", 380, 140), word("指标权重", 420, 140)]
    lines = [funds, row(115, "100.00", "98.00", "97.00", "99.00", "98", "10"), header,
             *(row(160 + 20 * k, f"人数{k}", "万人", "≥", "38", "100", "15") for k in range(3))]
    rows, _, _ = read_borderless([w for ln in lines for w in ln])
    assert [r[-2:] for r in rows if r[0].startswith("人数")] == [("100", "15")] * 3


def test_a_label_centred_over_rows_reaching_close_to_the_rows_beside_is_not_one_row_s():
    """产出指⏎标 centred over five one-line rows stands on the middle one, its lines closer to the rows above
    and below than a cell's padding: that row stays one line tall.  数量指标 on the second row, exactly centred
    on the first three too, takes them, as nothing else could give the first row its 二级指标."""
    pitch = 16.6
    tops = [283 + pitch * k for k in range(5)]
    lines = (HEADER, at(tops[0], "", "", "指标甲", "≥90%"), at(tops[1], "", "数量指标", "指标乙", "≥1万头"),
             at(tops[2], "", "", "。。。"), at(tops[3], "", "质量指标", "指标丙", "≥70%"),
             at(tops[4], "", "时效指标", "指标丁", "=100%"))
    words = [w for ln in lines for w in ln]
    words += [word("产出指", XS[0], tops[2] - 5.3), word("标", XS[0], tops[2] + 5.2)]
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True))
    body = rows[1:]
    assert column(body, 1) == ["数量指标", "", "", "质量指标", "时效指标"]
    assert column(body, 0)[0] == "产出指\n标" and column(body, 2)[0] == "指标甲"


def _heads_table(first: int, rows: int) -> list[dict]:
    """Rows `first`.. of a table whose 三级指标 wrap on two lines, values centred on them, 一级 printed once in
    its group's first row (centred on that row, the cells below blank) and 二级 merged, centred on its group."""
    words: list[dict] = []
    for r in range(first, first + rows):
        y = 100 + 30 * (r - first)
        words += at(y, "", "", f"指标{r}名") + at(y + 10.5, "", "", "称") + at(y + 5.25, "", "", "", "≥1")
    return words


def test_labels_printed_in_their_groups_first_rows_over_blank_cells_head_them():
    """一级 printed once, in its group's first row (a tall row: the label sits on its middle), the cells below
    blank, beside 二级 labels centred on their groups: read as centred, 效益指标 would take rows of 产出指标's
    (the rows between in no group); the rows under each label are its group.  The document remembers the
    column: on the page the table runs on to, 满意度指标 in its group's first row heads it too, though it is
    as well centred on the rows round it."""
    y = lambda r: 100 + 30 * r + 5.25  # noqa: E731  (a row's middle line)
    words = (at(80, "一级指标", "二级指标", "三级指标", "指标值") + _heads_table(0, 7)
             + at(y(0), "产出指标") + at((y(0) + y(3)) / 2, "", "数量指标") + at(y(4), "效益指标")
             + at(y(5), "", "社会效益"))
    document = DocumentLayout()
    rows, _, _ = read_borderless(words, document, runs_off=True)
    assert column(rows, 0) == ["一级指标", "产出指标", "", "", "", "效益指标", "", ""]
    assert column(rows, 1) == ["二级指标", "数量指标", "", "", "", "社会效益", "", ""]
    words = _heads_table(7, 5) + at(y(2), "满意度指标") + at(y(3), "", "满意度")
    rows, _, _ = read_borderless(words, document, runs_on=True)
    assert column(rows, 0) == ["", "", "满意度指标", "", ""]


def test_the_header_printed_again_under_rows_heads_no_group():
    """The table's header printed again between rows (a table split and its header repeated), the merged labels
    going on blank under it: its 一级指标 is a header row's cell, not a label centred on the rows round it."""
    y = lambda r: 100 + 16.6 * r  # noqa: E731
    words = (at(80, "一级指标", "二级指标", "三级指标", "指标值")
             + [w for r in (0, 1, 2, 4, 5, 6) for w in at(y(r), "", "", f"指标{r}", "≥1")]
             + at(y(1), "产出指标", "数量指标") + at(y(3), "", "二级指标", "三级指标", "指标值")
             + at(y(3) - 5, "一级指") + at(y(3) + 5, "标")
             + at((y(4) + y(5)) / 2, "", "质量指标") + at(y(6), "效益指标", "社会效益"))
    rows, _, _ = read_borderless(words, DocumentLayout(centred=True))
    assert [r[:3] for r in rows] == [
        ("一级指标", "二级指标", "三级指标"), ("产出指标", "数量指标", "指标0"), ("", "", "指标1"), ("", "", "指标2"),
        ("一级指\n标", "二级指标", "三级指标"), ("", "质量指标", "指标4"), ("", "", "指标5"),
        ("效益指标", "社会效益", "指标6")]
    # on the page the table runs on to, under rows going on from the page before
    document = DocumentLayout(centred=True)
    read_borderless(words, document, runs_off=True)
    words = ([w for r in (0, 1, 3, 4) for w in at(y(r), "", "", f"指标{r + 7}", "≥1")]
             + at(y(2), "", "二级指标", "三级指标", "指标值") + at(y(2) - 5, "一级指") + at(y(2) + 5, "标")
             + at(y(4), "满意度指标", "满意度"))
    rows, _, _ = read_borderless(words, document, runs_on=True)
    assert [r[:3] for r in rows] == [("", "", "指标7"), ("", "", "指标8"), ("一级指\n标", "二级指标", "三级指标"),
                                     ("", "", "指标10"), ("满意度指标", "满意度", "指标11")]


def test_a_page_the_table_runs_on_to_keeps_its_label_columns_and_no_group_takes_the_total():
    """A score sheet with a 序号 column: the page it runs on to prints no header, so its label columns are the page
    before's (not the first two); the last label, centred on its three rows, heads them, not 合计 and 评价等级 too
    (a span reaching down to them is as near centred)."""
    xs = (60, 110, 170, 260, 360)  # 序号, 一级, 二级, 三级, 分值

    def line(top: float, *cells: str) -> list[dict]:
        return [word(t, x, top) for x, t in zip(xs, cells) if t]

    y = lambda r: 100 + 16.6 * r  # noqa: E731
    document = DocumentLayout()
    page = (line(80, "序号", "一级指标", "二级指标", "三级指标", "分值")
            + [w for r in range(4) for w in line(y(r), str(r + 1), "", "", f"指标{r}", "10")]
            + line((y(0) + y(1)) / 2, "", "产出", "数量") + line((y(2) + y(3)) / 2, "", "", "质量"))
    read_borderless(page, document, runs_off=True)
    page = ([w for r in range(5) for w in line(y(r), str(r + 5), "", "", f"指标{r + 4}", "10")]
            + line(y(3) - 5, "", "效果", "履职效") + line(y(3) + 5, "", "(20分)", "益")
            + line(y(5), "合计", "", "", "", "80") + line(y(6), "评价等级", "", "", "", "良"))
    rows, _, _ = read_borderless(page, document, runs_on=True)
    assert [r[:3] for r in rows] == [("5", "", ""), ("6", "", ""), ("7", "效果\n(20分)", "履职效\n益"), ("8", "", ""),
                                     ("9", "", ""), ("合计", "", ""), ("评价等级", "", "")]


def test_pieces_of_one_printed_line_read_left_to_right_whatever_their_tops():
    """OCR's words of one line stand a little apart in height (a word opening with a quote stands higher):
    `定性指标按` `“完全达` is read in that order, not by which top is higher."""
    from jixiao.extract.pdf.borderless import _reading_order

    segs = [Segment(100, 145, 256.7, 264.6, "定性指标按", 0.99, 6), Segment(150, 180, 256.0, 264.6, "“完全达", 0.99, 6),
            Segment(100, 190, 266.0, 274.0, "成、部分达成", 0.99, 6)]
    assert [s.text for s in _reading_order(segs, GEOMETRY.same_line * H)] == ["定性指标按", "“完全达", "成、部分达成"]


def test_a_boundary_before_a_column_no_cell_starts_in_is_none():
    """One block's boundary inside another block's column (the funds block's, in 得分计算方法) makes a column no cell
    starts in: it is no column, so a page the table runs on to, whose words run across it, keeps the table's."""
    from jixiao.extract.pdf.borderless import _without_empty_columns

    words = (at(100, "一级指标", "二级指标", "三级指标", "指标值", "得分")
             + at(120, "产出指标", "数量", "里程", "≥1", "5") + [word("一段长长的方法说明", 260, 140)])
    printed = printed_lines(words, GEOMETRY)
    assert _without_empty_columns([150, 250, 300, 350, 450], printed, H, GEOMETRY) == [150, 250, 350, 450]


def test_a_criteria_line_naming_columns_in_a_sentence_is_no_header():
    """得分计算方法 prints `按实际值/指标值×该指标分值计算得分`: four column names in one sentence, not a header
    line opening a block of its own (whose column gaps would then be sought in a few lines)."""
    from jixiao.extract.pdf.borderless import _header_line

    assert not _header_line(at(100, "", "", "", "10", "按实际值/指标值×该指标分值计算得分。"))
    assert _header_line(at(100, "一级指标", "二级指标", "三级指标", "年度指标值(A)", "偏差原因分析及"))
    assert _header_line(at(100, "", "", "", "分值(10分)", "得分"))


def test_a_criteria_line_naming_two_columns_in_one_sentence_is_no_header_line():
    """得分计算方法 prints 全年实际值达到年度指标值 on every row: one phrase naming two columns is no header line
    (it would cut the indicator block into pieces of one line each, which show no column gaps); two words that
    are column names are."""
    from jixiao.extract.pdf.borderless import _header_line
    assert not _header_line([word("全年实际值达到年度指标值", 380, 100)])
    assert _header_line([word("年度指标值", 238, 100), word("全年实际值", 297, 100)])
    assert _header_line([word("分值", 354, 100), word("得分计算方法", 382, 100), word("得分", 497, 100)])


def test_a_label_on_its_row_s_top_centred_on_rows_right_under_the_group_above_takes_them():
    """经济效益指标 heads a group of one row, on its row's top; 生态效益指标 stands on its middle row's top, centred on
    the three rows right under it.  Read at their groups' tops, 经济效益指标 would head the row under it, which a
    column that centres its labels (成本指标 between its two rows) would have printed between the two: the
    centred reading, which leaves no row out either, is the column's."""
    words = (at(560, "一级指标", "二级指标", "三级指标", "指标值", "偏差原因")
             + at(588, "", "", "禁牧补助", "≤7.5") + at(596, "产出指标", "成本指标")
             + at(604, "", "", "奖励标准", "≤2.5")
             + at(621, "", "经济效益", "人均收入", "≥2100") + at(637, "", "", "植被盖度", "≥60%")
             + at(654, "效益指标", "生态效益", "鲜草产量", "≥185") + at(670, "", "", "超载率", "≤8%")
             + at(687, "", "社会效益", "保护意识", "增强"))
    rows, _, _ = read_borderless(words, DocumentLayout())
    assert column(rows, 2) == ["三级指标", "禁牧补助", "奖励标准", "人均收入", "植被盖度", "鲜草产量", "超载率",
                               "保护意识"]
    assert column(rows, 1) == ["二级指标", "成本指标", "", "经济效益", "生态效益", "", "", "社会效益"]


def test_a_page_of_two_lines_with_a_running_line_is_laid_out():
    """A running header or footer is judged on pages of any length (a page of two lines raised IndexError)."""
    words = [word("某局2024年度部门决算", 60, 30), word("某局2024年度部门决算", 60, 700)]
    blocks, _ = _layout(words, [], 760, "", False, DocumentLayout(), True, running=frozenset({"某局#年度部门决算"}))
    assert blocks == []  # both lines are the running header and footer: nothing is left


def test_a_row_merged_over_two_header_columns_leaves_their_boundary():
    """Hebei's 预算执行率 runs across 一级指标 | 二级指标: one row crossing the gap between two header cells, with
    cells on both sides of it on the other rows, leaves the gap a column boundary; a gap that many rows cross does
    not (a goal's text across the columns)."""
    head = [word("一级指标", 60, 100), word("二级指标", 110, 100), word("三级指标", 200, 100)]
    body = [[word("产出", 60, 120), word("数量指标", 110, 120)], [word("效益", 60, 140), word("社会效益", 110, 140)],
            [word("预算执行率合计", 60, 160)]]
    assert (96.0, 110.0) in _header_gaps(head, body)
    crossed = body + [[word("完成目标任务的百分之九十", 60, 180)]]
    assert (96.0, 110.0) not in _header_gaps(head, crossed)


def test_a_year_line_under_the_project_row_is_a_row_of_the_table():
    """评价年度 | 2023年 right under 项目名称: a row of the table's head, so the 项目名称 row stays in the table."""
    lines = lines_of(at(100, "项目支出绩效自评表") + at(120, "项目名称", "", "某项目")
                     + at(140, "评价年度", "", "2023年")
                     + at(160, "一级指标", "二级指标", "三级指标", "指标值", "偏差原因")
                     + at(180, "产出指标", "数量指标", "人数", "≥1") + at(200, "总分", "", "", "100"))
    tables, rest = _borderless_regions(lines, "header", False)
    assert [join(ln) for ln in tables[0]][:2] == ["项目名称某项目", "评价年度2023年"]
