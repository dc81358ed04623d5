"""Text that lost its table (extract/text/tokens.py, extract/text/regroup.py): cells in reading order regrouped
into rows by the table's grammar.  The whole-file scores of the dev corpus and of t01–t08 in these
forms are in test_gold.py; here the parts and the decisions."""
from pathlib import Path

from builders import table_text

from jixiao.extract.text import regroup, tokens
from jixiao.extract.text.reader import read_text
from jixiao.normalize.layout import read_tables
from jixiao.normalize.records import build
from jixiao.rules.engine import Engine

FIXTURES = Path(__file__).parent.parent / "fixtures"


def lines_form(text: str) -> str:
    """A tab export as a web page's visible text: one non-empty cell a line."""
    return "\n".join(c.strip() for line in text.splitlines() for c in line.split("\t") if c.strip()) + "\n"


def read(tmp_path, text: str, name: str = "t.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [build(n, t) for n, t in enumerate(read_tables(read_text(path)), start=1)]


def test_files_with_rows_are_not_token_streams():
    tab = (FIXTURES / "text" / "t01_clean_two_tables.txt").read_text(encoding="utf-8").splitlines()
    web = (FIXTURES / "web" / "w01_clean_two_tables.txt").read_text(encoding="utf-8").splitlines()
    assert tokens.stream(tab) is None
    assert tokens.stream(web) is None  # one `| row |` a line


def test_pipe_rows_run_together_keep_their_boundaries():
    cells = [f"| {a} | {b} |" for a, b in [("c1", "c2")] * 7]
    stream = tokens.stream(["前言", " ".join(cells) + " | 总分 | 100 |"])
    assert [t.text for t in stream][:4] == ["前言", "c1", "c2", "c1"]
    assert [t.row_start for t in stream][1:5] == [True, False, True, False]
    assert stream[-2].text == "总分" and stream[-2].row_start


def test_flat_words_are_put_back_into_cells():
    words = ("累计注册人数 ≥12000.00 (次) 25000.00 (次) ≥ 90 % 效益指标 (30) APP download count 10.00 % "
             "≥1.2 万人 1.25 万人 8 万人次").split()
    assert tokens.merge_words(words) == [
        "累计注册人数", "≥12000.00 (次)", "25000.00 (次)", "≥ 90 %", "效益指标 (30)", "APP download count", "10.00 %",
        "≥1.2 万人", "1.25 万人", "8 万人次"]


def test_a_comparator_that_states_a_result_stays_apart_from_the_points_after_it():
    # 达到 is a comparator (达到95%) and an achievement: before 分值 and 得分 it is the actual in words.
    assert tokens.merge_words("≥90% 达到 10 10 总分".split()) == ["≥90%", "达到", "10", "10", "总分"]
    assert tokens.merge_words("达到 95 % 96% 10 10".split()) == ["达到 95 %", "96%", "10", "10"]
    assert tokens.merge_words("不低于 90 10 9".split()) == ["不低于 90", "10", "9"]


def test_goal_cells_split_where_a_new_cell_starts():
    flat = [tokens.Token(w, flat=True) for w in "1、完成 2024 年度工作 2、提升服务 1、已完成 2024 年度工作 2、服务提升".split()]
    assert regroup.two_cells(flat) == ["1、完成 2024 年度工作 2、提升服务", "1、已完成 2024 年度工作 2、服务提升"]
    cjk = [tokens.Token(w, flat=True) for w in "完成 2024 年度任务 已完成任务".split()]
    assert regroup.two_cells(cjk) == ["完成 2024 年度任务", "已完成任务"]


def test_goal_sub_rows_keep_each_goal_apart_from_its_actual():
    # 目标1：… | its actual | 目标2：… | its actual: the expected cells are the numbered ones, not the first half.
    words = "目标1：修路12公里。 完成12.5公里。 目标2：培训200人次。 培训236人次。".split()
    flat = [tokens.Token(w, flat=True) for w in words]
    assert regroup.two_cells(flat) == ["目标1：修路12公里。 目标2：培训200人次。", "完成12.5公里。 培训236人次。"]


def test_fund_values_with_a_blank_cell_are_placed_by_their_arithmetic():
    cols = ["initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score"]
    assert regroup.place_fund_values(["300.00", "288.60", "10.00", "96.20", "9.62"], cols, True) == [
        "", "300.00", "288.60", "10.00", "96.20", "9.62"]
    assert regroup.place_fund_values(["320.00", "300.00", "288.60", "-", "96.20"], cols, True) == [
        "320.00", "300.00", "288.60", "-", "96.20", ""]
    # Under the total, 分值 and 得分 are the usual blanks: 20 | 20 | 20 | 100 is a rate of 100, no weight.
    assert regroup.place_fund_values(["20.00", "20.00", "20.00", "100.00"], cols, False) == [
        "20.00", "20.00", "20.00", "", "100.00", ""]
    assert regroup.place_fund_values(["0.00", "0.00", "0.00", "0.00"], cols, False) == [
        "0.00", "0.00", "0.00", "", "0.00", ""]


def test_header_printed_on_two_rows_is_one_row_of_columns():
    run = [("一级指标", "level1"), ("三级指标", "level3"), ("年度指标值", "target"), ("分值", "weight"),
           ("指标性质", "target_op"), ("指标值", "target"), ("度量单位", "target_unit")]
    assert [r for _, r in regroup.merge_header(run)] == ["level1", "level3", "target_op", "target", "target_unit",
                                                          "weight"]
    spanned = [("年度指标值", "target"), ("分值", "weight"), ("一级指标", "level1"), ("三级指标", "level3")]
    assert [r for _, r in regroup.merge_header(spanned)] == ["level1", "level3", "target", "weight"]


def test_rows_without_their_empty_cells_are_decoded():
    header = ["level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"]
    body = [tokens.Token(t) for t in ["产出指标", "数量指标", "培训人次", "≥100人次", "80人次", "10", "8", "受疫情影响",
                                      "成本指标", "培训成本", "≤5万元", "5", "5", "群众满意度", "≥90%", "92%", "10", "10"]]
    assert regroup.decode_rows(body, header) == [
        ("产出指标", "数量指标", "培训人次", "≥100人次", "80人次", "10", "8", "受疫情影响"),
        ("", "成本指标", "培训成本", "≤5万元", "", "5", "5", ""),  # a level-2 name before a 三级指标: under 产出指标
        ("", "", "群众满意度", "≥90%", "92%", "10", "10", ""),
    ]


def test_a_missing_cell_is_left_empty_and_flagged(tmp_path):
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "", "40", "40", ""),
            ("效益指标", "社会效益指标", "政策知晓率", "≥90%", "95%", "40", "40", ""),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10", "")]
    (p,) = read(tmp_path, lines_form(table_text(rows)))
    first = p.indicators[0]
    assert (first.target_raw, first.actual_raw, first.weight, first.score) == ("≥100人次", "", 40.0, 40.0)
    assert ("ACHIEVEMENT_UNKNOWN", 1) in {(f.rule_id, f.seq) for f in Engine().check(p)}


def test_a_lone_total_goes_where_the_arithmetic_puts_it(tmp_path):
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", ""),
            ("效益指标", "社会效益指标", "政策知晓率", "≥90%", "80%", "40", "35", "")]
    text = lines_form(table_text(rows, total=("", "95.00"), grade=None)).replace("总分\n", "总分\n")
    (p,) = read(tmp_path, text)
    assert (p.total_weight, p.total_score) == (None, 95.0)


def test_prose_and_reports_without_a_table_give_nothing(tmp_path):
    prose = "本单位2024年度部门决算说明\n一、收入支出决算总体情况\n项目 本年收入 本年支出\n合计 1,200.00 1,180.00\n" \
            "项目支出绩效自评情况详见附表。\n"
    assert read(tmp_path, prose) == []
    assert read(tmp_path, "项目支出绩效自评表\n项目名称\n某项目\n说明：本表为空。\n") == []
    assert read(tmp_path, (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")) == []


def test_flat_pieces_of_one_cell_are_joined():
    header = ["level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"]
    words = "产出指标 数量指标 培训人次 ≥100人次 100人次 10 10 PM2.5 浓度 ≤35 30 10 10 工作在 2025 年完成 细颗粒物 ≤1 1 5 5"
    body = [tokens.Token(w, flat=True) for w in tokens.merge_words(words.split())]
    assert [r[2:] for r in regroup.decode_rows(body, header)] == [
        ("培训人次", "≥100人次", "100人次", "10", "10", ""),
        ("PM2.5 浓度", "≤35", "30", "10", "10", "工作在 2025 年完成"),
        ("细颗粒物", "≤1", "1", "5", "5", ""),
    ]


def flat_form(text: str) -> str:
    """A tab export as an office text dump: all non-empty cells of the table on one line."""
    return " ".join(c.strip() for line in text.splitlines() for c in line.split("\t") if c.strip()) + "\n"


def rows_of(p) -> list[tuple]:
    return [(i.level2, i.level3, i.target_raw, i.actual_raw, i.weight, i.score, i.deviation_reason) for i in p.indicators]


def test_a_zero_or_a_short_text_in_the_reason_column_is_a_reason(tmp_path):
    rows = [("产出指标", "数量指标", "设施维护验收合格率", "90%-100%", "96%", "50", "50", "0"),
            ("效益指标", "社会效益指标", "项目资金拨付及时性", "及时", "及时", "30", "30", "0"),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10", "无偏差")]
    expected = [("数量指标", "设施维护验收合格率", "90%-100%", "96%", 50.0, 50.0, "0"),
                ("社会效益指标", "项目资金拨付及时性", "及时", "及时", 30.0, 30.0, "0"),
                ("服务对象满意度指标", "群众满意度", "≥90%", "92%", 10.0, 10.0, "无偏差")]
    text = table_text(rows)
    for form, body in (("tab", text), ("flat", flat_form(text)), ("lines", lines_form(text))):
        (p,) = read(tmp_path, body, f"{form}.txt")
        assert rows_of(p) == expected, form
        assert not Engine().check(p), form


def test_a_table_that_scored_nothing_keeps_its_rows(tmp_path):
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "120", "", "", ""),  # a bare number, but no points
            ("", "质量指标", "培训合格率", "≥95%", "90%", "", "", "部分学员补考"),
            ("效益指标", "社会效益指标", "政策知晓率", "≥90%", "95%", "", "", ""),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "", "", "")]
    text = table_text(rows, total=("", ""), grade="")
    for form, body in (("flat", flat_form(text)), ("lines", lines_form(text))):
        (p,) = read(tmp_path, body, f"{form}.txt")
        assert [i.level3 for i in p.indicators] == ["培训人次", "培训合格率", "政策知晓率", "群众满意度"], form
        assert {(i.weight, i.score) for i in p.indicators} == {(None, None)}, form
        assert p.indicators[0].actual_raw == "120", form
        assert p.indicators[1].deviation_reason == "部分学员补考", form


def test_an_empty_target_leaves_the_labels_in_their_columns(tmp_path):
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "120人次", "50", "50", ""),
            ("", "质量指标", "培训合格率", "", "96%", "10", "10", ""),
            ("效益指标", "社会效益指标", "政策知晓率", "", "明显提高", "30", "30", ""),
            ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10", "")]
    for form, body in (("flat", flat_form(table_text(rows))), ("lines", lines_form(table_text(rows)))):
        (p,) = read(tmp_path, body, f"{form}.txt")
        got = [(i.level2, i.level3, i.target_raw, i.actual_raw) for i in p.indicators[1:3]]
        assert got == [("质量指标", "培训合格率", "", "96%"), ("社会效益指标", "政策知晓率", "", "明显提高")], form
        assert {(f.rule_id, f.seq) for f in Engine().check(p)} >= {("ACHIEVEMENT_UNKNOWN", 2), ("ACHIEVEMENT_UNKNOWN", 3)}


def test_fund_values_with_thousands_separators_and_zero_lines_are_placed_by_their_arithmetic():
    cols = ["initial_budget", "full_year_budget", "executed", "weight", "execution_rate", "score"]
    # 2,664.92 of 2,680.00 is 99.44 %: a table that prints no points
    assert regroup.place_fund_values(["2,450.00", "2,680.00", "2,664.92", "99.44"], cols, True) == [
        "2,450.00", "2,680.00", "2,664.92", "", "99.44", ""]
    # 0.00 executed at 0.00 % proves nothing about where 1,560.75 stands: the usual blanks decide
    assert regroup.place_fund_values(["1,560.75", "0.00", "0.00", "0.00"], cols, False) == [
        "1,560.75", "0.00", "0.00", "", "0.00", ""]


def test_an_amount_with_a_currency_sign_is_an_amount():
    assert regroup._AMOUNT.match("￥86,420,000.00") and regroup._AMOUNT.match("¥0.00")


def test_amounts_with_spaced_thousands_in_flat_text_are_one_amount_each(tmp_path):
    """`2 860.00` (GB/T 15835's thousands spacing) comes apart in flat text; a fund line that then prints more
    numbers than its header has columns reads each such pair as one amount, a line that prints as many as it has
    columns stays as printed (5 | 120.00: two amounts)."""
    def funds(total: str) -> list[dict]:
        text = table_text([("产出指标", "数量指标", "新建公厕", "≥24座", "24座", "90", "90", "")], funds=[
            f"\t年度资金总额:\t{total}", "\t其中:当年财政拨款\t-\t-\t-\t-\t-\t-"])
        src = tmp_path / "t.txt"
        src.write_text(" ".join(c for line in text.splitlines() for c in line.split("\t") if c), encoding="utf-8")
        (t,) = read_tables(read_text(src))
        return build(1, t).funds
    (spaced, _) = funds("2 860.00\t2 860.00\t2 796.45\t10\t97.78\t9.78")
    assert (spaced.initial_budget, spaced.full_year_budget, spaced.executed, spaced.weight) == (2860, 2860, 2796.45, 10)
    (plain, _) = funds("5\t120.00\t118.00\t10\t98.33\t9.83")
    assert (plain.initial_budget, plain.full_year_budget, plain.executed) == (5, 120, 118)
