"""A refused upload's message ends its sentence before the page's next words.

A new-user test (2026-11-27, helper U) sent an empty file, a damaged zip and a file with the times
going backwards to the walk page: each message ran into the next sentence with no full stop ("We could
not use this file. empty.csv is empty; expected a recording of a walk What you typed below is
kept."), as did the everyday page's and the times' messages. A time typed as "abc" with an empty
file was said only on the next try (only a refused option said it at once).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings
from backstride.web.views import full_stop


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("upload-errors") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _error(html: str) -> str:
    match = re.search(r'<p class="error-message"[^>]*>(.*?)</p>', html, re.S)
    assert match is not None, "no error message on the page"
    return " ".join(unescape(match.group(1)).split())


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.csv", b""),
        ("walk.zip", b"garbage\x00\x01"),
        ("walk.csv", b"time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n30,0,0,9.81\n29.99,0,0,9.81\n"),
        ("walk.csv", b"time,ax,ay\n0,1,2\n"),
    ],
)
def test_a_refused_walk_file_is_said_in_whole_sentences(client: TestClient, name: str, data: bytes) -> None:
    page = client.post("/walks", files={"file": (name, data)}, data={"format": "auto"})
    assert page.status_code == 422
    message = _error(page.text)
    assert message.startswith("We could not use this file. ") and message.endswith("."), message


def test_a_time_that_is_no_time_is_said_with_any_refused_file_at_once(client: TestClient) -> None:
    # an empty file with "abc" typed as a time said only the file: the time came on the next try
    page = client.post(
        "/walks", files={"file": ("empty.csv", b"")}, data={"format": "auto", "symptom_at": "abc"}
    )
    message = _error(page.text)
    assert message.startswith(
        "We could not use this file. empty.csv is empty; expected a recording of a walk."
    )
    assert "Please check the times. “When did the first symptom come?” 'abc'" in message, message
    assert message.endswith("."), message
    assert 'id="symptom_at"' in page.text and re.search(r'id="symptom_at"[^>]*aria-invalid="true"', page.text)


def test_a_refused_health_export_is_said_in_a_whole_sentence(client: TestClient) -> None:
    page = client.post("/everyday", files={"file": ("export.xml", b"")})
    assert page.status_code == 422
    message = _error(page.text)
    assert message.startswith("We could not use this file. ") and message.endswith("."), message


def test_full_stop_keeps_a_sentence_as_it_is_and_never_capitalises_a_file_name() -> None:
    assert full_stop("empty.csv is empty") == "empty.csv is empty."
    assert full_stop("Done.") == "Done." and full_stop("Why?") == "Why?"
    assert full_stop("(line 2, column 3.)") == "(line 2, column 3.)"
