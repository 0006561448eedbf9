"""Browser tests: a field said to be wrong is marked invalid for a screen reader, and stays required.

A new-user test (2026-11-27, helper U) sent the diary a day in 2099: the page said "Day: please pick a
day from 1900 to today", but the day's field read ``requiredaria-invalid="true"``, one attribute a
browser does not know, so the field was neither required nor marked invalid. The template's
``{% if ... %}aria-invalid`` on the line after a block tag lost its space: the templates drop a block
tag's newline (trim_blocks). The walking test's day, the sign-in name and other fields were written
the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "backstride" / "web" / "templates"


def _field(page, field_id: str) -> dict:
    return page.evaluate(
        """(id) => { const e = document.getElementById(id);
            return {required: e.required, invalid: e.getAttribute('aria-invalid'),
                    described: e.getAttribute('aria-describedby'),
                    names: [...e.attributes].map(a => a.name)}; }""",
        field_id,
    )


def test_a_diary_day_in_the_future_is_marked_invalid_and_still_required(server, browser):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/diary")
    page.fill("#entry_date", "2099-01-01")
    page.fill("#pain", "3")
    page.click("form[action='/diary'] button[type=submit]")
    assert "please pick a day" in page.locator("#diary-errors").inner_text()
    day = _field(page, "entry_date")
    assert day["required"] and day["invalid"] == "true" and day["described"] == "diary-errors", day
    assert not any(n.startswith("required") and n != "required" for n in day["names"]), day
    check_page(page, "invalid-diary-day")


def test_a_walking_test_day_in_the_future_is_marked_invalid_and_still_required(server, browser):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/walking-test")
    page.fill("#entry_date", "2099-01-01")
    page.fill("#total_min", "6:20")
    page.fill("#pain", "3")
    page.locator("form[action='/walking-test'] button[type=submit]").last.click()
    day = _field(page, "entry_date")
    assert day["required"] and day["invalid"] == "true" and day["described"] == "test-errors", day


def test_no_template_glues_an_if_blocks_attribute_to_the_line_before() -> None:
    # the line before may end in a block tag, whose newline is dropped: the attribute needs its space
    glued = [
        f"{path.name}:{n}: {line.strip()}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.match(r"\s*\{% if [^%]*%\}[a-z]", line)
    ]
    assert not glued, "\n".join(glued)
