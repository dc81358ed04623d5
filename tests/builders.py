"""Small tables for tests, built as the tab-separated text a report export gives."""
from __future__ import annotations

from dataclasses import replace

from jixiao.core.grid import Grid
from jixiao.extract.text.reader import rows_from_lines
from jixiao.normalize.layout import read_tables
from jixiao.normalize.records import Fund, Project, build

TEXT_RENDERINGS = ["tab", "pipe", "flat", "lines"]


def rendered(rows: list[list[str]], rendering: str) -> str:
    """A table's rows as a tab export prints them, or as text that lost its table: `|` rows run together
    (pipe), every filled cell on one line (flat) or a line each (lines)."""
    cells = [[c for c in r if c] for r in rows]
    return {"tab": "\n".join("\t".join(r) for r in rows),
            "pipe": " ".join("| " + " | ".join(r) + " |" for r in cells),
            "flat": " ".join(c for r in cells for c in r),
            "lines": "\n".join(c for r in cells for c in r)}[rendering] + "\n"


HEADER = "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施"


def table_text(indicators: list[tuple], *, name: str = "测试项目", funds: list[str] | None = None,
               total: tuple[str, str] | None = ("100.00", "100.00"), grade: str | None = "优",
               header: str = HEADER, title: str = "财政项目支出绩效自评表") -> str:
    """indicators: (level1, level2, level3, target, actual, weight, score[, reason]) with '' for merged cells."""
    lines = [title, "(2024年度)", f"项目名称\t{name}", "主管部门\t浙江省杭州市西湖区财政局\t实施单位\t西湖区财政局",
             "项目资金(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分"]
    lines += funds if funds is not None else [
        "\t年度资金总额:\t100.00\t100.00\t100.00\t10.00\t100.00\t10.00",
        "\t其中:当年财政拨款\t100.00\t100.00\t100.00\t-\t100.00\t-",
        "\t上年结转资金\t0.00\t0.00\t0.00\t-\t0.00\t-",
        "\t其他资金\t0.00\t0.00\t0.00\t-\t0.00\t-",
    ]
    lines += ["年度总体目标\t预期目标\t\t实际完成情况", "\t完成年度任务\t\t已完成年度任务", header]
    lines += ["\t".join(row) for row in indicators]
    if total is not None:
        lines.append(f"总分\t\t\t\t\t{total[0]}\t{total[1]}\t")
    if grade is not None:
        lines.append(f"评分等级\t{grade}")
    return "\n".join(lines) + "\n"


def projects(text: str) -> list[Project]:
    grid = Grid(rows_from_lines(text.splitlines()), method="text")
    return [build(n, t) for n, t in enumerate(read_tables(grid), start=1)]


def project(indicators: list[tuple], **kw) -> Project:
    (p,) = projects(table_text(indicators, **kw))
    return p


def fund(line: str, initial: float | None = None, full: float | None = None, executed: float | None = None,
         *, weight: float | None = None, rate: float | None = None, score: float | None = None, **kw) -> Fund:
    """A fund line with the amounts given (None: not printed); kw sets received, weight_share, …"""
    return Fund(line, initial, full, executed, weight, rate, score, **kw)


def amend(p: Project, *, funds: list[Fund] | None = None, rows: dict[int, dict] | None = None, **fields) -> Project:
    """p with project fields replaced, its funds swapped and the indicators of the given seqs amended
    (the columns of the newer forms, whose readers are not written yet, on a table the builder reads)."""
    indicators = [replace(i, **(rows or {}).get(i.seq, {})) for i in p.indicators]
    return replace(p, funds=p.funds if funds is None else funds, indicators=indicators, **fields)


# A clean set of indicator rows adding up to 90 points (50 / 30 / 10).
BALANCED = [
    ("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "50", "50", ""),
    ("效益指标", "社会效益指标", "政策知晓率", "≥90%", "95%", "30", "30", ""),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10", ""),
]
