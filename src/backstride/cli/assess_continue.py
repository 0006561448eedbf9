"""``backstride assess --continue ID``: go on with a check kept unfinished, and ``assess --unfinished``:
the checks kept unfinished.

A check is kept unfinished when it stops early (``quit``, the input ended) or when an answers file
leaves questions unanswered (``assess --answers FILE --save``). ``--continue ID`` asks the questions
left in the terminal, or takes them from ``--answers FILE``, and adds the answers to that check as the
web app's question pages add them (``Records.answer``: every answer checked first, one bad answer
stores nothing). The check is read before the first question: one that does not exist, is another
person's, or is finished already is said at once (exit 2) and nothing is stored. The answers kept
before are never changed here: ``back`` stops at the first question left.
"""

from __future__ import annotations

import json
import shlex
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.text import Text

from backstride.core.errors import BackstrideError, InputError, NotFoundError

if TYPE_CHECKING:
    from backstride.cli.assess_save import Saving
    from backstride.services.records import AssessmentView


def continue_hint(check_id: int, options: str) -> str:
    """The terminal's command that goes on with check ``check_id`` (``options``: ``--person``/``--db``)."""
    return f"backstride assess --continue {check_id}{options}"


def _unfinished_check(saving: Saving, check_id: int, mode: str) -> AssessmentView:
    """Check ``check_id`` of the records ``saving`` opened, if it can be gone on with: one that does not
    exist or is another person's is a ``NotFoundError``, a finished one or one of another mode an
    ``InputError``, each naming ``--continue`` and how to see the checks that can."""
    listed = f"See the checks kept unfinished with: backstride assess --unfinished{saving.options('person')}"
    try:
        view = saving.records.get_assessment(check_id)
    except NotFoundError as exc:
        raise NotFoundError(f"--continue {check_id}: {exc}; nothing was saved. {listed}") from None
    except BackstrideError as exc:
        raise type(exc)(f"--continue {check_id}: {exc}; nothing was saved") from None
    if view.complete:
        raise InputError(
            f"--continue {check_id}: check {check_id} is finished already, so there is nothing left to "
            f"ask; nothing was saved. See it in the web app (backstride serve) at /check/{check_id}/result, "
            f"or start a new check: backstride assess --save{saving.options('person')}. {listed}"
        )
    if mode != view.mode and mode != "person":  # --mode clinician on a person's own check
        raise InputError(
            f"--continue {check_id}: check {check_id} is a {view.mode}'s check, not a {mode}'s; leave out "
            f"--mode (it goes on as it was started); nothing was saved"
        )
    return view


def _refuse_changed_answers(path: Path, given: dict[str, Any], view: AssessmentView) -> None:
    """An answers file given to ``--continue`` only adds answers: one that answers a question of the
    check otherwise than it was answered is refused (``InputError``, nothing stored), as ``back`` stops
    at the first question left: a warning sign answered "yes" is never turned into "no" from here."""
    changed = [code for code, value in given.items() if code in view.answers and view.answers[code] != value]
    if changed:
        shown = ", ".join(f"{code} (the check has {json.dumps(view.answers[code])})" for code in changed[:5])
        raise InputError(
            f"{path}: answers {shown} otherwise than check {view.id} has "
            f"{'it' if len(changed) == 1 else 'them'}; --continue only adds the answers a check does not "
            "have yet. Leave those out of the file, or change an answer in the web app (backstride serve). "
            "Nothing was saved"
        )


def continue_check(
    check_id: int, answers_typed: str | None, as_json: bool, mode: str, save_in: tuple[str | None, str | None]
) -> None:
    """``assess --continue ID`` (with ``--answers FILE``, or in the terminal): see the module."""
    from backstride.cli.assess_cmd import (
        _fail,
        _interactive,
        _Interrupted,
        _interview_of,
        go_on_words,
        note_ignored,
        show_result,
        warning_so_far,
    )
    from backstride.cli.assess_save import Saving, keep_answers_safe
    from backstride.cli.inputs import FINDINGS_SHAPE, read_answers_and_ignored, typed_path
    from backstride.cli.people_cmd import message
    from backstride.services.interview import Interview

    console = Console()
    try:
        saving = Saving.open(*save_in)
        view = _unfinished_check(saving, check_id, mode)
        mode = view.mode
        answers = typed_path(answers_typed, "--answers", FINDINGS_SHAPE)
        ignored: list[str] = []  # keys of the file beside "findings": said once the answers are good
        if answers is not None:
            # what the answers kept already mean, said first as the terminal's questions say it: the
            # file may add nothing, or be refused
            warning_so_far(
                Console(stderr=True) if as_json else console, Interview(mode, view.answers), asking=False
            )
            given, ignored = read_answers_and_ignored(answers)
            _refuse_changed_answers(answers, given, view)
            new = {code: value for code, value in given.items() if code not in view.answers}
        else:
            talk = Console(stderr=True) if as_json else console
            start = Interview(mode, view.answers)
            said = (
                f"Going on with check {check_id}: {start.questions_asked} question"
                f"{'s were' if start.questions_asked != 1 else ' was'} answered before. Here are the "
                "ones left. "
                "Type back to go to the question before, ? if you don't know, quit to stop."
            )
            try:
                _result, interview = _interactive(talk, mode, saving=True, start=start, intro=said)
            except _Interrupted as stop:
                typed = {k: v for k, v in stop.interview.answers.items() if k not in view.answers}
                if not typed:
                    raise
                kept = keep_answers_safe(typed, mode, saving, datetime.now(), continue_id=check_id)
                typer.echo(f"\nStopped (Ctrl-C): nothing was added to check {check_id}. {kept}", err=True)
                raise typer.Exit(code=130) from None
            new = {k: v for k, v in interview.answers.items() if k not in view.answers}
        if not new:
            where = "no question was answered" if answers is None else f"{answers} gives no new answer"
            console.print(f"Nothing was added to check {check_id}: {where}.", markup=False, highlight=False)
            if answers is not None:
                note_ignored(answers, ignored)
            return
        try:
            stored = saving.records.answer(check_id, new)
        except BackstrideError as exc:
            why = f"the answers could not be added to check {check_id}: {message(exc)}"
            if answers is None:  # typed here: never lost
                kept = keep_answers_safe(new, mode, saving, datetime.now(), continue_id=check_id)
                raise type(exc)(f"{why}\n{kept}") from None
            raise type(exc)(f"{answers}: {why}; nothing was saved") from None
        if answers is not None:
            note_ignored(answers, ignored)
    except BackstrideError as exc:
        raise _fail(message(exc)) from None
    from backstride.services.assessment import assess

    interview = _interview_of(stored.answers, mode)
    result = assess(stored.answers, mode=mode)
    go_on = None if stored.complete else go_on_words(check_id, saving.options("person"), answers)
    show_result(console, result, interview, mode, as_json, go_on=go_on)
    out = Console(stderr=True) if as_json else console
    for line in _said(saving, stored, result.disposition, answers, interview):
        out.print(Text(line, style="bold green" if line.startswith("Added") else ""))


def _said(
    saving: Saving, stored: AssessmentView, shown: str, answers: Path | None, interview: Any
) -> list[str]:
    """What ``--continue`` says once the answers are added: whether the check is finished now, where
    to see it, and (unfinished still) how to go on with it."""
    from backstride.cli.assess_save import unfinished_file_words

    options = saving.options("person")
    check_id = stored.id
    said = [f"Added to check {check_id}{'; it is finished now.' if stored.complete else '.'}"]
    said.append(
        f"See it in the web app (backstride serve): page /check/{check_id}/result, and in History. "
        f"The report for a clinician has it too: backstride report{options}"
    )
    if not stored.complete:
        if answers is not None:
            said += unfinished_file_words(answers, interview, check_id, options, saving.db)
        else:
            said.append(f"It is not finished yet. To go on with it: {continue_hint(check_id, options)}")
    return said + saving.differs_words(check_id, shown, stored.mode)


def list_unfinished(db: str | None, person: str | None, as_json: bool) -> None:
    """``assess --unfinished``: the checks kept unfinished, newest first, each with how many questions
    were answered and how many warning signs are not asked yet, and the command that goes on with one.
    A check made with other questions (answers this version cannot replay) is listed too, marked, with
    what can be done, and what its answers already say when they call for help now: never hidden."""
    from backstride.cli.assess_cmd import _fail
    from backstride.cli.people_cmd import message, named, records_for
    from backstride.core.dates import moment_words
    from backstride.services.interview import Interview, sent_answers, warning_now
    from backstride.services.records import questions_answered

    try:
        records, whose = records_for(db, person)
        checks = list(records.unfinished_checks(unreadable=True))
    except BackstrideError as exc:
        raise _fail(message(exc)) from None
    rows = []
    warnings: dict[int, dict[str, Any] | None] = {}
    for check in checks:
        other = check.next_question is None  # not complete, nothing to ask: answers it cannot replay
        row: dict[str, Any] = {
            "id": check.id,
            "mode": check.mode,
            "started_at": check.created_at.isoformat(),
            "questions_answered": questions_answered(check.answers),
            "can_be_carried_on": not other,
        }
        if other:
            warnings[check.id] = warning_now(sent_answers(check.answers))
            row["warning_signs_not_asked"] = None  # not known: its questions are not this version's
            row["made_with_other_questions"] = OTHER_QUESTIONS
            row["warning_now"] = warnings[check.id]
        else:
            row["warning_signs_not_asked"] = list(Interview(check.mode, check.answers).unscreened_red_flags)
        rows.append(row)
    if as_json:
        typer.echo(json.dumps({"unfinished_checks": rows}, indent=2, ensure_ascii=False))
        return
    words = [] if whose is None else ["--person", str(whose.id)]
    words += [] if db is None else ["--db", _shown_db(db)]
    options = "".join(f" {shlex.quote(word)}" for word in words)
    of = "" if whose is None else f" for {named(whose)}"
    if not rows:
        typer.echo(f"No checks are kept unfinished{of}. Start one with: backstride assess --save{options}")
        return
    typer.echo(f"Checks kept unfinished{of}, the newest first:")
    for check in checks:
        by = "" if check.mode == "person" else " (a clinician's check)"
        if check.id in warnings:
            typer.echo(
                f"  Check {check.id}{by}, started {moment_words(check.created_at)}: {OTHER_QUESTIONS} "
                f"See it in the web app (backstride serve) at /check/{check.id}/result, or start a new "
                f"check: backstride assess --save{options}"
            )
            warning = warnings[check.id]
            if warning is not None:
                typer.echo(f"    Its answers already say: {warning['says']}. {warning['message']}")
            continue
        count = len(Interview(check.mode, check.answers).unscreened_red_flags)
        left = (
            "every warning sign is answered"
            if not count
            else f"{count} warning sign{'s are' if count != 1 else ' is'} not asked yet"
        )
        answered = questions_answered(check.answers)
        typer.echo(
            f"  Check {check.id}{by}, started {moment_words(check.created_at)}: {answered} question"
            f"{'s' if answered != 1 else ''} answered; {left}."
        )
    if len(warnings) < len(checks):
        typer.echo(f"To go on with one: backstride assess --continue ID{options}, with ID its number above.")
    typer.echo("Not a diagnosis. Until every warning sign is answered, a check cannot say how urgent it is.")


# what a check made with other questions (by an older or a newer backstride) is, as its API answer says
OTHER_QUESTIONS = (
    "this check was made with other questions (by another version of backstride), so it cannot be "
    "carried on here."
)


def _shown_db(db: str) -> str:
    from backstride.cli.assess_save import _without_password

    return _without_password(db)


__all__ = ["continue_check", "continue_hint", "list_unfinished"]
