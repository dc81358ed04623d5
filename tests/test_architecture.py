"""The stage walls the README's architecture section promises, checked on the source."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# stage folder → the jixiao packages its modules may not import
WALLS = {"extract": ("jixiao.normalize", "jixiao.rules"), "normalize": ("jixiao.rules",)}
PACKAGE = ("jixiao", "extract", "normalize", "rules")
LONGEST_FUNCTION = 80


def imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


@pytest.mark.parametrize("stage", sorted(WALLS))
def test_stage_does_not_import_later_stages(stage):
    bad = {}
    for path in sorted((ROOT / stage).glob("*.py")):
        hits = [m for m in imports(ast.parse(path.read_text(encoding="utf-8")))
                if any(m == w or m.startswith(w + ".") for w in WALLS[stage])]
        if hits:
            bad[path.name] = sorted(hits)
    assert bad == {}


def test_no_function_is_longer_than_80_lines():
    long = []
    for folder in PACKAGE:
        for path in sorted((ROOT / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    n = node.end_lineno - node.lineno + 1
                    if n > LONGEST_FUNCTION:
                        long.append(f"{folder}/{path.name}:{node.lineno} {node.name} ({n} lines)")
    assert long == []
