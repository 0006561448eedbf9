"""The API takes an answer's pain length as the contract's number of weeks: text ("3 months"), a wrong
type, a negative or too large length is refused with 422 naming ``duration_weeks`` and the value, and
nothing is stored (the API's contract is unchanged: it takes no unit words)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("value", "said"),
    [("3 months", "got '3 months'"), ("3 days", "got '3 days'"), (-3, "got -3"), (6000, "got 6000"),
     (1e300, "got 1e+300"), (True, "got True"), ([3], "got [3]")],
)  # fmt: skip
def test_a_length_the_api_cannot_take_is_a_422_naming_it(api, value: object, said: str) -> None:
    check = api.post("/api/assessments", json={}).json()
    refused = api.post(f"/api/assessments/{check['id']}/answers", json={"answers": {"duration_weeks": value}})
    assert refused.status_code == 422, refused.text
    assert f"duration_weeks: expected a number in weeks from 0 to 5200, {said}" in refused.json()["detail"]
    assert api.get(f"/api/assessments/{check['id']}").json()["answers"] == {}
