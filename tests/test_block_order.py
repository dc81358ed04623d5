"""A table's blocks are read in whatever order its form prints them: neither the grid reader nor the
grammar for text that lost its table knows an order (rules/forms.yaml declares what a form prints, not
where).  Each order is read from a tab export and from the pipe, flat and lines text of the same rows."""
from itertools import permutations

import pandas as pd
import pytest

import jixiao

HEAD = [["项目支出绩效自评表"], ["项目名称", "示范项目"], ["主管部门", "某局", "实施单位", "某中心"]]
BLOCKS = {
    "funds": [["项目资金(万元)", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
              ["", "年度资金总额", "100", "100", "90", "10", "90%", "9"],
              ["", "其中:当年财政拨款", "100", "100", "90", "—", "90%", "—"]],
    "goal": [["年度总体目标", "预期目标", "实际完成情况"], ["", "完成培训200人次。", "已完成培训210人次。"]],
    "indicators": [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                    "偏差原因分析及改进措施"],
                   ["产出指标", "数量指标", "培训人次", "≥200人次", "210人次", "50", "50", ""],
                   ["", "质量指标", "合格率", "≥90%", "85%", "40", "38", "部分学员缺课"]],
}
TOTAL = [["总分", "", "", "", "", "100", "97", ""]]


def _render(rows: list[list[str]], form: str) -> str:
    if form == "tab":
        return "\n".join("\t".join(r) for r in rows) + "\n"
    cells = [[c for c in r if c] for r in rows]
    if form == "pipe":
        return " ".join("| " + " | ".join(r) + " |" for r in cells) + "\n"
    if form == "flat":
        return " ".join(c for r in cells for c in r) + "\n"
    return "\n".join(c for r in cells for c in r) + "\n"  # lines


def _records(frame: pd.DataFrame) -> list[dict]:
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


@pytest.mark.parametrize("form", ["tab", "pipe", "flat", "lines"])
@pytest.mark.parametrize("order", list(permutations(BLOCKS)), ids="-".join)
def test_blocks_in_any_order(tmp_path, order, form):
    rows = HEAD + [r for block in order for r in BLOCKS[block]] + TOTAL
    src = tmp_path / "t.txt"
    src.write_text(_render(rows, form), encoding="utf-8")
    ds = jixiao.read(src)
    p, funds, ind = (_records(t) for t in (ds.projects, ds.funds, ds.indicators))
    assert [(x["project_name"], x["goal_expected"], x["goal_actual"], x["total_weight"], x["total_score"]) for x in p] \
        == [("示范项目", "完成培训200人次。", "已完成培训210人次。", 100.0, 97.0)]
    assert [(f["line"], f["full_year_budget"], f["executed"], f["weight"], f["score"]) for f in funds] \
        == [("total", 100.0, 90.0, 10.0, 9.0), ("current_appropriation", 100.0, 90.0, None, None)]
    assert [(i["level2"], i["level3"], i["target_raw"], i["actual_raw"], i["weight"], i["score"], i["deviation_reason"])
            for i in ind] == [("数量指标", "培训人次", "≥200人次", "210人次", 50.0, 50.0, ""),
                              ("质量指标", "合格率", "≥90%", "85%", 40.0, 38.0, "部分学员缺课")]
