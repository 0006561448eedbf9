"""Every question page's "Why we ask" cites its sources, as the terminal's interview does.

A new-user test (2026-11-27, helper U) read the first question's "Why we ask": "These can mean the
nerves at the bottom of the spine are being squeezed. That is an emergency: it needs a hospital check
straight away." with no source on the page; questions.yaml gives every question its sources (A15,
A16 here), the API sends them and ``backstride assess`` prints them, but the web page left them out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("why-sources") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _why(html: str) -> str:
    match = re.search(r'<details class="why">(.*?)</details>', html, re.S)
    assert match is not None, "no 'Why we ask' on the question page"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


@pytest.mark.parametrize("mode", ["person", "clinician"])
def test_each_why_we_ask_cites_the_questions_sources(client: TestClient, mode: str) -> None:
    location = client.post("/check", data={"mode": mode}, follow_redirects=False).headers["location"]
    check_id = int(location.rsplit("/", 1)[1])
    seen = 0
    for _ in range(60):
        page = client.get(location)
        if page.url.path.endswith("/result"):
            break
        question = client.get(f"/api/assessments/{check_id}").json()["next_question"]
        assert question["sources"], question["id"]
        why = _why(page.text)
        assert why.startswith("Why we ask") and question["why"] in why
        assert why.endswith(f"Sources: {', '.join(question['sources'])}."), (question["id"], why)
        seen += 1
        sent = client.post(location + "/answer", data={"choice": "unknown"}, follow_redirects=False)
        assert sent.status_code == 303
    assert seen >= 15  # the whole interview was walked through
