"""The pain's length given in months or years on the web is kept in weeks (52/12 a month, 52 a
year), and the rules compare those weeks with 2, 6, 12, 26 and 52 (red_flags.yaml: a long-standing
clause lowers a warning at 12 weeks or more and a stable course). A length just under a boundary
must stay under it once kept: 2.76 months is 11.96 weeks, not 12, so it never counts as 12 weeks or
more. A huge number in months or years is refused with a message (422), never a server error."""

from __future__ import annotations

from fractions import Fraction

import pytest
from tests.knowledge.test_duration_question_says_months_in_weeks import (  # noqa: F401
    _at_the_duration_question,
    client,
)

WEEKS_A_MONTH = Fraction(52, 12)


def _send(client, typed: str, unit: str):  # noqa: F811
    check_id = _at_the_duration_question(client)
    form = {"codes": "duration_weeks", "choice": "number", "number": typed, "number_unit": unit}
    sent = client.post(f"/check/{check_id}/answer", data=form, follow_redirects=False)
    return check_id, sent


@pytest.mark.parametrize(
    ("typed", "boundary"),
    [("2.76", 12), ("1.38", 6), ("0.46", 2), ("5.99", 26), ("11.99", 52)],
)
def test_a_length_in_months_just_under_a_boundary_stays_under_it(client, typed, boundary):  # noqa: F811
    exact = Fraction(typed) * WEEKS_A_MONTH
    assert exact < boundary  # the length really is under the boundary
    check_id, sent = _send(client, typed, "months")
    assert sent.status_code == 303, sent.text
    kept = client.get(f"/api/assessments/{check_id}").json()["answers"]["duration_weeks"]
    assert kept < boundary, f"{typed} months ({float(exact):.3f} weeks) was kept as {kept} weeks"


@pytest.mark.parametrize(("typed", "weeks"), [("3", 13), ("6", 26), ("12", 52), ("1", 52)])
def test_whole_months_and_years_reach_their_boundary(client, typed, weeks):  # noqa: F811
    unit = "years" if (typed, weeks) == ("1", 52) else "months"
    check_id, sent = _send(client, typed, unit)
    assert sent.status_code == 303, sent.text
    assert client.get(f"/api/assessments/{check_id}").json()["answers"]["duration_weeks"] == weeks


@pytest.mark.parametrize(("typed", "unit"), [("1e308", "years"), ("1e306", "months"), ("1e30", "years")])
def test_a_huge_length_in_months_or_years_is_refused_with_a_message(client, typed, unit):  # noqa: F811
    check_id, page = _send(client, typed, unit)
    assert page.status_code == 422, page.text[:300]
    at_most = {"years": "100 years", "months": "1200 months"}[unit]  # in the unit typed (questions 1.5.3)
    assert f"That is too many {unit}. Please type a number from 0 to {at_most}." in page.text
    assert f'value="{typed}"' in page.text  # what was typed is still there
    assert "duration_weeks" not in client.get(f"/api/assessments/{check_id}").json()["answers"]
