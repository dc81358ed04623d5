"""The generalisation harness (tests/harness.py) on a fixed sample: each mutation in four of the forms it
exists in (50 cases), each on one gold fixture, drawn with a fixed seed.  A case passes when every field is read right or stands
on a row (or table) flagged as not read, and the flags the mutation requires are raised; `make bench`
runs every fixture.  Known reader failures are strict xfails, so a fix shows up as an XPASS to remove."""
from __future__ import annotations

import random

import pytest
from harness import FORMS, MUTATIONS, applies, golds, run

SEED, FORMS_EACH = 21, 4


def sample() -> list[tuple[str, str, str]]:
    rng = random.Random(SEED)
    fixtures = sorted(golds())
    cases = []
    for m in MUTATIONS:
        forms = [f for f in FORMS if applies(m, f)]
        cases += [(rng.choice(fixtures), m, f) for f in rng.sample(forms, min(FORMS_EACH, len(forms)))]
    return cases


# (fixture, mutation, form) → what the readers get wrong there today, silently (issue 21).
XFAIL: dict[tuple[str, str, str], str] = {}


def params() -> list:
    return [pytest.param(*case, id="-".join(case),
                         marks=[pytest.mark.xfail(strict=True, reason=XFAIL[case])] if case in XFAIL else [])
            for case in sample()]


@pytest.mark.parametrize("fixture,mutation,form", params())
def test_mutated_table_is_read_right_or_flagged(tmp_path, fixture, mutation, form):
    outcome = run(fixture, mutation, form, tmp_path)
    assert not outcome.silent, f"silent shifts (where, field, gold, read): {outcome.silent[:6]}"
    assert not outcome.missing_flags, f"flags the mutation requires, not raised: {outcome.missing_flags}"
