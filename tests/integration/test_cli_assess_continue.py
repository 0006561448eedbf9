"""``backstride assess --continue ID`` goes on with a check kept unfinished (stopped early, or of an
answers file that leaves questions unanswered): the terminal asks only the questions left, or
``--answers FILE`` gives them, and the answers are added to that check. ``assess --unfinished`` lists
the checks kept unfinished. Before, no terminal command could finish one: only the web app could.

An unknown id, another person's check, a finished check and wrong answers are refused (exit 2), the
check as it was. Each test works on a temporary SQLite file through the real command (typer's
CliRunner), on the real dev vignettes in ../shared."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from backstride.cli.main import app
from backstride.core.reading import reading_grade
from backstride.services.interview import EMERGENCY_ALERT_KEPT, Interview, question_plan
from backstride.storage.db import sqlite_url

runner = CliRunner()
DEV = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "vignettes" / "dev.jsonl"


def _run(*args: str, stdin: str | None = None) -> Result:
    return runner.invoke(app, list(args), input=stdin)


def _said(result: Result, stream: str = "stdout") -> str:
    return " ".join(getattr(result, stream).replace("│", " ").split())  # a panel's sides left out


def _checks(path: Path) -> list[dict[str, Any]]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT id, person_id, answers, finished_at FROM assessments ORDER BY id")
        return [
            {"id": i, "person_id": p, "answers": json.loads(a), "finished": f is not None}
            for i, p, a, f in rows.fetchall()
        ]


def _case(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """dev-001's answers (no warning sign given) in an answers file."""
    findings = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])["findings"]
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    return path, findings


def _kept_unfinished(tmp_path: Path, *more: str) -> tuple[Path, dict[str, Any]]:
    """A database whose check 1 is dev-001's file, kept unfinished (its warning signs not answered)."""
    db = tmp_path / "home.sqlite3"
    answers, findings = _case(tmp_path)
    done = _run("assess", "--answers", str(answers), "--save", "--db", str(db), *more)
    assert done.exit_code == 0, done.output
    assert [c["finished"] for c in _checks(db)] == [False]
    return db, findings


def _typed(answers: dict[str, Any], stop_after: int | None = None) -> str:
    """What a person types for the questions ``answers`` leaves: "0" (none of these) to each checklist,
    "?" otherwise; ``quit`` after ``stop_after`` questions."""
    interview, lines = Interview("person", answers), []
    while (question := interview.next_question()) is not None:
        if stop_after is not None and len(lines) == stop_after:
            lines.append("quit")
            break
        lines.append("0" if question.kind == "checklist" else "?")
        for code in question.codes:
            interview.answer(code, False if question.kind == "checklist" else None)
    return "\n".join(lines) + "\n"


def test_the_terminal_asks_only_the_questions_left_and_finishes_the_check(tmp_path: Path) -> None:
    db, findings = _kept_unfinished(tmp_path)
    done = _run("assess", "--continue", "1", "--db", str(db), stdin=_typed(findings))
    assert done.exit_code == 0, done.output
    [check] = _checks(db)
    assert check["finished"]
    assert {k: check["answers"][k] for k in findings} == findings  # the answers kept before, as they were
    assert all(check["answers"][code] is False for code in question_plan("person").screening_codes)
    said = _said(done)
    assert "Going on with check 1: 8 questions were answered before" in said
    assert "quit to stop. 9. Since this pain began" in said  # numbered on from the questions kept
    assert "Added to check 1; it is finished now." in said
    assert "/check/1/result" in said
    assert "This is not a diagnosis" in said
    assert said.index("This is not a diagnosis") < said.index("Added to check 1")


def test_stopped_again_the_answers_so_far_are_added_and_it_says_how_to_go_on(tmp_path: Path) -> None:
    db, findings = _kept_unfinished(tmp_path)
    done = _run("assess", "--continue", "1", "--db", str(db), stdin=_typed(findings, stop_after=1))
    assert done.exit_code == 0, done.output
    [check] = _checks(db)
    assert not check["finished"]
    assert len(check["answers"]) > len(findings)  # the first question left, answered
    said = _said(done)
    assert "Added to check 1." in said
    assert f"It is not finished yet. To go on with it: backstride assess --continue 1 --db {db}" in said


def test_back_never_goes_before_the_answers_kept(tmp_path: Path) -> None:
    db, findings = _kept_unfinished(tmp_path)
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="back\n" + _typed(findings))
    assert done.exit_code == 0, done.output
    assert "This is the first question left. The answers given before are kept as they are" in _said(done)
    [check] = _checks(db)
    assert check["finished"] and {k: check["answers"][k] for k in findings} == findings


def test_an_answers_file_adds_its_answers_to_the_check(tmp_path: Path) -> None:
    db, findings = _kept_unfinished(tmp_path)
    signs = tmp_path / "signs.json"
    signs.write_text(json.dumps({code: False for code in question_plan("person").screening_codes}))
    done = _run("assess", "--answers", str(signs), "--continue", "1", "--db", str(db))
    assert done.exit_code == 0, done.output
    [check] = _checks(db)
    assert all(check["answers"][code] is False for code in question_plan("person").screening_codes)
    assert {k: check["answers"][k] for k in findings} == findings
    assert "Added to check 1" in _said(done)


def test_an_unknown_check_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    db, _ = _kept_unfinished(tmp_path)
    before = _checks(db)
    done = _run("assess", "--continue", "7", "--db", str(db), stdin="0\n")
    assert done.exit_code == 2
    said = _said(done, "stderr")
    assert "--continue 7: check 7 does not exist; nothing was saved" in said
    assert f"backstride assess --unfinished --db {db}" in said
    assert _checks(db) == before


def test_a_missing_database_is_not_made(tmp_path: Path) -> None:
    db = tmp_path / "none.sqlite3"
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="0\n")
    assert done.exit_code == 2
    assert "check 1 does not exist" in _said(done, "stderr")
    assert not db.exists()


def test_a_finished_check_is_refused(tmp_path: Path) -> None:
    db, findings = _kept_unfinished(tmp_path)
    assert _run("assess", "--continue", "1", "--db", str(db), stdin=_typed(findings)).exit_code == 0
    before = _checks(db)
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="0\n")
    assert done.exit_code == 2
    assert "--continue 1: check 1 is finished already, so there is nothing left to ask" in _said(
        done, "stderr"
    )
    assert _checks(db) == before


def test_another_persons_check_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "clinic.sqlite3"
    for label in ("Ann", "Bob"):
        assert _run("people", "add", label, "--db", sqlite_url(db)).exit_code == 0
    answers, findings = _case(tmp_path)
    assert (
        _run("assess", "--answers", str(answers), "--save", "--db", str(db), "--person", "Ann").exit_code == 0
    )
    before = _checks(db)
    done = _run("assess", "--continue", "1", "--db", str(db), "--person", "Bob", stdin=_typed(findings))
    assert done.exit_code == 2
    assert "--continue 1: check 1 is not one of person" in _said(done, "stderr")
    assert _checks(db) == before
    assert "No checks are kept unfinished for 'Bob' (person 3)" in _said(
        _run("assess", "--unfinished", "--db", str(db), "--person", "Bob")
    )


def test_wrong_answers_in_the_file_store_nothing(tmp_path: Path) -> None:
    db, _ = _kept_unfinished(tmp_path)
    before = _checks(db)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"findings": {"fever": "maybe"}}))
    done = _run("assess", "--answers", str(bad), "--continue", "1", "--db", str(db))
    assert done.exit_code == 2
    said = _said(done, "stderr")
    assert "fever" in said and "nothing was saved" in said
    assert _checks(db) == before


def test_unfinished_lists_the_checks_kept_unfinished(tmp_path: Path) -> None:
    db, _ = _kept_unfinished(tmp_path)
    done = _run("assess", "--unfinished", "--db", str(db))
    assert done.exit_code == 0, done.output
    said = _said(done)
    count = len(question_plan("person").screening_codes)
    assert "Check 1, started" in said
    assert f"8 questions answered; {count} warning signs are not asked yet." in said
    assert f"backstride assess --continue ID --db {db}" in said
    assert "Not a diagnosis" in said
    listed = json.loads(_run("assess", "--unfinished", "--db", str(db), "--json").stdout)
    assert [c["id"] for c in listed["unfinished_checks"]] == [1]


def test_continue_takes_no_walk(tmp_path: Path) -> None:
    db, _ = _kept_unfinished(tmp_path)
    done = _run("assess", "--continue", "1", "--walk", "1", "--db", str(db))
    assert done.exit_code == 2
    assert "--continue cannot take --walk" in _said(done, "stderr")


def test_a_file_that_changes_an_answer_kept_stores_nothing(tmp_path: Path) -> None:
    db, findings = _kept_unfinished(tmp_path)
    before = _checks(db)
    code = next(c for c, v in findings.items() if isinstance(v, bool))
    changed = tmp_path / "changed.json"
    signs = {c: False for c in question_plan("person").screening_codes}
    changed.write_text(json.dumps({"findings": {**signs, code: not findings[code]}}))
    done = _run("assess", "--answers", str(changed), "--continue", "1", "--db", str(db))
    assert done.exit_code == 2
    said = _said(done, "stderr")
    assert (
        f"answers {code} (the check has {json.dumps(findings[code])}) otherwise than check 1 has it" in said
    )
    assert "--continue only adds the answers a check does not have yet" in said
    assert _checks(db) == before


def test_ctrl_c_adds_nothing_and_keeps_the_answers_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import backstride.cli.assess_cmd as assess_cmd

    db, findings = _kept_unfinished(tmp_path)
    before = _checks(db)
    monkeypatch.chdir(tmp_path)
    ask, asked = assess_cmd._ask, []

    def ctrl_c_at_the_second(*args: Any) -> None:
        asked.append(1)
        if len(asked) == 2:
            raise KeyboardInterrupt
        ask(*args)

    monkeypatch.setattr(assess_cmd, "_ask", ctrl_c_at_the_second)
    done = _run("assess", "--continue", "1", "--db", str(db), stdin=_typed(findings))
    assert done.exit_code == 130
    said = _said(done, "stderr")
    assert "Stopped (Ctrl-C): nothing was added to check 1." in said
    assert _checks(db) == before
    [kept] = tmp_path.glob("backstride-answers-*.json")
    assert f"backstride assess --answers {kept.name} --continue 1 --db {db}" in said
    typed = json.loads(kept.read_text(encoding="utf-8"))["findings"]
    assert typed and not set(typed) & set(findings)  # only the answer typed now
    monkeypatch.undo()
    added = _run("assess", "--answers", str(kept), "--continue", "1", "--db", str(db))
    assert added.exit_code == 0, added.output
    assert all(_checks(db)[0]["answers"][code] == value for code, value in typed.items())


def _kept_with(tmp_path: Path, answers: dict[str, Any]) -> Path:
    """A database whose check 1 holds ``answers`` alone, kept unfinished (assess --answers F --save)."""
    db, path = tmp_path / "home.sqlite3", tmp_path / "kept.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    done = _run("assess", "--answers", str(path), "--save", "--db", str(db))
    assert done.exit_code == 0, done.output
    assert [c["finished"] for c in _checks(db)] == [False]
    return db


def test_an_emergency_kept_is_said_before_the_first_question_left(tmp_path: Path) -> None:
    # new trouble peeing: an emergency [A15]; before, the alert came only after a new answer, so a
    # person who typed quit at once was never told
    db = _kept_with(tmp_path, {"urinary_retention": True})
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="quit\n")
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "EMERGENCY: GET HELP NOW" in said
    assert "Go to an emergency department or call emergency services now" in said
    assert said.index("EMERGENCY: GET HELP NOW") < said.index("Why we ask:")  # before the first question left
    # said once, as the running interview says it: not again when the next answer keeps the emergency
    typed = _run("assess", "--continue", "1", "--db", str(db), stdin="0\nquit\n")
    assert _said(typed).count("EMERGENCY: GET HELP NOW") == 1


def test_a_doctor_today_kept_is_said_before_the_first_question_left(tmp_path: Path) -> None:
    db = _kept_with(tmp_path, {"fever": True})  # fever_or_chills: urgent [A18, A19]
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="quit\n")
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "Your answers so far mean: see a doctor today." in said
    assert "Fever, chills or night sweats with back pain need a same-day check for infection." in said
    assert said.index("see a doctor today") < said.index("Why we ask:")


def test_an_answers_file_adding_nothing_still_says_the_emergency_kept(tmp_path: Path) -> None:
    db = _kept_with(tmp_path, {"urinary_retention": True})
    same = tmp_path / "same.json"
    same.write_text(json.dumps({"urinary_retention": True}), encoding="utf-8")
    done = _run("assess", "--answers", str(same), "--continue", "1", "--db", str(db))
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "Nothing was added to check 1" in said
    assert "EMERGENCY: GET HELP NOW" in said
    assert said.index("EMERGENCY: GET HELP NOW") < said.index("Nothing was added")


def test_keys_of_the_file_beside_findings_are_named_as_assess_answers_names_them(tmp_path: Path) -> None:
    """A line of the vignette file (its id, narrative, gold_...) given to --continue: before, its other
    keys were left out without a word; now the note ``assess --answers`` gives, once the answers are good."""
    db, _ = _kept_unfinished(tmp_path)
    line = json.loads(DEV.read_text(encoding="utf-8").splitlines()[0])
    signs = {code: False for code in question_plan("person").screening_codes}
    vignette = tmp_path / "vignette.json"
    vignette.write_text(json.dumps({**line, "findings": {**line["findings"], **signs}}), encoding="utf-8")
    ignored = ", ".join(sorted(set(line) - {"findings"}))
    assert ignored
    done = _run("assess", "--answers", str(vignette), "--continue", "1", "--db", str(db))
    assert done.exit_code == 0, done.output
    assert "Added to check 1" in _said(done)
    assert f'note: {vignette}: only "findings" is read; ignored: {ignored}' in _said(done, "stderr")


def test_bad_answers_beside_other_keys_say_the_error_and_no_note(tmp_path: Path) -> None:
    db, _ = _kept_unfinished(tmp_path)
    before = _checks(db)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"id": "x", "findings": {"fever": "maybe"}}), encoding="utf-8")
    refused = _run("assess", "--answers", str(bad), "--continue", "1", "--db", str(db))
    assert refused.exit_code == 2
    assert "fever" in _said(refused, "stderr") and "note:" not in refused.stderr
    assert _checks(db) == before


def _made_with_other_questions(db: Path, check_id: int, **answers: Any) -> None:
    """Check ``check_id`` as a version with another question kept it (an answer this one cannot replay)."""
    with sqlite3.connect(db) as connection:
        [(kept,)] = connection.execute("SELECT answers FROM assessments WHERE id = ?", (check_id,)).fetchall()
        more = {**json.loads(kept), "a_question_no_longer_asked": True, **answers}
        connection.execute("UPDATE assessments SET answers = ? WHERE id = ?", (json.dumps(more), check_id))


def test_unfinished_lists_a_check_made_with_other_questions_marked_with_what_to_do(tmp_path: Path) -> None:
    """Before, a check kept unfinished by another version (answers this one cannot replay) was left out
    of the list without a word; now it is listed, marked, with what can be done, and what its answers
    already say when they call for help now (a red flag is never hidden)."""
    db, _ = _kept_unfinished(tmp_path)
    answers, _ = _case(tmp_path)
    assert _run("assess", "--answers", str(answers), "--save", "--db", str(db)).exit_code == 0
    _made_with_other_questions(db, 1, urinary_retention=True)
    done = _run("assess", "--unfinished", "--db", str(db))
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "Check 2, started" in said  # the one this version can carry on, as before
    assert "Check 1, started" in said
    assert "this check was made with other questions (by another version of backstride)" in said
    assert f"/check/1/result, or start a new check: backstride assess --save --db {db}" in said
    assert "Its answers already say: get emergency help now." in said
    assert f"backstride assess --continue ID --db {db}" in said and "Not a diagnosis" in said
    listed = json.loads(_run("assess", "--unfinished", "--db", str(db), "--json").stdout)
    rows = {row["id"]: row for row in listed["unfinished_checks"]}
    assert list(rows) == [2, 1]
    assert rows[2]["can_be_carried_on"] is True and rows[1]["can_be_carried_on"] is False
    assert rows[1]["warning_now"]["disposition"] == "emergency"
    assert rows[1]["warning_signs_not_asked"] is None


def test_a_doctor_today_kept_is_said_once_not_again_at_the_next_answer(tmp_path: Path) -> None:
    # the running interview says a doctor today as soon as an answer means it (test_cli_urgent_said_at_
    # once.py): answers kept that mean it already are said before the first question left, not again
    db = _kept_with(tmp_path, {"fever": True})
    typed = _run("assess", "--continue", "1", "--db", str(db), stdin="0\n0\nquit\n")
    assert typed.exit_code == 0, typed.output
    assert _said(typed).count("URGENT: SEE A DOCTOR TODAY") == 1


MAX_MEAN_GRADE = 7.0  # as tests/knowledge/test_plain_language.py: about age 12
KEPT_ALERT = (
    "Your answers so far show a warning sign. Go to an emergency department or call emergency services now."
)
FRESH_ALERT = "That answer is a warning sign."


def test_an_emergency_kept_is_said_as_answers_kept_not_as_an_answer_just_given(tmp_path: Path) -> None:
    # no answer was given in this session: the box read "That answer is a warning sign"
    db = _kept_with(tmp_path, {"urinary_retention": True})
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="quit\n")
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert KEPT_ALERT in said and FRESH_ALERT not in said
    assert said.index(KEPT_ALERT) < said.index("Why we ask:")
    assert reading_grade(EMERGENCY_ALERT_KEPT) <= MAX_MEAN_GRADE  # plain: reading age about 12
    same = tmp_path / "same.json"  # and before an answers file that adds nothing
    same.write_text(json.dumps({"urinary_retention": True}), encoding="utf-8")
    filed = _said(_run("assess", "--answers", str(same), "--continue", "1", "--db", str(db)))
    assert KEPT_ALERT in filed and FRESH_ALERT not in filed


def test_an_emergency_answered_while_going_on_is_said_as_the_answer_just_given(tmp_path: Path) -> None:
    # the bladder checklist kept, all "no"; the next question's first option, weaker legs, answered now
    db = _kept_with(tmp_path, {code: False for code in question_plan("person").questions[0].codes})
    done = _run("assess", "--continue", "1", "--db", str(db), stdin="1\nquit\n")
    assert done.exit_code == 0, done.output
    said = _said(done)
    assert "EMERGENCY: GET HELP NOW" in said
    assert f"{FRESH_ALERT} Go to an emergency department" in said and "Your answers so far show" not in said


def test_a_clinicians_kept_emergency_is_said_about_the_person(tmp_path: Path) -> None:
    db, path = tmp_path / "home.sqlite3", tmp_path / "kept.json"
    path.write_text(json.dumps({"urinary_retention": True}), encoding="utf-8")
    kept = _run("assess", "--answers", str(path), "--save", "--db", str(db), "--mode", "clinician")
    assert kept.exit_code == 0, kept.output
    said = _said(_run("assess", "--continue", "1", "--db", str(db), stdin="quit\n"))
    assert "Their answers so far show a warning sign. They must go to an emergency department" in said
    assert FRESH_ALERT not in said
