"""The form fixtures of fixtures/make_forms.py (f01–f13), make_forms_more.py (i01–i21), make_forms_third.py
(m01–m19), make_forms_fourth.py (p01–p16, named pNN_<a|b><form>_…: other p-fixtures are not form fixtures),
make_forms_fifth.py (r01–r16, named rNN_<a|b><form>_…, likewise), make_forms_sixth.py (t01–t16, likewise),
make_forms_seventh.py (u01–u16, likewise), make_forms_eighth.py (g01–g16, likewise), make_forms_ninth.py (a01–a12,
likewise), make_forms_tenth.py (e01–e12, likewise), make_forms_eleventh.py (fb01–fb12, named fbNN_<a|b><form>_…, a
two-letter prefix), make_forms_twelfth.py (fc01–fc12, likewise), make_forms_thirteenth.py (fd01–fd10, likewise) and
make_forms_fourteenth.py (fe01–fe12, likewise), make_forms_fifteenth.py (ff01–ff12, likewise),
make_forms_sixteenth.py (fg01–fg10, likewise), make_forms_seventeenth.py (fh01–fh12, likewise),
make_forms_eighteenth.py (fi01–fi12, likewise), make_forms_nineteenth.py (fj01–fj12, likewise),
make_forms_twentieth.py (fk01–fk12, likewise), make_forms_twentyfirst.py (fl01–fl08, likewise),
make_forms_twentysecond.py (fm01–fm08, likewise) and make_forms_twentythird.py (fn01–fn08, likewise): every gold file
has its input beside it (fixtures/forms/ for the scored gold in fixtures/gold/, fixtures/forms_pending/ for
fixtures/gold_pending/), with its flags; and each form's logical table is a full grid whose gold rows are its indicator
rows (template rows left out)."""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES))


def golds(folder: str) -> list[Path]:
    found = [*(FIXTURES / folder).glob("[fim][0-9][0-9]_*.json"),
             *(g for s in (*"prtugae", "fb", "fc", "fd", "fe", "ff", "fg", "fh", "fi", "fj", "fk", "fl", "fm", "fn")
               for g in (FIXTURES / folder).glob(f"{s}[0-9][0-9]_[ab][0-9]_*.json"))]
    return sorted(p for p in found if not p.name.endswith(".flags.json"))


@pytest.mark.parametrize("gold_dir, input_dir", [("gold", "forms"), ("gold_pending", "forms_pending")])
def test_each_form_gold_has_its_input_and_flags(gold_dir, input_dir):
    found = golds(gold_dir)
    for g in found:
        source = json.loads(g.read_text(encoding="utf-8"))["source_file"]
        assert (FIXTURES / input_dir / source).exists(), (g.name, source)
        assert g.with_name(g.name[:-5] + ".flags.json").exists(), g.name
    inputs = {p.name for p in (FIXTURES / input_dir).iterdir() if p.suffix != ".md"} if found else set()
    assert inputs == {json.loads(g.read_text(encoding="utf-8"))["source_file"] for g in found}


def documents() -> dict:
    """Every form fixture's maker, by key (f01…, i01…, m01…, p01…, r01…, t01…, u01…, g01…, a01…, e01…, fb01…, fc01…,
    fd01…, fe01…, ff01…, fg01…, fh01…, fi01…, fj01…, fk01…, fl01…, fm01…, fn01…)."""
    import make_forms
    import make_forms_eighteenth
    import make_forms_eighth
    import make_forms_eleventh
    import make_forms_fifteenth
    import make_forms_fifth
    import make_forms_fourteenth
    import make_forms_fourth
    import make_forms_more
    import make_forms_nineteenth
    import make_forms_ninth
    import make_forms_seventeenth
    import make_forms_seventh
    import make_forms_sixteenth
    import make_forms_sixth
    import make_forms_tenth
    import make_forms_third
    import make_forms_thirteenth
    import make_forms_twelfth
    import make_forms_twentieth
    import make_forms_twentyfirst
    import make_forms_twentysecond
    import make_forms_twentythird

    return {**make_forms.FIXTURES, **make_forms_more.FIXTURES, **make_forms_third.FIXTURES,
            **make_forms_fourth.FIXTURES, **make_forms_fifth.FIXTURES, **make_forms_sixth.FIXTURES,
            **make_forms_seventh.FIXTURES, **make_forms_eighth.FIXTURES, **make_forms_ninth.FIXTURES,
            **make_forms_tenth.FIXTURES, **make_forms_eleventh.FIXTURES, **make_forms_twelfth.FIXTURES,
            **make_forms_thirteenth.FIXTURES, **make_forms_fourteenth.FIXTURES, **make_forms_fifteenth.FIXTURES,
            **make_forms_sixteenth.FIXTURES, **make_forms_seventeenth.FIXTURES,
            **make_forms_eighteenth.FIXTURES, **make_forms_nineteenth.FIXTURES,
            **make_forms_twentieth.FIXTURES, **make_forms_twentyfirst.FIXTURES,
            **make_forms_twentysecond.FIXTURES, **make_forms_twentythird.FIXTURES}


def test_every_form_is_rendered_nine_ways_once():
    import make_forms as mf

    for key, fn in documents().items():
        d = fn()
        names = [mf.gold_name(d["name"], b) for b in mf.BACKENDS]
        where = [(FIXTURES / "gold" / f"{n}.json").exists() + (FIXTURES / "gold_pending" / f"{n}.json").exists()
                 for n in names]
        assert where == [1] * len(names), (key, dict(zip(names, where)))


def test_specs_are_full_grids_and_gold_follows_them():
    import make_forms as mf

    for key, fn in documents().items():
        d = fn()
        mf.width_of(d["rows"])
        for p in d["projects"]:
            seqs = [r["seq"] for r in p["indicators"]]
            assert seqs == list(range(1, len(seqs) + 1)), key
            names = {r["level3"] for r in p["indicators"]}
            duplicates = any(rule == "DUPLICATE_INDICATOR" for *_, rule in d["flags"])
            assert (len(names) < len(seqs)) == duplicates, key  # a 三级指标 twice only where flagged
        for name, seq, _ in d["flags"]:
            assert name in {p["project_name"] or "" for p in d["projects"]}, key
            assert seq is None or 1 <= seq <= max(len(p["indicators"]) for p in d["projects"]), key
