"""The REST API reads the pain's length (``duration_weeks``) from the digits sent, as the web page, the
terminal and an answers file do (``core.units.in_weeks``), never from the float nearest them.

JSON numbers were read as floats before any check, so ``11.99999999999999999`` weeks was stored as
12.0, "12 weeks or more": with a foot drop that is getting no worse, that clause lowers a visit today
(urgent) to a routine one (red_flags.yaml, its long-standing clause [A22]). Runs on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest

FOOT_DROP_NO_WORSE = {"foot_drop": True, "foot_drop_long_standing": True, "trend": "stable"}


def _sent_as_typed(api, check: int, answers_text: str):
    """Answers posted as JSON text, so a number's digits are sent as typed (not as a float's)."""
    body = '{"answers": {' + answers_text + "}}"
    headers = {"Content-Type": "application/json"}
    return api.post(f"/api/assessments/{check}/answers", content=body, headers=headers)


def _answered(api, weeks_text: str) -> dict:
    started = api.post("/api/assessments", json={})
    assert started.status_code == 201, started.text
    check = started.json()["id"]
    sent = _sent_as_typed(api, check, f'"duration_weeks": {weeks_text}')
    assert sent.status_code == 200, sent.text
    more = api.post(f"/api/assessments/{check}/answers", json={"answers": FOOT_DROP_NO_WORSE})
    assert more.status_code == 200, more.text
    return more.json()


@pytest.mark.parametrize(
    ("weeks_text", "stored", "disposition"),
    [("11.99999999999999999", 11.9, "urgent"), ("11.95", 11.95, "urgent"), ("12", 12, "routine")],
)
def test_a_length_just_under_12_weeks_stays_under_12(
    api, weeks_text: str, stored: float, disposition: str
) -> None:
    check = _answered(api, weeks_text)
    assert check["answers"]["duration_weeks"] == stored
    result = api.get(f"/api/assessments/{check['id']}/result")
    assert result.status_code == 200, result.text
    assert result.json()["result"]["disposition"] == disposition


@pytest.mark.parametrize(
    "weeks_text",
    # an exponent past any Decimal's was a 500 (decimal.InvalidOperation)
    ["1e400", "-1e-400", "-0.5", "1e99999999999999999999", "-1e-99999999999999999999"],
)
def test_a_length_it_cannot_take_is_refused_and_nothing_stored(api, weeks_text: str) -> None:
    started = api.post("/api/assessments", json={}).json()
    sent = _sent_as_typed(api, started["id"], f'"duration_weeks": {weeks_text}, "fever": true')
    assert sent.status_code in (400, 422), sent.text
    assert f"duration_weeks: expected a number in weeks from 0 to 5200, got {weeks_text}" in sent.text
    assert api.get(f"/api/assessments/{started['id']}").json()["answers"] == {}


def test_a_length_of_thousands_of_digits_is_refused_without_saying_them_all(api) -> None:
    """Read from its digits, '1000...0.5' (5,002 characters) was said back whole, 5,000 digits in one
    message (its float said 'inf'): now its start and how long it is."""
    started = api.post("/api/assessments", json={}).json()
    weeks_text = "1" + "0" * 4999 + ".5"
    sent = _sent_as_typed(api, started["id"], f'"duration_weeks": {weeks_text}')
    assert sent.status_code == 422, sent.text
    detail = sent.json()["detail"]
    assert "duration_weeks: expected a number in weeks from 0 to 5200, got 10000000000" in detail
    assert "(a number of 5002 characters)" in detail and len(detail) < 300
