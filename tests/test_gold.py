"""Every fixture with a gold file scores 100% with exact flags under the shared scorer (../shared/tools/score.py);
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

from jixiao.cli import main

ROOT = Path(__file__).parent.parent
SCORER = ROOT.parent / "shared" / "tools" / "score.py"
GOLD = sorted(p for p in (ROOT / "fixtures" / "gold").glob("*.json") if not p.name.endswith(".flags.json"))


def source(gold: Path) -> str:
    """The fixture file a gold file scores: for an archive member (a.zip!dir/b.pdf), the archive."""
    return json.loads(gold.read_text(encoding="utf-8"))["source_file"].split("!")[0]


def inputs() -> list[Path]:
    names = {source(g) for g in GOLD}
    return sorted(p for p in (ROOT / "fixtures").rglob("*") if p.name in names)


def scanned(gold: Path) -> bool:
    return (ROOT / "fixtures" / "scan" / source(gold)).exists()


def centred_borderless(gold: Path) -> bool:
    return bool(re.match(r"b\d\d_", source(gold))) and (ROOT / "fixtures" / "pdf" / source(gold)).exists()


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("gold") / "out"
    assert main(["run", *map(str, inputs()), "--out", str(out), "--quiet"]) == 0
    return out


def test_every_gold_file_has_its_input():
    assert sorted(p.name for p in inputs()) == sorted({source(g) for g in GOLD})


@pytest.mark.parametrize("gold", GOLD, ids=lambda p: p.stem)
def test_fixture_scores_exact(dataset, gold):
    assert SCORER.exists(), f"the shared scorer is expected at {SCORER} (../shared beside the clone)"
    if Path(source(gold)).suffix in (".doc", ".xls") and shutil.which("soffice") is None:
        pytest.skip("LibreOffice not installed: apt-get install libreoffice-writer libreoffice-calc")
    r = subprocess.run([sys.executable, str(SCORER), str(dataset), str(gold), "--json"],
                       capture_output=True, text=True, check=True)
    report = json.loads(r.stdout[: r.stdout.rindex("}") + 1])
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
