"""When every gait factor is not judged for one and the same reason (walk50.xls: a phone that tipped about
73 degrees a stride, in a pocket or a hand), `backstride gait analyze` says that reason once, below the
table, instead of five times in a "what it means" column (five identical 4-line cells, 25 lines of the
same words). A walk whose factors have their own texts keeps the column."""

from __future__ import annotations

from tests.gait.test_worn_at_stated import WALK50, _gait

REASON = "Not judged: the sensor tipped forward and back about 73 degrees with each stride"
FACTORS = ["over striding", "limited pelvic rotation", "uneven steps", "forward trunk lean", "slow speed"]


def _factors_part(stdout: str) -> str:
    part = stdout[stdout.index("Gait factors") :]
    return " ".join(part.replace("│", " ").split())


def test_one_reason_for_every_factor_is_said_once():
    out = _gait(str(WALK50))
    assert out.returncode == 0, out.stderr
    said = _factors_part(out.stdout)
    assert said.count(REASON) == 1, said
    assert "what it means" not in said
    for name in FACTORS:  # every factor is still listed, as not judged
        assert f"{name} not judged -" in said, name


def test_a_walk_at_the_lower_back_keeps_each_factors_own_words():
    out = _gait(str(WALK50), "--worn-at", "lower-back")
    assert out.returncode == 0, out.stderr
    said = _factors_part(out.stdout)
    assert "what it means" in said and REASON not in said
