"""The Ministry-table fixtures of fixtures/make_ministry_j.py (j01–j24, jk01/jk07/jk15), make_ministry_n.py (n01–n18),
make_ministry_q.py (q01–q16), make_ministry_s.py (s01–s16; the scans of make_scans.py share the prefix s and are
not among them), make_ministry_w.py (the w-set, y01–y12: the prefix w is the web text copies') and
make_ministry_c.py (the c-set, c01–c12), make_ministry_o.py (the o-set, o01–o10), make_ministry_l.py (the l-set,
l01–l10), make_ministry_mb.py (the mb-set, mb01–mb10), make_ministry_mc.py (the mc-set,
mc01–mc10), make_ministry_md.py (the md-set, md01–md08), make_ministry_me.py (the me-set, me01–me10),
make_ministry_mf.py (the mf-set, mf01–mf10), make_ministry_mg.py (the mg-set, mg01–mg10),
make_ministry_mh.py (the mh-set, mh01–mh10), make_ministry_mi.py (the mi-set, mi01–mi10),
make_ministry_mj.py (the mj-set, mj01–mj10), make_ministry_mk.py (the mk-set, mk01–mk08),
make_ministry_ml.py (the ml-set, ml01–ml08) and make_ministry_mm.py (the mm-set, mm01–mm08):
every gold file has its input beside it (fixtures/ministry/ for the scored gold in fixtures/gold/,
fixtures/ministry_pending/ for fixtures/gold_pending/), with its flags; and each table is rendered all its ways
exactly once (nine ways; a jkNN Kangxi copy one way), scored or pending."""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES))


def golds(folder: str) -> list[Path]:
    import make_ministry_s as ms
    s_set = tuple(fn()["name"] for fn in ms.FIXTURES.values())
    return sorted(p for p in (FIXTURES / folder).glob("*.json")
                  if (re.match(r"(j|jk|n|q|y|c|o|l|mb|mc|md|me|mf|mg|mh|mi|mj|mk|ml|mm)\d\d", p.name)
                      or p.name.startswith(s_set))
                  and not p.name.endswith(".flags.json"))


@pytest.mark.parametrize("gold_dir, input_dir", [("gold", "ministry"), ("gold_pending", "ministry_pending")])
def test_each_ministry_gold_has_its_input_and_flags(gold_dir, input_dir):
    found = golds(gold_dir)
    for g in found:
        source = json.loads(g.read_text(encoding="utf-8"))["source_file"]
        assert (FIXTURES / input_dir / source).exists(), (g.name, source)
        assert g.with_name(g.name[:-5] + ".flags.json").exists(), g.name
    inputs = {p.name for p in (FIXTURES / input_dir).iterdir() if p.suffix != ".md"}
    assert inputs == {json.loads(g.read_text(encoding="utf-8"))["source_file"] for g in found}


def renderings() -> dict[str, list[str]]:
    """Every table's gold names, one per rendering, by table name."""
    import make_forms as mf
    import make_ministry_c as mc
    import make_ministry_j as mj
    import make_ministry_l as ml
    import make_ministry_mb as mmb
    import make_ministry_mc as mmc
    import make_ministry_md as mmd
    import make_ministry_me as mme
    import make_ministry_mf as mmf
    import make_ministry_mg as mmg
    import make_ministry_mh as mmh
    import make_ministry_mi as mmi
    import make_ministry_mj as mmj
    import make_ministry_mk as mmk
    import make_ministry_ml as mml
    import make_ministry_mm as mmm
    import make_ministry_n as mn
    import make_ministry_o as mo
    import make_ministry_q as mq
    import make_ministry_s as ms
    import make_ministry_w as mw

    out = {}
    for fn in [*mj.FIXTURES.values(), *mn.FIXTURES.values(), *mq.FIXTURES.values(),
               *ms.FIXTURES.values(), *mw.FIXTURES.values(), *mc.FIXTURES.values(),
               *mo.FIXTURES.values(), *ml.FIXTURES.values(), *mmb.FIXTURES.values(),
               *mmc.FIXTURES.values(), *mmd.FIXTURES.values(), *mme.FIXTURES.values(),
               *mmf.FIXTURES.values(), *mmg.FIXTURES.values(), *mmh.FIXTURES.values(),
               *mmi.FIXTURES.values(), *mmj.FIXTURES.values(), *mmk.FIXTURES.values(),
               *mml.FIXTURES.values(), *mmm.FIXTURES.values()]:
        name = fn()["name"]
        out[name] = [mf.gold_name(name, b) for b in mf.BACKENDS]
    for _, name, backend in mj.KANGXI_FIXTURES.values():
        out[name] = [mf.gold_name(name, backend)]
    return out


def test_every_table_is_rendered_all_its_ways_once():
    made = renderings()
    assert len(made) == (27 + 19 + 16 + 16 + 12 + 12 + 10 + 10 + 10 + 10 + 8 + 10 + 10 + 10 + 10 + 10 + 10 + 8 + 8 + 8
                         + 3)
    for name, names in made.items():
        where = [(FIXTURES / "gold" / f"{n}.json").exists() + (FIXTURES / "gold_pending" / f"{n}.json").exists()
                 for n in names]
        assert where == [1] * len(names), (name, dict(zip(names, where)))
    assert (sum(len(n) for n in made.values()) == len(golds("gold")) + len(golds("gold_pending"))
            == 408 + 9 + 133 + 11 + 138 + 6 + 108 + 108 + 90 + 90 + 90 + 90 + 72 + 90 + 90 + 90 + 90 + 90 + 90 + 72
            + 72 + 72)


def test_no_ministry_file_name_is_used_twice_in_fixtures():
    files = [p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix != ".md"]
    names = [p.name for p in files if p.parent.name in ("ministry", "ministry_pending")]
    elsewhere = {p.name for p in files if p.parent.name not in ("ministry", "ministry_pending")}
    assert len(names) == len(set(names)) and not set(names) & elsewhere
