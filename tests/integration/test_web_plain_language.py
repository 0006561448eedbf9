"""The pages speak plainly: a Flesch-Kincaid grade of 7 or less (reading age about 12) for the
words a person reads on each page (charts and tables left out; they repeat numbers).

The grade is ``backstride.core.reading.reading_grade`` (a simple vowel-group syllable count, so an
estimate), the same rule for every page, the knowledge texts and the question bank; it catches long
sentences and long words creeping in.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from backstride.core.reading import reading_grade as text_grade
from backstride.web.app import create_app
from backstride.web.settings import Settings

MAX_GRADE = 7.0
SKIPPED_TAGS = ("svg", "script", "style", "table")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """The words a person reads in ``html`` (charts, scripts, styles and tables left out)."""
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def reading_grade(html: str) -> float:
    """The grade of the words a person reads in ``html`` (``backstride.core.reading``)."""
    return text_grade(page_text(html))


def test_reading_grade_counts_long_words_and_sentences():
    easy = "<p>I walk. It hurts. I sit. It stops.</p>"
    hard = (
        "<p>Neurogenic claudication characteristically necessitates intermittent discontinuation "
        "of ambulation, particularly during prolonged lumbar extension.</p>"
    )
    assert reading_grade(easy) < 2 < MAX_GRADE < reading_grade(hard)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("plain") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


@pytest.mark.parametrize("url", ["/", "/walks", "/diary", "/everyday", "/history", "/data"])
def test_page_reads_at_about_age_twelve(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert reading_grade(response.text) <= MAX_GRADE


def test_first_question_and_result_read_at_about_age_twelve(client):
    location = client.post("/check", follow_redirects=False).headers["location"]
    question = client.get(location)
    assert reading_grade(question.text) <= MAX_GRADE
    client.post(location + "/answer", data={"choice": "none"}, follow_redirects=False)
    result = client.get(location + "/result")
    assert result.status_code == 200
    assert reading_grade(result.text) <= MAX_GRADE


def test_the_not_finished_notice_reads_at_about_age_twelve(client):
    location = client.post("/check", follow_redirects=False).headers["location"]
    client.post(location + "/answer", data={"choice": "none"}, follow_redirects=False)
    html = client.get(location + "/result").text
    notice = re.search(r'<section class="[^"]*not-finished".*?</section>', html, re.S)
    assert notice is not None
    assert reading_grade(notice.group(0)) <= MAX_GRADE


@pytest.mark.parametrize(
    "answers",
    [
        {"age_years": 34, "pain_low_back": True, "pain_leg": "none"},  # dev-028: the sacroiliac tests
        {"age_years": 70, "worse_walking": True, "relief_sitting": True},  # routine: the strength test
    ],
)
def test_the_examination_note_reads_at_about_age_twelve(client, answers):
    from backstride import Interview

    location = client.post("/check", follow_redirects=False).headers["location"]
    screened = {code: False for code in Interview().unscreened_red_flags}
    client.post(
        f"/api/assessments/{location.rsplit('/', 1)[1]}/answers", json={"answers": {**screened, **answers}}
    )
    html = client.get(location + "/result").text
    note = re.search(r'<section class="notice exam-note".*?</section>', html, re.S)
    assert note is not None
    assert reading_grade(note.group(0)) <= MAX_GRADE, note.group(0)
