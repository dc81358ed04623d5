"""Text cleaning as SCHEMA.md defines it."""
from jixiao.core.text import clean, fold_compat, join_fragments, key


def test_line_breaks_between_cjk_are_removed():
    assert clean("提升嘉定城市（文旅）品牌形象 知晓度") == "提升嘉定城市（文旅）品牌形象知晓度"
    assert clean("部分达成指标\n并具有一定效果") == "部分达成指标并具有一定效果"
    assert clean("1000.00(万 次)") == "1000.00(万次)"


def test_other_whitespace_becomes_one_space():
    assert clean("  2023 年 10 月  ") == "2023 年 10 月"
    assert clean("F1\n\tFE") == "F1 FE"


def test_html_tags_become_line_breaks():
    assert clean("<p>1、第一</p> <p>2、第二</p>") == "1、第一\n2、第二"
    assert clean("甲<br/>乙") == "甲\n乙"
    assert clean("A&amp;B") == "A&B"


def test_full_width_punctuation_is_kept_and_kangxi_folded():
    assert clean("项⽬执⾏，完成（90%）") == "项目执行，完成（90%）"
    assert fold_compat("⽬") == "目"


def test_fragments_join_without_artificial_space():
    assert join_fragments("为社会提供丰富", "多彩的文化产品") == "为社会提供丰富多彩的文化产品"
    assert join_fragments("工作在 2025", "年6月完成") == "工作在 2025年6月完成"
    assert join_fragments("F1", "FE") == "F1 FE"
    assert join_fragments("", "乙") == "乙"


def test_key_folds_width_and_space():
    assert key("年度 总体 目标") == "年度总体目标"
    assert key("项目资金（万元）") == "项目资金(万元)"
    assert key(None) == ""
