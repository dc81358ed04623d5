"""The forms of rules/forms.yaml: each table read as the form its title and header say, a broken
declaration refused at start, a form added by a --rules folder alone, and the real tables of the other
forms (../shared/corpus/dev/forms) read exactly from every backend the grid reader serves."""
from pathlib import Path

import pytest
from builders import projects
from scorer import score

from jixiao.cli import main
from jixiao.core.config import Catalogue, ConfigError
from jixiao.core.forms import forms
from jixiao.core.settings import Settings, active

ROOT = Path(__file__).parent.parent
FORMS_DEV = ROOT.parent / "shared" / "corpus" / "dev" / "forms"
DEV_TABLES = ["guantang_2023", "hubei_2020", "qingshen_2023", "shouxian_2023", "taibai_2021"]
GRID_BACKENDS = [".txt", ".xlsx", ".docx", ".pdf"]

DEPARTMENT = """2023年度部门整体支出绩效自评表
预算部门、单位名称\t\t某县某乡人民政府
年度预算申请(万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t自评得分
\t年度资金总额\t100.00\t200.00\t190.00\t10\t95%\t9.5
\t按收入性质分:200.00\t\t\t按支出性质分:190.00
\t其中: 一般公共预算:150.00\t\t\t其中:基本支出:90.00
\t其他资金:50.00\t\t\t项目支出:100.00
"""


def test_department_table_by_title_and_header():
    (p,) = projects(DEPARTMENT)
    assert (p.form, p.form_kind, p.project_name, p.department) == (
        "部门整体支出绩效自评表", "department", None, "某县某乡人民政府")
    assert {f.line: f.full_year_budget for f in p.funds} == {
        "total": 200.0, "other": 50.0, "general_budget": 150.0, "basic": 90.0, "project": 100.0}
    assert (p.traits.names_project, p.traits.funds_block) == (False, True)


def test_signs_settle_forms_of_one_title():
    f = forms.__wrapped__(Catalogue(None))  # the bundled declarations, outside a call
    candidates = f.by_title("部门整体支出绩效自评表")
    assert {x.id for x in candidates} == {"hunan_department", "guizhou_department", "chongqing_department"}
    assert f.settle(candidates, "部门(单位)名称部门(单位)总体资金(万元)资金来源").id == "guizhou_department"
    assert f.settle(candidates, "主管部门财政处室自评总分(分)").id == "chongqing_department"
    assert f.by_title("财政项目支出绩效自评表")[0].id == "ministry"


def test_score_sheet_has_no_targets_and_keeps_criteria():
    text = ("部门整体支出绩效评价自评表\n序号\t一级指标\t二级指标\t三级指标\t指标分值\t指标解释\t评分标准\t自评得分\n"
            "1\t决策 (20分)\t目标设定 (8分)\t目标合理性\t8\t是否合理。\t合理得8分\t8\n"
            "2\t\t\t目标明确性\t0\t是否明确。\t明确得满分\t0\n"
            "3\t\t预算编制 (12分)\t编制科学性\t12\t是否科学。\t科学得12分\t11\n合计\t\t\t\t20\t\t\t19\n")
    (p,) = projects(text)
    first = p.indicators[0]
    assert (first.level1, first.level1_points, first.level2, first.level2_points) == ("决策", 20.0, "目标设定", 8.0)
    assert (first.target_raw, first.actual_raw, first.deviation_reason) == (None, None, None)
    assert first.criteria == "是否合理。\n合理得8分"
    assert [i.level2 for i in p.indicators] == ["目标设定", "目标设定", "预算编制"]
    assert p.traits.targets is False and p.money_unit is None


def test_placeholder_rows_are_not_indicators():
    from builders import table_text
    rows = [("产出指标", "数量指标", "培训人次", "≥100人次", "100人次", "90", "90", ""),
            ("", "", "……", "", "", "", "", "")]
    (p,) = projects(table_text(rows))
    assert [i.level3 for i in p.indicators] == ["培训人次"]


def _run(tmp_path: Path, text: str, *extra: str) -> tuple[int, Path]:
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    return main(["run", str(src), "--out", str(out), "--quiet", "--no-cache", *extra]), out


@pytest.mark.parametrize("body,where,what", [
    ("forms:\n  mine:\n    kind: city\n", 3, "kind must be one of project, department"),
    ("forms:\n  mine:\n    titles: 自评表\n", 3, "titles must be a list of words"),
    ("forms:\n  ministry:\n    colour: red\n", 3, "unknown key 'colour'"),
    ("defaults:\n  funds: maybe\n", 2, "funds must be true or false"),
])
def test_a_broken_declaration_is_refused_at_start(tmp_path, capsys, body, where, what):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "forms.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError, match=f"forms.yaml:{where}: .*{what}"):
        Catalogue(rules)
    code, _ = _run(tmp_path, DEPARTMENT, "--rules", str(rules))
    assert code == 2 and f"forms.yaml:{where}:" in capsys.readouterr().err


def test_a_form_added_by_yaml_alone(tmp_path):
    """A form jixiao does not ship (a made-up 资金绩效自评表 with its total printed in the header as
    考核总分) becomes readable with a forms.yaml entry and a headers.yaml word, no Python."""
    text = ("资金绩效自评表\n项目名称\t示范项目\t考核总分\t88\n主管部门\t某局\n"
            "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
            "产出指标\t数量指标\t培训人次\t≥100人次\t100人次\t90\t88\t\n")
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "forms.yaml").write_text(
        "forms:\n  fund_table:\n    titles: [资金绩效自评表]\n    total: header\n    total_labels: [考核总分]\n",
        encoding="utf-8")
    (p,) = projects(text)
    assert p.total_score is None  # the bundled forms know no 考核总分
    catalogue = Catalogue(rules)
    with active(Settings(catalogue=catalogue)):
        (p,) = projects(text)
    assert (p.total_score, p.traits.total_in_header) == (88.0, True)


@pytest.fixture(scope="module")
def forms_dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("forms") / "out"
    files = [FORMS_DEV / f"{n}{ext}" for n in DEV_TABLES for ext in GRID_BACKENDS]
    assert main(["run", *map(str, files), "--out", str(out), "--quiet", "--no-cache"]) == 0
    return out


@pytest.mark.skipif(not FORMS_DEV.exists(), reason="../shared/corpus/dev/forms is not beside this clone")
@pytest.mark.parametrize("name", [f"{n}{ext}" for n in DEV_TABLES for ext in GRID_BACKENDS])
def test_dev_forms_exact(forms_dataset, name):
    report = score(forms_dataset, FORMS_DEV / f"{name.rsplit('.', 1)[0]}.json", name)
    assert report["accuracy"] == 1.0, report["wrong"]
    assert report["flags"]["found"] == report["flags"]["expected"] and not report["flags"]["unexpected"], report["flags"]
