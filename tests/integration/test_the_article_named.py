"""Every page that says "the article" names it once: which article, and what it is to backstride.

The result page's "Not for now: the article's other tips", the report's "Advice from the article left
for later" and the note of "Know the warning signs" ("The article also calls sudden, severe pain down
one leg a warning sign") said "the article", but no page said which article (new-user test,
2026-11-27). The words stay (they say plainly that the advice is the article's, and where the guides
read it otherwise: tests/knowledge/test_warning_signs_say_the_article.py); now the first place a page
says it also says what it is: "Why Do I Get Lower Back Pain When I Walk?", a guide for the public that
backstride is built on, whose advice backstride keeps. The Sources page says it at
/sources#the-article; the report (also a file) says it without a link into the app.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_not_for_now_every_tip import _findings
from tests.integration.test_report_everyday import _pdf_words
from tests.integration.test_urgent_plan_held_back_shown import _check

from backstride.storage.db import sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

TITLE = "Why Do I Get Lower Back Pain When I Walk?"
# a likely broken bone in the back (urgent: tips left for later) and a plan of self-care or a visit
CASES = ("dev-007", "dev-001")


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    url = sqlite_url(tmp_path_factory.mktemp("article") / "app.sqlite3")
    with TestClient(create_app(Settings(database_url=url))) as web:
        yield web


@pytest.mark.parametrize("vid", CASES)
def test_a_page_that_says_the_article_names_it_once(client: TestClient, vid: str) -> None:
    check = _check(client, _findings(vid))
    page = client.get(f"/check/{check}/result").text
    report = client.get(f"/report?check={check}").text
    pdf = " ".join(_pdf_words(client.get(f"/report.pdf?check={check}").content).split())
    for where, html in (("page", page), ("report", report)):
        text = _text(html)
        assert "the article" in text.lower(), where  # the words that say whose advice it is stay
        assert text.count(TITLE) == 1, where  # named, once
        said = text.lower().index("the article")
        named = text.index(f'When this {where} says "the article", it means "{TITLE}"')
        assert named <= said + 200, where  # where the page first says it, not far below
        assert "a guide for the public that backstride is built on" in text
    assert '<a href="/sources#the-article">About the article</a>' in page
    assert 'href="/sources#the-article"' not in report  # the report is also a file: no link into the app
    assert "the article" in pdf.lower() and pdf.count(TITLE) == 1


def test_the_sources_page_says_what_the_article_is(client: TestClient) -> None:
    page = client.get("/sources").text
    assert '<h2 id="the-article">The article backstride is built on</h2>' in page
    text = _text(page)
    assert f'"{TITLE}"' in text
    assert "backstride keeps every piece of its advice" in text
    assert "says so beside that advice, with their sources" in text


def test_a_page_that_never_says_the_article_does_not_name_it(client: TestClient) -> None:
    """Only where it is said: Home, the diary and the questions say nothing of it."""
    for path in ("/", "/diary", "/walking-test"):
        text = _text(client.get(path).text)
        assert "the article" not in text.lower() and TITLE not in text, path
