"""The layers the README's architecture section promises, checked on the source of every folder.

The stages (extract → normalize → rules) use the contracts (jixiao.core) and earlier stages only; the
contracts use nothing above them; the runner (jixiao.runner) uses the stages, never the library API,
the command line or the report."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ABOVE_STAGES = ("jixiao.runner", "jixiao.api", "jixiao.cli", "jixiao.report")
# folder → the jixiao packages its modules may not import
WALLS = {
    "jixiao/core": ("jixiao.extract", "jixiao.normalize", "jixiao.rules", *ABOVE_STAGES),
    "extract": ("jixiao.normalize", "jixiao.rules", *ABOVE_STAGES),
    "normalize": ("jixiao.rules", *ABOVE_STAGES),
    "rules": ABOVE_STAGES,
    "jixiao/runner": ("jixiao.api", "jixiao.cli", "jixiao.report"),
}
PACKAGES = ("jixiao", "extract", "normalize", "rules")
LONGEST_FUNCTION = 80


def modules(folder: str) -> list[Path]:
    """Every module under folder, subfolders included."""
    return sorted((ROOT / folder).rglob("*.py"))


def imports(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return found


def breaches(folder: str) -> dict[str, list[str]]:
    bad = {}
    for path in modules(folder):
        hits = [m for m in imports(ast.parse(path.read_text(encoding="utf-8")))
                if any(m == w or m.startswith(w + ".") for w in WALLS[folder])]
        if hits:
            bad[str(path.relative_to(ROOT))] = sorted(hits)
    return bad


@pytest.mark.parametrize("folder", sorted(WALLS))
def test_each_layer_imports_only_what_is_below_it(folder):
    assert breaches(folder) == {}


def test_the_walls_see_subfolders_and_catch_a_breach(tmp_path, monkeypatch):
    """The walk reaches the readers in extract/pdf/ and a stage importing the runner is caught."""
    assert ROOT / "extract" / "pdf" / "reader.py" in modules("extract")
    fake = tmp_path / "extract" / "deep" / "reader.py"
    fake.parent.mkdir(parents=True)
    fake.write_text("from jixiao.runner import batch\n", encoding="utf-8")
    monkeypatch.setattr(__import__(__name__), "ROOT", tmp_path)
    assert breaches("extract") == {"extract/deep/reader.py": ["jixiao.runner", "jixiao.runner.batch"]}


def test_no_function_is_longer_than_80_lines():
    long = []
    for folder in PACKAGES:
        for path in modules(folder):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    n = node.end_lineno - node.lineno + 1
                    if n > LONGEST_FUNCTION:
                        long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines)")
    assert long == []
