"""Whether a row reached its target, where the words of target and result say it (normalize/achievement.py)."""
import pytest

from jixiao.normalize.achievement import achievement, restates
from jixiao.normalize.values import parse


@pytest.mark.parametrize("target, actual, expected", [
    ("不低于上年", "高于上年", "achieved"), ("不低于上年", "低于上年", "not_achieved"),
    ("不高于上年", "低于上年", "achieved"), ("不低于上年", "稳步增长", None)])
def test_a_result_compared_with_the_same_reference_as_its_target(target, actual, expected):
    assert achievement(parse(target), target, parse(actual), actual, None, None) == expected


@pytest.mark.parametrize("target, actual, expected", [
    ("较好", "好", "achieved"), ("好", "好", "achieved"), ("较高", "高", "achieved"),
    ("好", "较好", None), ("较好", "一般", None),  # below the target by a degree no tier names
    ("良", "优", "achieved"), ("优", "良", None), ("B级", "A级", "achieved")])  # grades
def test_rating_words_of_one_scale(target, actual, expected):
    assert achievement(parse(target), target, parse(actual), actual, None, None) == expected


@pytest.mark.parametrize("target, actual, expected", [
    ("不减少", "稳中有增", "achieved"), ("不减少", "持平", "achieved"), ("不降低", "明显下降", "not_achieved"),
    ("有所提高", "持平", "not_achieved"), ("持续提升", "明显提升", "achieved"), ("不增加", "有所减少", "achieved"),
    ("有所提高", "未降低", None),  # no fall: a rise or none, so the rise asked for is not known
    ("增", "增", "achieved"),  # the same words restate the target; a bare 增 states no direction of its own
    ("不减少", "增", None)])
def test_targets_and_results_that_state_only_a_direction(target, actual, expected):
    assert achievement(parse(target), target, parse(actual), actual, None, None) == expected


@pytest.mark.parametrize("target, actual, expected", [
    ("游客投诉问题及时处理", "游客投诉问题已及时处理", True), ("建立健全管理制度", "已建立健全管理制度", True),
    ("问题及时处理", "问题已经及时处理", True), ("建立", "建立已", False), ("及时处理", "已处理", False)])
def test_a_target_said_done_with_its_mark_anywhere(target, actual, expected):
    assert restates(target, actual) is expected
