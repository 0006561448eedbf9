"""A date, and a number with its unit, are kept on one line by one pass over a drawn page
(``templating.keep_together``), where two passes over the whole page did it before (``units_together`` on
the parts its filter marks, then ``dates_together`` on all of it). The page a person gets is the same,
character for character: this test draws real pages (results of person's and clinician's checks with a
walk, the walk page, the diary with steps tried, the report, Home, History ...) and many made-up pieces
of text, and compares them with the two passes as they were (kept here as the reference).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.core.dates import MONTHS
from backstride.services.interview import Interview
from backstride.web import pages, report
from backstride.web.app import create_app
from backstride.web.settings import Settings
from backstride.web.templating import UNITS_FROM, UNITS_TO, keep_together, units_together

WALK = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"

# ------------------------------------------------------------ the two passes as they were (reference)

_UNIT = (
    r"(?:m/s|steps/min|min|minutes?|s|seconds?|hours?|days?|weeks?|months?|years?|m|metres?|km|cm|mm"
    r"|kg|g|deg|degrees?|points?|times|steps?|Hz|GB|MB|kB|ms)"
)
_NUMBER = r"\d+(?:[.,]\d+)?"
_AMOUNT = rf"{_NUMBER}(?:[-\u2013]{_NUMBER})? {_UNIT}"
_TOGETHER = re.compile(rf"(?<![\w.,&#/-]){_AMOUNT}(?: {_AMOUNT})*(?![\w/])")
_AS_IT_IS = (
    r"(?i:<(?P<element>svg|textarea|script|style|title|option|pre)\b.*?</(?P=element)\s*>)|<!--.*?-->|<[^>]*>"
)
_TEXT_OR_TAG = re.compile(rf"(?P<as_it_is>{_AS_IT_IS})|{_TOGETHER.pattern}", re.DOTALL)
_MONTH_AND_YEAR = re.compile(rf" (?:{'|'.join(MONTHS)})(?: \d{{4}})?(?![\w/])(?![^<>]*>)")
_DAY_BEFORE = re.compile(r"(?:^|[^\w.,&#/-])\d{1,2}\Z")
_LEFT_AS_IT_IS = re.compile(
    r"<(svg|textarea|script|style|title|option|pre)\b.*?</\1\s*>|<!--.*?-->", re.DOTALL | re.IGNORECASE
)


def old_units_together(html: str) -> str:
    def joined(match: re.Match[str]) -> str:
        return match.group() if match.group("as_it_is") is not None else match.group().replace(" ", "\u00a0")

    return _TEXT_OR_TAG.sub(joined, html)


def _old_dates_in_text(text: str) -> str:
    def joined(match: re.Match[str]) -> str:
        start = match.start()
        if _DAY_BEFORE.search(text[max(0, start - 3) : start]) is None:
            return match.group()
        return match.group().replace(" ", "\u00a0")

    return _MONTH_AND_YEAR.sub(joined, text)


def old_dates_together(html: str) -> str:
    if not any(month in html for month in MONTHS):
        return html
    out, done = [], 0
    for kept in _LEFT_AS_IT_IS.finditer(html):
        out += [_old_dates_in_text(html[done : kept.start()]), kept.group()]
        done = kept.end()
    out.append(_old_dates_in_text(html[done:]))
    return "".join(out)


def two_passes(marked: str) -> str:
    """A page drawn with the filter's marks, as the two passes made it: the units in each marked part
    (the filter's own output), then the dates over the whole page."""
    parts = re.split(f"({re.escape(UNITS_FROM)}|{re.escape(UNITS_TO)})", marked)
    out, inside = [], False
    for piece in parts:
        if piece in (UNITS_FROM, UNITS_TO):
            inside = piece == UNITS_FROM
        else:
            out.append(old_units_together(piece) if inside else piece)
    return old_dates_together("".join(out))


# ------------------------------------------------------------------------------------- real pages


def _answers(rng: random.Random, mode: str) -> dict[str, Any]:
    """A whole interview answered at random (yes, no, don't know, a choice or a number)."""
    interview = Interview(mode=mode)
    while (question := interview.next_question()) is not None:
        q = question.to_dict()
        for code in question.codes:
            if q["kind"] == "number":
                value: Any = rng.choice([None, rng.randint(1, 90)])
            elif q["kind"] == "enum":
                value = rng.choice([None, *(o["value"] for o in q["options"])])
            else:
                value = rng.choice([True, False, False, False, None])
            interview.answer(code, value)
    return dict(interview.answers)


@pytest.fixture(scope="module")
def drawn(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Every page drawn, as the templates drew it (with the marks), before ``keep_together``."""
    seen: list[str] = []

    def recording(html: str) -> str:
        seen.append(html)
        return keep_together(html)

    patch = pytest.MonkeyPatch()
    patch.setattr(pages, "keep_together", recording)
    patch.setattr(report, "keep_together", recording)
    db = tmp_path_factory.mktemp("one-pass") / "t.sqlite3"
    try:
        with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
            walk = client.post(
                "/api/walks",
                files={"file": ("imu.csv", WALK.read_bytes())},
                data={"acc_unit": "m/s^2", "gyr_unit": "deg/s", "symptom_at": "5", "stop_at": "9"},
            )
            assert walk.status_code == 201, walk.text
            rng = random.Random(15)
            for day in range(12):
                entry = {
                    "entry_date": (date.today() - timedelta(days=2 * day)).isoformat(),
                    "pain_0_10": rng.randint(0, 10),
                    "walking_tolerance_min": rng.choice([0.03, 1.5, 12, 40]),
                    "notes": "walked 2 km, 15 minutes; 3 Nov 2026 <b>x</b> 10 Nov",
                    "tried": ["knee_to_chest"] if day % 2 else [],
                }
                assert client.post("/api/diary", json=entry).status_code == 201
            for number in range(8):
                mode = "clinician" if number % 3 == 2 else "person"
                check = client.post("/api/assessments", json={"mode": mode}).json()
                given = client.post(
                    f"/api/assessments/{check['id']}/answers", json={"answers": _answers(rng, mode)}
                )
                assert given.status_code == 200, given.text
                assert client.get(f"/check/{check['id']}/result").status_code == 200
            client.post("/api/assessments", json={"mode": "person"})  # one left half-way
            for url in ["/", "/history", "/diary", "/diary?all=1", f"/walks/{walk.json()['id']}", "/walks"]:
                assert client.get(url).status_code == 200, url
            for url in ["/report", "/walking-test", "/data", "/sources", "/everyday", "/check/999"]:
                client.get(url)
            yield seen
    finally:
        patch.undo()


def test_real_pages_are_the_same_as_with_two_passes(drawn: list[str]) -> None:
    assert len(drawn) >= 20
    marked = [html for html in drawn if UNITS_FROM in html]
    assert len(marked) >= 11  # the results, the walk, the diary and the report have their units joined
    for html in drawn:
        assert keep_together(html) == two_passes(html)
        # a mark is between a tag or a line's end and a tag or a line's end, as the made-up text has it
        for mark in re.finditer(f"{UNITS_FROM}|{UNITS_TO}", html):
            assert html[mark.start() - 1] in ">\n " and html[mark.end()] in "<\n ", html[mark.start() - 40 :]
    joined = "".join(keep_together(html) for html in drawn)
    assert "\u00a0Nov" in joined or any(f"\u00a0{m}" in joined for m in MONTHS)  # there were dates
    assert re.search(r"\d\u00a0(?:min|s|km|minutes|m/s)\b", joined)  # and amounts
    assert "units_together" not in joined  # no mark is left in a page


# ------------------------------------------------------------------------------ made-up text

PIECES = [
    "2",
    "12",
    "2026",
    "1.5",
    "0,5",
    "3-4",
    "0.94-1.43",
    "1\u20132",
    " ",
    " ",
    " ",
    "\u00a0",
    "Nov",
    "May",
    "Mar",
    "Novels",
    "min",
    "m/s",
    "s",
    "days",
    "weeks",
    "m",
    "ms",
    "km",
    "kg",
    "steps/min",
    "times",
    "x",
    "a",
    ".",
    ",",
    "-",
    "/",
    "&amp;",
    "&#39;",
    "(",
    ")",
    ";",
    ":",
    "\n",
    "<p>",
    "</p>",
    '<a href="/x?d=2 Nov 2026" title="4 weeks">',
    "</a>",
    "<svg><text>3 Nov 5 min</text></svg>",
    "<textarea>12 Nov 2026 5 km</textarea>",
    "<title>2 Nov 2026</title>",
    "<!-- 6 days 2 Nov -->",
    "<option>5 minutes</option>",
    "<TEXTAREA>1 Dec</TEXTAREA>",
    "<br>",
]


def _at_an_edge(pieces: list[str], at: int) -> bool:
    """Whether a mark may go before ``pieces[at]``: after a tag, a line's end or a space and before
    one, as the templates put it (a filter block starts and ends a template's block)."""
    before = pieces[at - 1][-1] if at > 0 else ">"
    after = pieces[at][0] if at < len(pieces) else "<"
    return before in ">\n " and after in "<\n "


def _made_up(rng: random.Random) -> str:
    pieces = [rng.choice(PIECES) for _ in range(rng.randint(1, 40))]
    edges = [at for at in range(len(pieces) + 1) if _at_an_edge(pieces, at)]
    if rng.random() < 0.8 and edges:  # a marked part, as the filter makes it
        start, end = sorted(rng.choice(edges) for _ in range(2))
        pieces[start:end] = [UNITS_FROM, *pieces[start:end], UNITS_TO]
    return "".join(pieces)


@pytest.mark.parametrize("seed", range(4))
def test_made_up_text_is_the_same_as_with_two_passes(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5_000):
        text = _made_up(rng)
        assert keep_together(text) == two_passes(text), repr(text)
        bare = text.replace(UNITS_FROM, "").replace(UNITS_TO, "")
        assert units_together(bare) == old_units_together(bare), repr(bare)


@pytest.mark.parametrize(
    "text",
    [
        "12 Nov 2026 days",
        "on 3 May 2026-2027 weeks",
        "in Nov 2026 5 min",
        "2 Mar 2026.5 km 3 s",
        "1 Nov 20261 m",
    ],
)
def test_an_amount_right_after_a_year_is_joined_as_before(text: str) -> None:
    marked = f"<p>{UNITS_FROM}{text}{UNITS_TO}</p>"
    assert keep_together(marked) == two_passes(marked)
    assert keep_together(text) == old_dates_together(text)


@pytest.mark.parametrize(
    "text",
    [
        f"<p>{UNITS_FROM}walked 5 min{UNITS_TO} 3 s</p>",
        f"<p>walked 5 min {UNITS_FROM}3 s{UNITS_TO}</p>",
        f"<p>{UNITS_FROM}1 h 5 min{UNITS_TO} 3 s, then {UNITS_FROM}4 km{UNITS_TO}</p>",
        f"<p>{UNITS_FROM}on 2 Nov 2026 days{UNITS_TO} 5 min</p>",
        f"<p>on 2 Nov 2026 days {UNITS_FROM}5 min{UNITS_TO}</p>",
        f"<p>{UNITS_FROM}5 min {UNITS_TO}{UNITS_FROM}3 s{UNITS_TO}</p>",
    ],
)
def test_amounts_across_a_marked_parts_edge_are_joined_as_before(text: str) -> None:
    """A run of amounts that goes on past the end of a marked part (or starts before it) is joined in
    the part as the filter joined it alone ("5\u00a0min" of "5 min 3 s", the part ending after "min");
    the one pass left the whole run unjoined, as it joined a run only when one part held all of it."""
    assert keep_together(text) == two_passes(text)
    assert "\u00a0" in keep_together(text)
