"""An error page's title is in plain words, as its heading: never the protocol's phrase.

A new-user test (2026-11-27, helper U) opened /report?check=abc and /walks/abc: the page said
"Something was not right" and what to fix, but its title, which a screen reader says first and the
browser's tab shows, was "Unprocessable Entity · backstride".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from http import HTTPStatus

import pytest
from fastapi.testclient import TestClient

from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("error-titles") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


@pytest.mark.parametrize(
    ("method", "path", "status", "title"),
    [
        ("GET", "/report?check=abc", 422, "Something was not right"),
        ("GET", "/walks/abc", 422, "Something was not right"),
        ("GET", "/no-such-page", 404, "We could not find that page"),
        ("DELETE", "/diary", 405, "That cannot be done on this page"),
        # a check, walk or diary day that is not there (review R4: titled "Not found")
        ("GET", "/report?check=999", 404, "We could not find that page"),
        ("GET", "/check/999/result", 404, "We could not find that page"),
        ("GET", "/diary/999/edit", 404, "We could not find that page"),
    ],
)
def test_the_title_says_what_the_heading_says(
    client: TestClient, method: str, path: str, status: int, title: str
) -> None:
    page = client.request(method, path)
    assert page.status_code == status
    said = re.search(r"<title>(.*?)</title>", page.text, re.S)
    assert said is not None and said.group(1).strip().startswith(f"{title} ·"), said
    assert f"<h1>{title}</h1>" in page.text
    assert HTTPStatus(status).phrase not in said.group(1)
