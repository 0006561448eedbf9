"""The history page (``/history``) never shows a check stopped half-way as finished.

A result is stored whenever a result page is shown, also for a check left half-way (the result page
then says "Not finished"). The history read any stored result as a finished check: a check with only
the age answered read "You can look after this at home for now" with a most likely cause, and had no
"carry on" link. A check left half-way after a warning sign fired still says how soon to get help.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_check_changes import STENOSIS, finish

from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.settings import Settings


@pytest.fixture
def setup(database_url: str) -> Iterator[tuple[str, Records]]:
    db = Database(database_url).migrate()
    yield database_url, Records(db)
    db.dispose()


def _rows(html: str) -> dict[int, str]:
    """Each check's row of the history table, in words, by its id."""
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", html, flags=re.S):
        found = re.search(r'href="/check/(\d+)/result"', row)
        assert found is not None
        words = unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)))
        rows[int(found.group(1))] = words
    return rows


def test_a_check_left_half_way_reads_not_finished_with_carry_on(setup: Any) -> None:
    url, records = setup
    done = finish(records, STENOSIS)
    half = records.start_assessment("person").id
    records.answer(half, {"age_years": 71})
    alarm = records.start_assessment("person").id
    records.answer(alarm, {"urinary_retention": True})  # a warning sign at once, then left
    with TestClient(create_app(Settings(database_url=url))) as client:
        for check in (half, alarm):  # their result pages, looked at half-way, store a result
            assert client.get(f"/check/{check}/result").status_code == 200
        rows = _rows(client.get("/history").text)
    assert "Not finished yet" in rows[half] and "carry on" in rows[half]
    assert "at home" not in rows[half] and "Mechanical" not in rows[half]
    assert "Get emergency help now" in rows[alarm] and "not finished" in rows[alarm]
    # the cause the warning sign is about is named beside the most likely one (it read only
    # "Lumbar spinal stenosis" for an emergency; new-user test)
    assert "the warning sign points to: Cauda equina syndrome" in rows[alarm]
    assert "warning sign points to" not in rows[done]  # no rule set that level
    assert "carry on" in rows[alarm]
    assert "Book a visit with a clinician" in rows[done] and "carry on" not in rows[done]


def test_the_home_page_offers_to_carry_on_a_check_whose_result_page_was_looked_at(setup: Any) -> None:
    """The home page's "carry on" list read a stored result as finished too: a check left half-way
    after a look at its result page ("Not finished") was no longer offered."""
    url, records = setup
    finish(records, STENOSIS)
    half = records.start_assessment("person").id
    records.answer(half, {"age_years": 71})
    with TestClient(create_app(Settings(database_url=url))) as client:
        assert f'href="/check/{half}"' in client.get("/").text
        client.get(f"/check/{half}/result")  # stores a result for the answers so far
        home = client.get("/").text
    assert f'href="/check/{half}"' in home
    assert home.count('href="/check/') == 1  # the finished check is not offered
