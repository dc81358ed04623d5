"""HTML pages: tables parsed from the markup, merged cells laid out by rowspan/colspan."""
from builders import BALANCED

from jixiao.extract.html import expand, read_html
from jixiao.normalize.layout import read_tables
from jixiao.normalize.records import build

PAGE = """<html><head><meta charset="utf-8"><title>绩效自评</title><style>td {{border: 1px}}</style></head>
<body><h2>某区财政局2024年度部门决算</h2><p>一、项目支出绩效自评结果如下。</p>
<p>财政项目支出绩效自评表</p><p>(2024年度)</p>
<table>
<tr><td>项目名称</td><td colspan="7">网页项目</td></tr>
<tr><td>主管部门</td><td colspan="3">浙江省杭州市西湖区财政局</td><td>实施单位</td><td colspan="3">西湖区财政局</td></tr>
<tr><td rowspan="3">项目资金（万元）</td><td></td><td>年初预算数</td><td>全年预算数</td><td>全年执行数</td><td>分值</td><td>执行率</td><td>得分</td></tr>
<tr><td>年度资金总额</td><td>100.00</td><td>100.00</td><td>100.00</td><td>10</td><td>100.00%</td><td>10</td></tr>
<tr><td>其中：当年财政拨款</td><td>100.00</td><td>100.00</td><td>100.00</td><td>—</td><td>100.00%</td><td>—</td></tr>
<tr><td rowspan="2">年度总体目标</td><td colspan="3">预期目标</td><td colspan="4">实际完成情况</td></tr>
<tr><td colspan="3"><p>1、完成年度任务</p><p>2、提升服务</p></td><td colspan="4">已完成<br>年度任务</td></tr>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>年度指标值</th><th>实际完成值</th><th>分值</th><th>得分</th><th>偏差原因分析及改进措施</th></tr>
{rows}
<tr><td colspan="5">总分</td><td>100</td><td>100</td><td></td></tr>
<tr><td>评分等级</td><td colspan="7">优</td></tr>
</table><p>注：本表数据来源于财务系统。</p></body></html>"""


def html_rows() -> str:
    out = []
    for l1, l2, l3, target, actual, weight, score, reason in BALANCED:
        out.append(f"<tr><td>{l1}</td><td>{l2}</td><td>{l3}</td><td>{target}</td><td>{actual}</td>"
                   f"<td>{weight}</td><td>{score}</td><td>{reason}</td></tr>")
    # a merged 一级/二级 cell over two rows
    out[0] = out[0].replace("<td>产出指标</td><td>数量指标</td>", '<td rowspan="2">产出指标<br>(50分)</td><td rowspan="2">数量指标</td>')
    out[0] = out[0].replace("<td>50</td><td>50</td>", "<td>40</td><td>40</td>")
    out.insert(1, "<tr><td>培训天数</td><td>≥5天</td><td>5天</td><td>10</td><td>10</td><td></td></tr>")
    return "\n".join(out)


def test_expand_lays_out_spans():
    rows = expand([[("a", 2, 1), ("b", 1, 2)], [("c", 1, 1), ("d", 1, 1)]])
    assert [r.cells for r in rows] == [("a", "b", ""), ("", "c", "d")]
    assert [r.covered for r in rows] == [frozenset(), {0}]  # the rowspan's cell, not an empty one


def test_html_table_end_to_end(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(PAGE.format(rows=html_rows()), encoding="utf-8")
    grid = read_html(path)
    assert grid.method == "html" and grid.encoding == "utf-8"
    (t,) = read_tables(grid)
    p = build(1, t)
    assert (p.form, p.year, p.project_name, p.department) == ("财政项目支出绩效自评表", 2024, "网页项目", "浙江省杭州市西湖区财政局")
    assert p.goal_expected == "1、完成年度任务\n2、提升服务" and p.goal_actual == "已完成\n年度任务"
    assert [(f.line, f.full_year_budget, f.execution_rate) for f in p.funds] == [
        ("total", 100.0, 100.0), ("current_appropriation", 100.0, 100.0)]
    got = [(i.level1, i.level2, i.level3, i.weight, i.level1_points) for i in p.indicators]
    assert got == [("产出指标", "数量指标", "培训人次", 40.0, 50.0), ("产出指标", "数量指标", "培训天数", 10.0, 50.0),
                   ("效益指标", "社会效益指标", "政策知晓率", 30.0, None),
                   ("满意度指标", "服务对象满意度指标", "群众满意度", 10.0, None)]
    assert (p.total_weight, p.total_score, p.grade) == (100.0, 100.0, "优")


def test_a_cell_in_paragraphs_keeps_breaks_only_between_them(tmp_path):
    # Word pasted into a CMS: <td><p><span>总分</span></p></td>; the paragraph edges are no line breaks
    page = ("<table><tr><td><p class=MsoNormal><span>总分</span></p></td><td><p>第一段</p><p></p><p>第二段</p></td>"
            "</tr></table>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    assert read_html(tmp_path / "p.html").rows[0].cells == ("总分", "第一段<br>第二段")
