"""What changed since a check of many "don't know" answers stays short to read.

A first check answered "don't know" to every question it could, then a second with plain answers, made
"What changed since your last check" list 25 lines of "(don't know last time, no now)". Those answers
are now gathered into one line for the warning-sign questions and one for the rest, each with a count
and every answer named under "See each answer" (a details element); a warning sign new since last time
still comes first, on its own and named, on the result page and in the report for a clinician.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from fastapi.testclient import TestClient
from tests.integration.test_check_changes import EARLIER, EMERGENCY, LATER, STENOSIS, Clock, setup

from backstride.services.records import Records
from backstride.web.app import create_app
from backstride.web.settings import Settings

__all__ = ["setup"]  # the fixture: a database, its Records and a clock


def _finish(records: Records, findings: dict[str, Any], dont_know: bool) -> int:
    """A check answered to the end: ``findings`` where they say, else "don't know" to every question
    (``dont_know``) or "no" to a yes/no question and "don't know" to the rest."""
    view = records.start_assessment("person")
    while view.next_question is not None:
        question = view.next_question
        default = None if dont_know or question["kind"] not in ("bool", "checklist") else False
        view = records.answer(view.id, {c: findings.get(c, default) for c in question["codes"]})
    rest = {c: v for c, v in findings.items() if c not in view.answers}
    if rest:
        view = records.answer(view.id, rest)
    records.result(view.id)
    return view.id


def _two_checks(records: Records, clock: Clock, later: dict[str, Any]) -> int:
    clock.now = EARLIER
    _finish(records, {}, dont_know=True)
    clock.now = LATER
    return _finish(records, later, dont_know=False)


def _section(html: str) -> str:
    start = html.index('<section class="changes"')
    return html[start : html.index("</section>", start)]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _lines(section: str) -> list[str]:
    """The lines a person reads without opening anything: the list's items, the details folded away."""
    folded = re.sub(r"<details>.*?</details>", "", section, flags=re.S)
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", folded, re.S)]


def test_dont_know_answers_now_given_are_one_line_each_with_every_answer_named(setup: Any) -> None:
    url, records, clock = setup
    second = _two_checks(records, clock, STENOSIS)
    with TestClient(create_app(Settings(database_url=url))) as client:
        section = _section(client.get(f"/check/{second}/result").text)
    lines = _lines(section)
    assert len(lines) <= 4, lines
    signs = next(line for line in lines if "warning-sign questions" in line)
    assert re.fullmatch(
        r'You answered (\d+) warning-sign questions this time that were "don\'t know" last time: '
        r'"no" to each of them\.',
        signs,
    ), signs
    count = int(re.search(r"\d+", signs).group(0))
    assert count >= 10
    assert lines.index(signs) < next(i for i, line in enumerate(lines) if "other questions" in line)
    # warning signs first: before the most likely cause and the other answers
    assert lines.index(signs) < next(i for i, line in enumerate(lines) if "most likely cause" in line)
    assert lines.index(signs) == 1  # after the reason for a clinician to check that is new
    # every answer is still named, under "See each answer"
    folded = re.findall(r"<details><summary>See each answer</summary>(.*?)</details>", section, re.S)
    named = [_text(item) for block in folded for item in re.findall(r"<li>(.*?)</li>", block, re.S)]
    assert len(folded) == 2 and len(named) >= count + 2
    assert "Numbness between your legs: groin, private parts, bottom or inner thighs (you said no)" in named
    assert not [line for line in lines if line.endswith("no now).")]  # no answer on a line of its own


def test_a_new_warning_sign_stays_first_and_named(setup: Any) -> None:
    url, records, clock = setup
    second = _two_checks(records, clock, EMERGENCY)
    flag = records.result(second).result["red_flags"][0]
    with TestClient(create_app(Settings(database_url=url))) as client:
        section = _section(client.get(f"/check/{second}/result").text)
        report = _section(client.get(f"/report?check={second}").text)
    words = _text(section)
    loud = f'Warning sign this time (last time you answered "don\'t know"): {flag["message"]}'
    assert loud in words
    assert words.index(loud) < words.index("warning-sign questions this time")
    # the answer behind it is named with it, not gathered
    assert "(don't know last time, yes now)" in words
    assert "warning-sign questions this time" in _text(report)
    assert "The person answered" in _text(report)


def test_the_terminal_gathers_them_too(setup: Any) -> None:
    from typer.testing import CliRunner

    from backstride.cli.main import app as cli_app

    url, records, clock = setup
    _two_checks(records, clock, STENOSIS)
    done = CliRunner().invoke(cli_app, ["changes", "--db", url])
    assert done.exit_code == 0, done.output
    out = " ".join(done.stdout.split())
    assert 'warning-sign questions this time that were "don\'t know" last time: "no" to each of them.' in out
    assert "Numbness between your legs: groin, private parts, bottom or inner thighs (you said no);" in out
    items = re.split(r"\n(?=- )", done.stdout)  # each change, its lines joined
    assert not [i for i in items if i.startswith("- ") and " ".join(i.split()).endswith("no now).")]
