"""Every fixture with a gold file scores 100% with exact flags under the tests' scorer (tests/scorer.py, which
follows ../shared/tools/score.py and is checked against it where ../shared sits beside the clone);
scanned fixtures (fixtures/scan/, read by OCR) at least 99% field accuracy, their flags not compared: OCR adds
its own (OCR_CORRECTED, OCR_LOW_CONFIDENCE) and a misread number can change others.  The borderless PDFs with
centred labels that fixtures/make_borderless.py renders from the HTML fixtures (pdf/bNN_*) came after the
borderless reader was written for the dev corpus; they showed faults it then had (some fixed from them), and hold
it to at least 99%, what it reads today (README: Known limits), so that a change that loses ground shows."""
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from scorer import score

from jixiao.cli import main

ROOT = Path(__file__).parent.parent
SHARED_SCORER = ROOT.parent / "shared" / "tools" / "score.py"
GOLD = sorted(p for p in (ROOT / "fixtures" / "gold").glob("*.json") if not p.name.endswith(".flags.json"))


def source(gold: Path) -> str:
    """The fixture file a gold file scores: for an archive member (a.zip!dir/b.pdf), the archive."""
    return json.loads(gold.read_text(encoding="utf-8"))["source_file"].split("!")[0]


def inputs(golds: list[Path] = GOLD) -> list[Path]:
    names = {source(g) for g in golds}
    return sorted(p for p in (ROOT / "fixtures").rglob("*") if p.name in names)


def scanned(gold: Path) -> bool:
    return (ROOT / "fixtures" / "scan" / source(gold)).exists()


def group(gold: Path) -> str:
    """Which marker the fixture's reading needs (tests/README: `make test-fast` leaves ocr and soffice out)."""
    if scanned(gold):
        return "ocr"
    return "soffice" if Path(source(gold)).suffix in (".doc", ".xls") else "plain"


def centred_borderless(gold: Path) -> bool:
    return bool(re.match(r"b\d\d_", source(gold))) and (ROOT / "fixtures" / "pdf" / source(gold)).exists()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The dataset of one group's fixtures, read once (only the groups whose tests run are read)."""
    made: dict[str, Path] = {}

    def of(name: str) -> Path:
        if name not in made:
            made[name] = tmp_path_factory.mktemp(f"gold-{name}") / "out"
            golds = [g for g in GOLD if group(g) == name]
            assert main(["run", *map(str, inputs(golds)), "--out", str(made[name]), "--quiet"]) == 0
        return made[name]
    return of


def test_every_gold_file_has_its_input():
    assert sorted(p.name for p in inputs()) == sorted({source(g) for g in GOLD})


MARKS = {"ocr": [pytest.mark.ocr], "soffice": [pytest.mark.soffice], "plain": []}


@pytest.mark.parametrize("gold", [pytest.param(g, id=g.stem, marks=MARKS[group(g)]) for g in GOLD])
def test_fixture_scores_exact(dataset, gold):
    if group(gold) == "soffice" and shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed: apt-get install libreoffice-writer libreoffice-calc")
    report = score(dataset(group(gold)), gold)
    wrong = {k: v for k, v in report["per_field"].items() if v < 1}
    if scanned(gold):
        assert report["accuracy"] >= 0.99, (report["accuracy"], wrong, report["missing_projects"])
        return
    if centred_borderless(gold):
        assert report["accuracy"] >= 0.99, (report["accuracy"], wrong, report["missing_projects"])
        return
    assert report["accuracy"] == 1.0, (wrong, report["missing_projects"])
    assert report["extra_indicator_rows"] == 0
    flags = report["flags"]
    assert flags is not None and flags["found"] == flags["expected"] and not flags["unexpected"], flags


@pytest.mark.skipif(not SHARED_SCORER.exists(), reason="../shared/tools/score.py is not beside this clone")
@pytest.mark.parametrize("name", ["000_3b6eebb77ec974f1", "t07_truncated", "zhangzhuangzhai_2023_lines", "b03_yuan_ab"])
def test_the_tests_scorer_agrees_with_the_shared_one(dataset, name):
    """Per field, flags and rows, tests/scorer.py reports what ../shared/tools/score.py --json reports."""
    gold = ROOT / "fixtures" / "gold" / f"{name}.json"
    folder = dataset(group(gold))
    r = subprocess.run([sys.executable, str(SHARED_SCORER), str(folder), str(gold), "--json"],
                       capture_output=True, text=True, check=True)
    shared = json.loads(r.stdout[: r.stdout.rindex("}") + 1])
    ours = score(folder, gold)
    assert {k: ours[k] for k in shared} == shared
