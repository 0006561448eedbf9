"""Stacked tables without a browser: every table marked to stack (``<table class="stack">``: one box
per row on a phone, app.css) gives each body cell the name of its column in ``data-label``, the same
words as the column's heading, on every page that has one, in both voices.

The browser tests check the boxes at 375 px in Chromium only (no second engine runs here: Playwright's
own Firefox and WebKit cannot be downloaded offline, and Debian's firefox-esr is not installed). On a
phone the value's name comes only from ``data-label`` (app.css hides the header row), so a cell
without it, or with another column's name, reads wrong in every engine; this test reads the HTML.
A cell of links or buttons only (an "Open" or "Edit or remove" column) says what it does itself and
needs no name. A template that gets a stacked table must be added to ``PAGES`` (the first test).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB, VIGNETTES

from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url
from backstride.web.app import create_app
from backstride.web.settings import Settings

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "backstride" / "web" / "templates"
LAB_WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
# each template with a stacked table, and how to reach it ({p}: the person's id, {e}: a diary entry's,
# {c}: the finished check's)
PAGES = {
    "history.html": ("get", "/history?person={p}"),
    "diary.html": ("get", "/diary?person={p}"),
    "diary_remove.html": ("post", "/diary/{e}/delete"),
    "walks.html": ("get", "/walks?person={p}"),
    "people.html": ("get", "/people"),
    "activity.html": ("get", "/activity"),
    "report.html": ("get", "/report?person={p}"),
    "result.html": ("get", "/check/{c}/result"),
}


class _Tables(HTMLParser):
    """The stacked tables of a page: for each, its column headings and its body rows, each cell as
    (tag, data-label or None, its text outside links and buttons)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self._table: dict[str, Any] | None = None
        self._part = ""
        self._cell: dict[str, Any] | None = None
        self._in_action = 0
        self._depth = 0  # tables inside the stacked one (none today) are read as its text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            if self._table is None and "stack" in (a.get("class") or "").split():
                self._table = {"headings": [], "rows": []}
                return
            self._depth += self._table is not None
        if self._table is None or self._depth:
            return
        if tag in ("thead", "tbody"):
            self._part = tag
        elif tag == "tr" and self._part == "tbody":
            self._table["rows"].append([])
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "label": a.get("data-label"), "text": "", "bare": ""}
        elif tag in ("a", "button"):
            self._in_action += 1

    def handle_endtag(self, tag: str) -> None:
        if self._table is None:
            return
        if self._depth:
            self._depth -= tag == "table"
            return
        if tag in ("a", "button"):
            self._in_action -= 1
        elif tag in ("th", "td") and self._cell is not None:
            cell, self._cell = self._cell, None
            cell["text"], cell["bare"] = " ".join(cell["text"].split()), " ".join(cell["bare"].split())
            if self._part == "thead":
                self._table["headings"].append(cell["text"])
            elif self._part == "tbody":
                self._table["rows"][-1].append(cell)
        elif tag == "table":
            self.tables.append(self._table)
            self._table, self._part = None, ""

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell["text"] += data
            if not self._in_action:
                self._cell["bare"] += data


def stacked_tables(html: str) -> list[dict[str, Any]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def unlabelled_cells(html: str) -> list[str]:
    """Each body cell of a stacked table that does not name its column as its heading does."""
    wrong = []
    for table in stacked_tables(html):
        for row in table["rows"]:
            for i, cell in enumerate(row):
                heading = table["headings"][i] if i < len(table["headings"]) else None
                if cell["tag"] == "th" and cell["label"] is None:
                    continue  # the row's own heading: the box's title
                actions_only = not re.sub(r"[\s·|,.()]+", "", cell["bare"])
                if cell["label"] is None and actions_only:
                    continue  # links or buttons only: they say what they do
                if cell["label"] != heading:
                    wrong.append(f"{cell['text'][:40]!r}: data-label {cell['label']!r}, column {heading!r}")
    return wrong


def _findings(vid: str) -> dict[str, Any]:
    for line in VIGNETTES.read_text("utf-8").splitlines():
        if json.loads(line)["id"] == vid:
            return dict(json.loads(line)["findings"])
    raise LookupError(vid)


@pytest.fixture(scope="module", params=["clinic", "home"])
def clinic(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A clinic of two people (the pages speak about Ana) or one person at home (to them): Ana, or
    "Me", with a finished check, a walk and a diary day with a step tried."""
    url = sqlite_url(tmp_path_factory.mktemp("stack") / "records.sqlite3")
    records = Records(Database(url).migrate())
    if request.param == "clinic":
        ana = records.people.add("Ana").id
        records.people.add("Ben")
        theirs = records.for_person(ana)
    else:
        ana, theirs = 1, records
    check = theirs.start_assessment("person")
    theirs.answer(check.id, _findings("dev-005"))
    theirs.result(check.id)
    theirs.upload_walk("imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s")
    entry = theirs.add_diary_entry(
        entry_date="2026-11-20", pain_0_10=4, notes="short walks", tried=["cat_cow"]
    )
    records.db.dispose()
    with TestClient(create_app(Settings(database_url=url))) as web:
        yield web, ana, entry.id, request.param, check.id


def _page(web: TestClient, ana: int, entry: int, template: str, check: int) -> str:
    method, path = PAGES[template]
    url = path.format(p=ana, e=entry, c=check)
    response = web.get(url) if method == "get" else web.post(url, data={"person_id": str(ana)})
    assert response.status_code == 200, (template, response.status_code)
    return response.text


#: a table that stacks on a phone: "stack" among its classes (app.css ``table.stack``), as the parser
#: reads it, not only ``class="stack"`` alone ('class="stack wide"' stacks too)
STACKED = re.compile(r"""<table\b[^>]*\bclass\s*=\s*(["'])(?:(?!\1).)*(?<![\w-])stack(?![\w-])""", re.S)


def test_every_template_with_a_stacked_table_is_checked() -> None:
    stacked = {p.name for p in TEMPLATES.glob("*.html") if STACKED.search(p.read_text())}
    assert stacked == set(PAGES)


def test_a_stacked_table_is_found_whatever_its_other_classes() -> None:
    found = [
        '<table class="stack">',
        '<table id="x" class="wide stack">',
        "<table class='stack wide'>",
        '<table\n  class="stack">',
    ]
    assert all(STACKED.search(html) for html in found)
    assert not any(STACKED.search(html) for html in ('<table class="stacked">', '<table class="no-stack">'))


@pytest.mark.parametrize("template", sorted(PAGES))
def test_each_body_cell_of_a_stacked_table_names_its_column(clinic: Any, template: str) -> None:
    web, ana, entry, voice, check = clinic
    if voice == "home" and template in ("people.html", "activity.html"):
        pytest.skip("one person at home: no list of people, nothing done to people")
    tables = stacked_tables(_page(web, ana, entry, template, check))
    assert tables and all(t["rows"] for t in tables), "each stacked table has a row to check"
    assert unlabelled_cells(_page(web, ana, entry, template, check)) == []


def test_the_check_finds_a_cell_without_its_columns_name() -> None:
    html = (
        '<table class="stack"><thead><tr><th>Day</th><th>Pain</th><th>Notes</th><th>Open</th></tr></thead>'
        '<tbody><tr><th scope="row">1 Nov</th><td data-label="Pain">4</td><td>ok</td>'
        '<td><a href="/x">Open</a> · <a href="/y">Edit</a></td></tr>'
        '<tr><th>2 Nov</th><td data-label="Notes">5</td><td data-label="Notes">-</td><td></td></tr>'
        "</tbody></table>"
    )
    assert unlabelled_cells(html) == [
        "'ok': data-label None, column 'Notes'",
        "'5': data-label 'Notes', column 'Pain'",
    ]
