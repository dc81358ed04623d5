"""Which shapes a kind of column cannot hold (jixiao/core/shapes.py), the one test both readers ask."""
import pytest

from jixiao.core.shapes import fits, is_points
from jixiao.core.text import key


@pytest.mark.parametrize("cell, expected", [
    ("10", True), ("9.50", True), ("(50分)", True), ("20分", True), ("-2", True),
    ("100%", False), ("≥90%", False), ("1,200", False), ("十", False), ("", False),
])
def test_points_are_bare_numbers(cell: str, expected: bool) -> None:
    assert is_points(key(cell)) is expected
    assert fits("points", key(cell)) is expected


@pytest.mark.parametrize("holds, cell, expected", [
    ("sign", "≥", True), ("sign", "不低于", True), ("sign", "/", True), ("sign", "90", False),
    ("unit", "人次", True), ("unit", "平方米", True), ("unit", "%", True), ("unit", "2024年", False),
    ("unit", "按时完成全部任务", False), ("unit", "微克/立方米", True), ("unit", "元/人·月", True),
    ("unit", "按时完成全部/任务", False), ("unit", "㎡", True), ("unit", "μg/m³", True), ("unit", "m23", False),
    ("mark", "是", True), ("mark", "★", True), ("mark", "1", False), ("mark", "核心", False),
    ("word", "部分完成", True), ("word", "完成90%", False),
    ("index", "12", True), ("index", "1234", False), ("index", "一", False),
    ("value", "≥90%", True), ("text", "12", True), ("name", "", True),
])
def test_what_a_column_cannot_hold(holds: str, cell: str, expected: bool) -> None:
    assert fits(holds, key(cell)) is expected


def test_lenticular_brackets_read_as_round_ones() -> None:
    """产出指标【50分】: the label's points as in 产出指标(50分)."""
    from jixiao.normalize.headers import strip_weight

    assert strip_weight(key("产出指标【50分】")) == ("产出指标", 50.0)
