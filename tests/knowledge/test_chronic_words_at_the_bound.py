"""A chronic clause's words hold at its own bound: "more than 3 months" is not said at 12 weeks.

The interview asks how many weeks the pain has lasted, and a rule's chronic clause holds from that
many weeks on (``gte``: 12 weeks for a suspected broken bone). Its message said "It began more than
3 months ago" to someone who had just typed 12 (12 weeks is under 3 months), and "more than 6 weeks"
at exactly 6. Each message now states the bound its clause uses, in the weeks the person gave.
"""

from __future__ import annotations

import re

import pytest

from backstride.knowledge import load_knowledge
from backstride.knowledge.models import Expr

WEEKS_PER_MONTH = 52 / 12


def _lowest_weeks(expr: Expr) -> float | None:
    """The ``gte`` bound of duration_weeks in a clause (its ``all`` parts), or None."""
    if expr.gte is not None and expr.gte[0] == "duration_weeks":
        return float(expr.gte[1])
    found = [b for child in expr.all_ or () if (b := _lowest_weeks(child)) is not None]
    return max(found, default=None)


RULES = [
    (code, rule)
    for code, rule in load_knowledge().red_flag_rules.items()
    if rule.chronic is not None and _lowest_weeks(rule.chronic.when) is not None
]


@pytest.mark.parametrize(("code", "rule"), RULES, ids=[c for c, _ in RULES])
def test_the_message_is_true_at_the_clauses_bound(code: str, rule) -> None:
    bound = _lowest_weeks(rule.chronic.when)
    message = rule.chronic.message
    for number, unit in re.findall(r"more than (\d+) (weeks?|months?)", message):
        said = float(number) * (WEEKS_PER_MONTH if unit.startswith("month") else 1.0)
        assert said < bound, f"{code}: {message!r} is said from {bound:g} weeks on"
    assert f"{bound:g} weeks" in message, f"{code}: the message does not say the bound it uses"
