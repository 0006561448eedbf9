"""The answer that finishes a check goes straight to its result page (the question page would only
send the browser on to it: one request less at the end of every check, the slowest one)."""

from __future__ import annotations

from typing import Any


def test_the_last_answer_goes_straight_to_the_result(api: Any) -> None:
    location = api.post("/check", follow_redirects=False).headers["location"]
    check_id = location.rsplit("/", 1)[1]
    for _ in range(80):
        assert api.get(location, follow_redirects=False).status_code == 200  # a question to answer
        sent = api.post(location + "/answer", data={"choice": "unknown"}, follow_redirects=False)
        finished = api.get(f"/api/assessments/{check_id}").json()["next_question"] is None
        assert sent.status_code == 303
        assert sent.headers["location"] == (location + "/result" if finished else location)
        if finished:
            break
    else:
        raise AssertionError("the check never finished")
    result = api.get(location + "/result")
    assert result.status_code == 200 and "Your result" in result.text and "not a diagnosis" in result.text
    # as before: a finished check's question page and a late answer lead to the result
    assert api.get(location, follow_redirects=False).headers["location"] == location + "/result"
    again = api.post(location + "/answer", data={"choice": "unknown"}, follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == location + "/result"
