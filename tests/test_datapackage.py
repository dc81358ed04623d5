"""datapackage.json: the dataset as a Frictionless Data Package that `frictionless validate` accepts, with
every column of the schema module, its type and its meaning."""
import json
from pathlib import Path

import pytest

from jixiao.cli import main
from jixiao.core.schema import COLUMNS

frictionless = pytest.importorskip("frictionless")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dp") / "out"
    inputs = [FIXTURES / "seed", FIXTURES / "bad"]  # tables, and error rows with their nulls
    assert main(["run", *map(str, inputs), "--out", str(out), "--quiet", "--no-cache"]) == 0
    return out


def test_the_package_validates_and_describes_every_column(dataset):
    report = frictionless.validate(dataset / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((dataset / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        assert (dataset / resource["path"]).is_file()
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == list(COLUMNS[resource["name"]])
        assert all(f["type"] in ("string", "integer", "number", "boolean") and f["description"] for f in fields)
    assert [r["name"] for r in package["resources"]] == list(COLUMNS)


def test_validation_catches_a_cell_of_the_wrong_type(dataset, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    for f in dataset.iterdir():
        (broken / f.name).write_bytes(f.read_bytes())
    lines = (broken / "indicators.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("seq")] = "first"
    lines[1] = ",".join(cells)
    (broken / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    report = frictionless.validate(broken / "datapackage.json")
    assert not report.valid and "type-error" in {e.type for t in report.tasks for e in t.errors}
