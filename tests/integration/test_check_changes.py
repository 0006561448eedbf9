"""What changed since the last check, where people read it: the result page ("Since your check on
12 Nov", after the banner and the warning signs), the report for a clinician and its PDF, the JSON
API (``GET /api/assessments/{id}/changes``) and the command line (``backstride changes``).

Checks are answered to the end through the app's own use case (``Records.answer``), on SQLite and
PostgreSQL; the clock is moved between them so the earlier check has its own day. Only finished
checks are compared, and only checks of the same person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.test_report_everyday import _pdf_words
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade
from tests.unit.test_compare_checks import STENOSIS as UNIT_STENOSIS
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services.check_changes import ChangesSinceLastCheck
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.report import render_report, report_view
from backstride.web.report_pdf import build_pdf
from backstride.web.settings import Settings

EARLIER = datetime(2026, 11, 12, 10, 0, tzinfo=UTC)
LATER = datetime(2026, 11, 26, 10, 0, tzinfo=UTC)
# walking hurts, sitting eases it, older: spinal stenosis first, a routine visit (the unit tests' case),
# with how it started and how long ago answered, so no warning sign is left unsure
STENOSIS = {**UNIT_STENOSIS, "onset": "gradual", "duration_weeks": 30}
EMERGENCY = {**STENOSIS, "urinary_retention": True}  # a new red flag [A15]
runner = CliRunner()


class Clock:
    def __init__(self) -> None:
        self.now = EARLIER

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def setup(database_url: str) -> Iterator[tuple[str, Records, Clock]]:
    clock = Clock()
    db = Database(database_url).migrate()
    yield database_url, Records(db, clock=clock), clock
    db.dispose()


def finish(records: Records, findings: dict[str, Any], mode: str = "person", check: int | None = None) -> int:
    """A check answered to the end: ``findings`` where they say, else "no" to a yes/no question or a
    checklist item (so no warning sign is left unsure) and "don't know" to the rest; then the
    ``findings`` the interview did not ask. ``check``: one started already, else a new one."""
    view = records.start_assessment(mode) if check is None else records.get_assessment(check)
    while view.next_question is not None:
        question = view.next_question
        default = False if question["kind"] in ("bool", "checklist") else None
        view = records.answer(view.id, {c: findings.get(c, default) for c in question["codes"]})
    rest = {c: v for c, v in findings.items() if c not in view.answers}  # not asked: given anyway (the API
    if rest:  # takes any answer), so pain and walking are there to compare
        view = records.answer(view.id, rest)
    assert view.complete
    records.result(view.id)
    return view.id


def two_checks(records: Records, clock: Clock, later: dict[str, Any] = EMERGENCY) -> tuple[int, int]:
    clock.now = EARLIER
    first = finish(records, STENOSIS)
    clock.now = LATER
    return first, finish(records, later)


def _text(html: str) -> str:
    html = re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _section(html: str) -> str:
    start = html.index('<section class="changes"')
    return html[start : html.index("</section>", start)]


def test_the_result_page_shows_what_changed_after_the_banner_and_the_warning_signs(setup: Any) -> None:
    url, records, clock = setup
    first, second = two_checks(records, clock)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get(f"/check/{second}/result").text
        earlier_page = client.get(f"/check/{first}/result").text
    text = _text(page)
    assert "Since your check on 12 Nov" in text
    order = [
        text.index("Get emergency help now"),  # the banner
        text.index("Warning signs in your answers"),
        text.index("Since your check on 12 Nov"),
        text.index("What might be causing it"),
    ]
    assert order == sorted(order)
    section = _section(page)
    # the new red flag first, loud (the emergency box), with its own sources, before "sooner"
    flag = records.result(second).result["red_flags"][0]
    assert 'class="disposition disposition-emergency"' in section
    words = _text(section)
    assert words.index(f"New warning sign since last time: {flag['message']}") < words.index(
        "You should now get help sooner than last time."
    )
    assert f"Sources: {', '.join(flag['sources'])}." in words
    assert "Get emergency help now. What changed since last time does not change that." in words
    assert "not a diagnosis" in words.lower()
    assert reading_grade(section) <= MAX_GRADE, reading_grade(section)
    # the first check has nothing to compare with: no section at all
    assert 'class="changes"' not in earlier_page and "Since your check" not in earlier_page


def test_the_section_reads_plainly(setup: Any) -> None:
    url, records, clock = setup
    _, second = two_checks(records, clock, {**STENOSIS, "pain_severity_nrs": 4, "walking_tolerance_min": 25})
    with TestClient(create_app(Settings(database_url=url))) as client:
        section = _section(client.get(f"/check/{second}/result").text)
    words = _text(section)
    assert "Your worst pain is lower: 4 out of 10 now, 7 last time." in words
    assert "How soon to get help is the same as last time: Book a visit with a clinician." in words
    assert reading_grade(section) <= MAX_GRADE, reading_grade(section)


def test_a_check_stopped_half_way_is_never_the_last_check(setup: Any) -> None:
    url, records, clock = setup
    first = finish(records, STENOSIS)
    half = records.start_assessment("person").id
    records.answer(half, {"age_years": 71})
    clock.now = LATER
    third = finish(records, EMERGENCY)
    with TestClient(create_app(Settings(database_url=url))) as client:
        found = client.get(f"/api/assessments/{third}/changes").json()
        assert found["compared_with"] == first
        refused = client.get(f"/api/assessments/{half}/changes")
        assert refused.status_code == 422 and "is not finished" in refused.json()["detail"]
        assert 'class="changes"' not in client.get(f"/check/{half}/result").text


def test_checks_before_gives_the_persons_earlier_checks_newest_first_finished_or_not(setup: Any) -> None:
    """What the use case looks through for the check before (a few at a time, never every result)."""
    _url, records, clock = setup
    ann = records.people.add("Ann").id
    bob = records.people.add("Bob").id
    ann_records = records.for_person(ann)
    first = finish(ann_records, STENOSIS)
    finish(records.for_person(bob), STENOSIS)  # Bob's, between Ann's: never among hers
    clock.now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    half = ann_records.start_assessment("person").id
    ann_records.answer(half, {"age_years": 71})
    clock.now = LATER
    last = finish(ann_records, EMERGENCY)
    before = list(records.checks_before(last))
    assert [(c.id, c.finished) for c in before] == [(half, False), (first, True)]
    assert before[1].started == EARLIER and before[0].answers == {"age_years": 71}
    assert list(records.checks_before(first)) == []


def test_last_time_is_what_the_person_was_told_then(setup: Any) -> None:
    """The check before is compared as it was worked out then: looking at the changes once worked it
    out again with the newest walk and today's knowledge, and stored that over what was said."""
    from tests.integration.test_restore import LAB_WALK

    _url, records, clock = setup
    first, _ = two_checks(records, clock, later=STENOSIS)
    told = records.stored_result(first)
    assert told is not None and told.gait_recording_id is None
    clock.now = LATER + timedelta(minutes=5)  # after the second check was finished: not part of it
    records.upload_walk("imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s")
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    third = finish(records, STENOSIS)
    found = ChangesSinceLastCheck().compare(records, third).changes_
    assert found is not None and found.earlier is not None and found.earlier.assessment_id != first
    second_told = records.stored_result(found.earlier.assessment_id)
    assert second_told is not None and second_told.gait_recording_id is None  # not worked out again
    assert found.earlier.result == second_told.result
    assert records.stored_result(first) == told


def test_what_changed_is_worked_out_once_and_again_after_any_answer(setup: Any) -> None:
    """Kept for the next view of the result page, never past a changed answer of either check."""
    _url, records, clock = setup
    first, second = two_checks(records, clock, later={**STENOSIS, "pain_severity_nrs": 3})

    def pain() -> list[str]:
        found = ChangesSinceLastCheck().compare(records, second).changes_
        assert found is not None
        return [c.text for c in found.changes if c.kind == "pain"]

    records.answer(first, {"pain_severity_nrs": 8})
    before = pain()
    assert (
        ChangesSinceLastCheck().compare(records, second).changes_
        is ChangesSinceLastCheck().compare(records, second).changes_
    )  # the second view reads what the first worked out
    records.answer(first, {"pain_severity_nrs": 4})  # the earlier check's answer changed since
    after = pain()
    assert before and "8" in before[0] and after != before and "4" in after[0]
    records.answer(second, {"pain_severity_nrs": 9})  # and the later one's
    assert "9" in pain()[0]


def test_the_api_answers_a_first_check_an_unknown_one_and_a_second(setup: Any) -> None:
    url, records, clock = setup
    first, second = two_checks(records, clock)
    with TestClient(create_app(Settings(database_url=url))) as client:
        alone = client.get(f"/api/assessments/{first}/changes")
        assert alone.status_code == 200
        assert alone.json()["compared_with"] is None and alone.json()["changes"] == []
        assert client.get("/api/assessments/999999/changes").status_code == 404
        body = client.get(f"/api/assessments/{second}/changes").json()
    assert body["compared_with"] == first and body["earlier"]["disposition"] == "routine"
    assert body["later"]["disposition"] == "emergency"
    assert body["changes"][0]["kind"] == "warning_sign_new" and body["changes"][0]["loud"] is True
    assert body["changes"][0]["findings"] == ["urinary_retention"]
    assert "A15" in body["sources"] and "not a diagnosis" in body["notice"].lower()


def test_only_checks_of_the_same_person_are_compared(setup: Any) -> None:
    url, records, clock = setup
    ann = records.people.add("Ann").id
    bob = records.people.add("Bob").id
    ann_records, bob_records = records.for_person(ann), records.for_person(bob)
    ann_first = finish(ann_records, STENOSIS)
    clock.now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    bob_first = finish(bob_records, EMERGENCY)  # newer than Ann's first, but Bob's
    clock.now = LATER
    ann_second = finish(ann_records, {**STENOSIS, "pain_severity_nrs": 3})
    with TestClient(create_app(Settings(database_url=url))) as client:
        assert client.get(f"/api/assessments/{bob_first}/changes").json()["compared_with"] is None
        ann_changes = client.get(f"/api/assessments/{ann_second}/changes?person_id={ann}").json()
        assert ann_changes["compared_with"] == ann_first and ann_changes["person_id"] == ann
        assert client.get(f"/api/assessments/{bob_first}/changes?person_id={ann}").status_code == 404
        assert 'class="changes"' not in client.get(f"/check/{bob_first}/result?person={bob}").text
        report = client.get(f"/report?person={ann}").text
    assert "Since the check before, on 12 Nov (check " in _text(report)
    assert "New warning sign" not in _text(report)  # Bob's red flag is never in Ann's changes


def test_checks_of_different_modes_are_compared_and_the_page_says_so(setup: Any) -> None:
    url, records, clock = setup
    clock.now = EARLIER
    finish(records, STENOSIS, mode="clinician")
    clock.now = LATER
    second = finish(records, STENOSIS)
    with TestClient(create_app(Settings(database_url=url))) as client:
        words = _text(_section(client.get(f"/check/{second}/result").text))
    assert "Last time a clinician answered, with an examination; this time you answered." in words


def test_the_report_compares_the_latest_check_with_the_one_before(setup: Any) -> None:
    _, records, clock = setup
    first, _ = two_checks(records, clock)
    html = render_report(records, generated_at=LATER)
    text = _text(html)
    heading = f"Since the check before, on 12 Nov (check {first})"
    assert heading in text
    assert text.index("Warning signs in the answers") < text.index(heading) < text.index("Likely causes")
    part = text[text.index(heading) :]
    assert "The person should now get help sooner than last time." in part
    assert "(they said yes)" in part
    # every source it cites is in the references list, and the PDF says the same
    view = report_view(records, generated_at=LATER)
    assert {"A15", "A16"} <= {r["key"] for r in view["references"]}
    pdf = _pdf_words(build_pdf(view))
    assert heading in pdf and "The person should now get help sooner than last time." in pdf


def test_a_report_of_one_check_is_what_it_was_byte_for_byte(setup: Any) -> None:
    _, records, clock = setup
    clock.now = EARLIER
    finish(records, STENOSIS)
    clock.now = LATER
    before = render_report(records, generated_at=LATER)
    assert "Since the check before" not in before
    second = finish(records, EMERGENCY)
    assert "Since the check before" in render_report(records, generated_at=LATER)
    records.delete_assessment(second)
    assert render_report(records, generated_at=LATER) == before


def test_the_command_line_shows_the_changes_warning_signs_first(setup: Any) -> None:
    url, records, clock = setup
    first, second = two_checks(records, clock)
    done = runner.invoke(cli_app, ["changes", "--db", url])
    assert done.exit_code == 0, done.output
    out = done.stdout
    assert f"Since your check on 12 Nov (check {first}), to check {second}:" in out
    assert out.index("!! New warning sign since last time") < out.index("You should now get help sooner")
    assert "Sources: A15" in out and "not a diagnosis" in out.lower()
    as_json = runner.invoke(cli_app, ["changes", "--db", url, "--json"])
    assert as_json.exit_code == 0 and json.loads(as_json.stdout)["compared_with"] == first
    alone = runner.invoke(cli_app, ["changes", "--db", url, "--check", str(first)])
    assert alone.exit_code == 0 and "This is your first finished check" in alone.stdout


def test_the_command_line_refuses_what_it_cannot_compare(setup: Any) -> None:
    url, records, clock = setup
    # the database exists (migrated, with "Me"), with no check
    none = runner.invoke(cli_app, ["changes", "--db", url])
    assert none.exit_code == 2 and "no finished check yet" in none.output
    half = records.start_assessment("person").id
    records.answer(half, {"age_years": 71})
    unfinished = runner.invoke(cli_app, ["changes", "--db", url, "--check", str(half)])
    assert unfinished.exit_code == 2 and f"check {half} is not finished" in unfinished.output
    unknown = runner.invoke(cli_app, ["changes", "--db", url, "--check", "999999"])
    assert unknown.exit_code == 2 and "does not exist" in unknown.output
    records.people.add("Room 4")
    several = runner.invoke(cli_app, ["changes", "--db", url])
    assert several.exit_code == 2 and "--person" in several.output
    nobody = runner.invoke(cli_app, ["changes", "--db", url, "--person", "Nobody"])
    assert nobody.exit_code == 2 and "Nobody" in nobody.output
    for refused in (none, unfinished, unknown, several, nobody):
        assert "Traceback" not in refused.output and refused.output.startswith("error: ")


def test_with_person_the_command_line_speaks_of_them(setup: Any) -> None:
    url, records, clock = setup
    ann = records.people.add("Ann").id
    ann_records = records.for_person(ann)
    clock.now = EARLIER
    finish(ann_records, STENOSIS)
    clock.now = LATER
    finish(ann_records, {**STENOSIS, "walking_tolerance_min": 5})
    done = runner.invoke(cli_app, ["changes", "--db", url, "--person", "ann"])
    assert done.exit_code == 0, done.output
    assert "The person can walk for less time before the pain stops them" in done.stdout
    assert "Since the check before, on 12 Nov (check " in done.stdout  # as the report says it


def test_an_earlier_check_this_version_cannot_read_is_not_called_no_check(setup: Any) -> None:
    """Found in review: a finished check whose answers hold a finding code this version no longer has
    (made by an older version) was skipped, and the next check read 'This is your first finished
    check'; now it says the earlier check cannot be compared, and when."""
    from backstride.storage.models import Assessment

    url, records, clock = setup
    first, second = two_checks(records, clock, later=STENOSIS)
    with records.db.session(write=True) as session:
        row = session.get(Assessment, first)
        row.answers = {**row.answers, "retired_finding_code": True}
    found = ChangesSinceLastCheck().compare(records, second).changes_
    assert found is not None and found.earlier is None and found.changes == ()
    assert "first finished check" not in found.headline
    assert found.headline == (
        "Your check on 12 Nov cannot be compared: it was made with another version of "
        "backstride, and this one cannot read its answers."
    )
    done = runner.invoke(cli_app, ["changes", "--db", url])
    assert done.exit_code == 0 and "cannot be compared" in done.stdout
    # the result page and the report say it too (they showed nothing of it)
    with TestClient(create_app(Settings(database_url=url))) as client:
        section = _text(_section(client.get(f"/check/{second}/result").text))
        report = _text(_section(client.get("/report").text))
    assert "What changed since your last check" in section and "cannot be compared" in section
    assert "Since the check before" in report and "cannot be compared" in report
    assert "not a diagnosis" in section.lower()


def test_the_last_check_is_the_one_finished_before_this_one(setup: Any) -> None:
    """Started first, finished later: a check left open on 12 Nov and finished on 26 Nov, after
    another started and finished on 20 Nov, is the newer one. "My last check" is the one finished
    before this one, whenever either was started; one still open, or finished later, is never it."""
    url, records, clock = setup
    clock.now = EARLIER
    slow = records.start_assessment("person").id  # started first, left open
    records.answer(slow, {"age_years": 71})
    clock.now = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    quick = finish(records, STENOSIS)  # started and finished in between
    clock.now = LATER
    finish(records, EMERGENCY, check=slow)  # the slow one finished last
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    open_one = records.start_assessment("person").id  # started since, still open: never "last"
    records.answer(open_one, {"age_years": 71})

    slow_found = ChangesSinceLastCheck().compare(records, slow).changes_
    quick_found = ChangesSinceLastCheck().compare(records, quick).changes_
    assert slow_found is not None and slow_found.earlier is not None
    assert slow_found.earlier.assessment_id == quick  # not "nothing to compare": it finished first
    assert slow_found.new_warning_signs  # the bladder trouble is new since the 20 Nov check
    assert quick_found is not None and quick_found.earlier is None  # the slow one finished after it
    assert [c.id for c in records.checks_before(slow) if c.finished] == [quick]
    with TestClient(create_app(Settings(database_url=url))) as client:
        assert client.get(f"/api/assessments/{slow}/changes").json()["compared_with"] == quick
        assert client.get(f"/api/assessments/{quick}/changes").json()["compared_with"] is None
        page = _text(client.get(f"/check/{slow}/result").text)
        report = _text(client.get("/report").text)  # the newest finished check: the slow one
        history = client.get("/history").text.replace("\xa0", " ")  # a date's no-break spaces
    # the history links each check with one finished before it to what changed: the slow one only
    assert f'<a href="/check/{slow}/result#changes">what changed since the check on 20 Nov</a>' in history
    assert history.count("what changed since") == 1
    assert history.count("finished 26 Nov 2026") == 1  # the slow one, started 12 Nov
    assert "Since your check on 20 Nov" in page
    assert f"Since the check before, on 20 Nov (check {quick})" in report
    out = runner.invoke(cli_app, ["changes", "--db", url, "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.stdout)["assessment_id"] == slow
    assert json.loads(out.stdout)["compared_with"] == quick


def test_a_check_is_finished_when_its_last_answer_was_given_not_when_its_result_was_stored(
    setup: Any,
) -> None:
    """The finish time is the answer that finished it: going back forgets it, finishing again keeps
    the new one, and a result stored again later (a new walk) does not move it."""
    _url, records, clock = setup
    first = finish(records, STENOSIS)
    assert records.get_assessment(first).finished_at == EARLIER
    clock.now = datetime(2026, 11, 13, 10, 0, tzinfo=UTC)
    assert records.back(first).finished_at is None
    half = records.start_assessment("person").id
    records.answer(half, {"age_years": 71})
    assert records.get_assessment(half).finished_at is None  # not finished
    clock.now = datetime(2026, 11, 14, 10, 0, tzinfo=UTC)
    finish(records, STENOSIS, check=first)
    assert records.get_assessment(first).finished_at == clock.now
    clock.now = LATER
    records.result(first)  # looked at again later: still finished on the 14th
    assert records.get_assessment(first).finished_at == datetime(2026, 11, 14, 10, 0, tzinfo=UTC)
    # answered on the pages (the question asked now, in one transaction): the same
    clock.now = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    paged = records.start_assessment("person")
    while paged.next_question is not None:
        paged = (
            records.answer_current(
                paged.id,
                lambda q: {
                    c: STENOSIS.get(c, False if q["kind"] in ("bool", "checklist") else None)
                    for c in q["codes"]
                },
            )
            or paged
        )
    assert paged.complete and records.get_assessment(paged.id).finished_at == clock.now


def test_a_check_earlier_the_same_day_reads_earlier_today_with_its_time(setup: Any) -> None:
    """Not "Since your check on 26 Nov" on 26 Nov: the page says "earlier today, at 09:15"; the report,
    read on another day maybe, says the day and the time; so does the command line (today's date:
    it reads the computer's clock). The next day the page says "yesterday"."""
    url, records, clock = setup
    morning = datetime.combine(date.today(), time(9, 15)).astimezone()  # local time, as shown
    clock.now = morning
    first = finish(records, STENOSIS)
    clock.now = morning.replace(hour=11)
    second = finish(records, {**STENOSIS, "pain_severity_nrs": 4})
    app = create_app(Settings(database_url=url))
    app.state.records.clock = clock
    day = f"{morning.day} {morning:%b}"
    with TestClient(app) as client:
        page = _text(_section(client.get(f"/check/{second}/result").text))
        report = _text(client.get("/report").text)
        clock.now = morning + timedelta(days=1)  # the next day, the same page
        next_day = _text(_section(client.get(f"/check/{second}/result").text))
    assert "Since your check earlier today, at 09:15" in page and day not in page
    assert f"Since the check before, earlier on {day}, at 09:15 (check {first})" in report
    assert "Since your check yesterday, at 09:15" in next_day
    out = runner.invoke(cli_app, ["changes", "--db", url])
    assert out.exit_code == 0, out.output
    assert f"Since your check earlier today, at 09:15 (check {first}), to check {second}:" in out.stdout


def test_the_history_links_each_check_with_one_before_to_what_changed(setup: Any) -> None:
    """On the history page, "what changed since the check on 12 Nov" on the second check goes to its
    result page's section; the first check, one not finished and someone else's have no such link."""
    url, records, clock = setup
    ann = records.people.add("Ann").id
    bob = records.people.add("Bob").id
    ann_records = records.for_person(ann)
    finish(ann_records, STENOSIS)
    finish(records.for_person(bob), STENOSIS)
    clock.now = LATER
    second = finish(ann_records, {**STENOSIS, "pain_severity_nrs": 4})
    half = ann_records.start_assessment("person").id
    ann_records.answer(half, {"age_years": 71})
    with TestClient(create_app(Settings(database_url=url))) as client:
        history = client.get(f"/history?person={ann}").text.replace("\xa0", " ")  # a date's no-break spaces
        bobs = client.get(f"/history?person={bob}").text
        target = client.get(f"/check/{second}/result").text
    link = f'<a href="/check/{second}/result#changes">what changed since the check on 12 Nov</a>'
    assert link in history and history.count("what changed since") == 1
    assert "what changed since" not in bobs
    assert 'id="changes"' in target  # where the link goes


def test_a_changed_choice_is_said_on_the_persons_page_in_the_words_they_chose_it_by(setup: Any) -> None:
    """The person's answers said "yes, below the knee" (questions.yaml's label) and, on the same page,
    what changed said "(above knee last time, below knee now)", the short codes (new-user test)."""
    url, records, clock = setup
    finish(records, {**STENOSIS, "pain_leg": "above_knee"})
    clock.now = EARLIER + timedelta(days=2)
    second = finish(records, {**STENOSIS, "pain_leg": "below_knee"})
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = _text(_section(client.get(f"/check/{second}/result").text))
        report = _text(client.get("/report").text)
    assert (
        "How far down your leg the pain goes (last time: “yes, but not below the knee”; "
        "now: “yes, below the knee”)" in page
    ), page
    assert "How far down the leg the pain goes (above knee last time, below knee now)" in report


def test_with_no_finished_check_the_command_line_names_its_own_way_to_finish_one(setup: Any) -> None:
    # N10 (2026-11-28): a terminal user was sent only to the app ('backstride serve'), though
    # 'backstride assess --save' keeps a check in the same database and 'changes' then reads it
    url, _records, _clock = setup
    none = runner.invoke(cli_app, ["changes", "--db", url])
    assert none.exit_code == 2
    said = " ".join(none.output.split())
    assert (
        "finish one first: 'backstride assess --save' here, or the check in the app ('backstride serve')"
        in said
    )
