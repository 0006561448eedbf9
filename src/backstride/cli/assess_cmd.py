"""``backstride assess`` (interactive or from a file) and ``backstride explain CODE``.

Bad input (an unknown code, a wrong type, an out-of-range number, a bad option, malformed JSON, a
missing file) gives ``error: <what and what was expected>`` on stderr and exit status 2.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from contextlib import nullcontext
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text

from backstride.cli.options import DB_HELP, kept_only_if_stored, person_option, refuse_without_save
from backstride.core.errors import BackstrideError, ClinicianOnlyError, InputError, NotFoundError
from backstride.core.typed import TYPED_NUMBER, TYPED_WHOLE, typed_whole
from backstride.services.wording import ASK_THE_PERSON

BACK_WORDS = {"back", "b", "<"}
UNKNOWN_WORDS = {"?", "dont know", "don't know", "do not know", "not sure", "unknown", "idk", "skip"}
UNKNOWN_WORDS |= {"not tested", "not done"}  # an examination the clinician did not do
QUIT_WORDS = {"quit", "exit", "q", "stop"}
YES_WORDS = {"y", "yes", "true"}
NO_WORDS = {"n", "no", "false"}
NONE_WORDS = {"0", "none", "none of these", "no", "n", "nothing"}


def _dont_know(ask: bool, exam: bool = False) -> str:
    """How a hint says "don't know": in clinician mode, of a question the clinician asks the person,
    that they (the person) don't know, as the line under the question says ("? if they don't know");
    of an examination (``exam``), the clinician's own, that the test was not done."""
    return "? (not tested)" if exam else "? (they don't know)" if ask else "? (don't know)"


def _checklist_hint(ask: bool) -> str:
    fits = "they say yes to" if ask else "that apply"
    return f"please type the numbers {fits} (like 1,3), 0 for none of these, or {_dont_know(ask)}"


GAIT_SHAPE = "a gait result JSON object from `backstride gait analyze --json`"


class _Back(Exception):
    """The person typed "back"."""


class _Quit(Exception):
    """The person typed "quit"."""


class _EndOfInput(_Quit):
    """The input ended (Ctrl-D, or the end of what a script piped in)."""


class _NothingKept(Exception):
    """--save had nothing to keep (quit at the first question), said already: the command ends well,
    without the empty database it may have made."""


class _Interrupted(KeyboardInterrupt):
    """Ctrl-C during the questions, with the interview so far (``--save`` keeps its answers safe)."""

    def __init__(self, interview: Any) -> None:
        super().__init__()
        self.interview = interview


def _fail(message: str) -> typer.Exit:
    from backstride.cli.main import fail

    return fail(message)


# ---- file mode -----------------------------------------------------------------------------------
# a walk's findings, its gait factors (with what it measured), and why it was left out (None: it is not)
WalkInputs = tuple[dict[str, Any], list[str | dict[str, Any]], str | None]


def _gait_inputs(path: Path) -> WalkInputs:
    """The findings and gait factors of a gait result, and why the walk was left out (plain words; None
    when it is used). A walk too short or too uneven to judge, or not worn at the lower back
    (``walk_not_usable``), gives the check nothing, as the web's check leaves it out whole
    (``services.records.choose_walk``)."""
    from backstride.cli.inputs import read_json, type_name

    data = read_json(path, GAIT_SHAPE)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected {GAIT_SHAPE}, got {type_name(data)}")
    try:
        from backstride.services.gait_findings import gait_to_inputs
    except ImportError:
        raise InputError(
            "--gait: this version of backstride cannot yet turn a gait result into findings "
            "(backstride.services.gait_findings is missing); run without --gait"
        ) from None
    try:
        findings, factors = gait_to_inputs(data)
    except BackstrideError as exc:
        raise type(exc)(f"{path}: {exc}") from None
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}: not a gait result ({exc}); expected {GAIT_SHAPE}") from None
    from backstride.services.gait_findings import WALK_NOT_USABLE, walk_not_usable

    why = walk_not_usable(data)
    # a walk with no bouts is taken as before; one worn elsewhere (a wrist) is left out as the web leaves it
    # out: its walking time read 'walking only a short time before it hurts' into the terminal's check
    if why is not None and why != "no_walking":
        return {}, [], f"The walk in {path.name} is not part of this check: it {WALK_NOT_USABLE[why]}."
    from backstride.services.gait_findings import measured_gait_factors

    # each with what the walk measured: the plan's reason quotes it ("You walked at 0.65 m/s.")
    return dict(findings), measured_gait_factors(data, factors), None


def _assess_file(
    answers: Path | None, walk: WalkInputs | None, mode: str = "person"
) -> tuple[Any, dict[str, Any], str | None]:
    """The result of an answers file and/or a walk (``_gait_inputs`` of a gait result, or
    ``Saving.walk_inputs`` of a walk kept), the file's answers as read (``None`` for "don't know";
    empty without ``answers``), and why the walk was left out (None: it was not)."""
    from backstride.assessment import validate_findings
    from backstride.cli.inputs import read_answers_and_ignored
    from backstride.services.assessment import assess
    from backstride.services.gait_findings import answers_over_walk

    findings: dict[str, Any] = {}
    factors: list[str | dict[str, Any]] = []
    given: dict[str, Any] = {}
    left_out = None
    if walk is not None:
        findings, factors, left_out = walk
    if answers is not None:
        given, ignored = read_answers_and_ignored(answers)
        try:  # a null ("don't know") code must be a real one too
            validate_findings(given)
        except BackstrideError as exc:
            raise type(exc)(f"{answers}: {exc}{_weeks_hint(given)}") from None
        findings = answers_over_walk(given, findings)  # the person's own answers win over the walk's
        note_ignored(answers, ignored)  # once the answers are good: an error stays the first line
    return assess(findings, gait_factors=factors or None, mode=mode), given, left_out


def note_ignored(answers: Path, ignored: list[str]) -> None:
    """Say on stderr which keys of the answers file ``answers`` beside "findings" were not read."""
    if ignored:
        typer.echo(f'note: {answers}: only "findings" is read; ignored: {", ".join(ignored)}', err=True)


def _weeks_hint(given: dict[str, Any]) -> str:
    """For an answers file that gives a length in weeks as text ("3 months"): the number to write
    instead, worked out as the terminal reads it. The file stays a number in the finding's unit (the
    contract: a wrong type is an error, never read another way), but the message says what to write."""
    from backstride.core.typed import NotATimeUnit, typed_duration
    from backstride.core.units import in_weeks
    from backstride.knowledge import load_knowledge

    findings = load_knowledge().findings
    for code, value in given.items():
        if not isinstance(value, str) or code not in findings or findings[code].unit != "weeks":
            continue
        try:
            number, unit = typed_duration(value)
        except NotATimeUnit as exc:  # "3 days": said, as the terminal says it
            return f" (the file takes a number of weeks; {exc.word!r} is not weeks, months or years)"
        except ValueError:
            continue
        weeks, lo, hi = in_weeks(number, unit), findings[code].min, findings[code].max
        if lo is not None and weeks < lo:
            return " (the file takes a number of weeks; a length of time cannot be negative)"
        if not math.isfinite(weeks) or (hi is not None and weeks > hi):
            return f" (the file takes a number of weeks; that is more than the {hi:g} weeks we can take)"
        # written out whole (repr), never to 6 digits (":g"), which rounds 11.9999999 up to 12
        write = int(weeks) if weeks.is_integer() else weeks
        return f" (the file takes a number of weeks: write {code}: {write!r} for {value!r})"
    return ""


def _interview_of(given: dict[str, Any], mode: str) -> Any:
    """The interview of an answers file, for what its result must say besides the contract JSON: the
    warning signs it does not give (unasked: the result is not finished, as when the interview stops
    early), those it gives as ``null`` ("don't know"), and (when it gives every warning sign) the
    warning rules that answers it does not give could still fire; the engine treats all as unknown,
    they never change the result itself. ``given``: the file's answers as ``_assess_file`` read them
    (empty for a walk alone)."""
    from backstride.services.interview import Interview

    interview = Interview(mode=mode)
    asked = interview.answerable_codes
    # codes the interview never asks (e.g. from a walk) matter only to the engine; "don't know" last
    for code, value in given.items():
        if value is not None and code in asked:
            interview.answer(code, value)
    for code, value in given.items():
        if value is None and code in asked:
            interview.answer(code, None)
    return interview


# ---- interactive ---------------------------------------------------------------------------------
def _normalise(raw: str) -> str:
    return re.sub(r"\s+", " ", raw.strip().lower().replace("’", "'"))


def _parse_answer(question: Any, raw: str, ask: bool = False, exam: bool = False) -> dict[str, Any]:
    """Turn typed text into answers for the question's codes; raises ValueError with a hint. ``ask``: a
    clinician asks the person this question (``asks_the_person``): the hint says "they don't know"."""
    text = _normalise(raw)
    if text in BACK_WORDS:
        raise _Back
    if text in QUIT_WORDS:
        raise _Quit
    if text in UNKNOWN_WORDS:
        return {code: None for code in question.codes}
    code = question.codes[0]
    if question.kind == "bool":
        if text in YES_WORDS or text == "1":
            return {code: True}
        if text in NO_WORDS or text == "2":
            return {code: False}
        raise ValueError(f"please answer 1 (yes), 2 (no) or {_dont_know(ask, exam)}")
    if question.kind == "enum":
        options = question.options
        if text.isdecimal() and 1 <= int(text) <= len(options):
            return {code: options[int(text) - 1].value}
        match = _match_option(options, text)
        if match is not None:
            return {code: match}
        raise ValueError(
            f"please answer with a number from 1 to {len(options)}, a word, or {_dont_know(ask)}"
        )
    if question.kind == "number" and question.unit == "weeks":  # the pain's length: also months, years
        return {code: _typed_weeks(question, text, ask)}
    if question.kind == "number":
        from backstride.services.interview import read_number

        text = _without_unit(text, question.unit)
        if question.unit == "minutes" and not TYPED_NUMBER.fullmatch(text):
            return {code: _typed_minutes(question, text, ask)}
        try:  # as every interface reads a typed number: int() and float() also read '٧١' and '7_1' as 71
            # from its digits: 49.99999999999999999 years is under 50, though its float is 50.0
            return {code: typed_whole(text) if TYPED_WHOLE.fullmatch(text) else read_number(text, question)}
        except ValueError:
            raise ValueError(f"please type {_their_number(question, ask)}, or {_dont_know(ask)}") from None
    # checklist
    if text in NONE_WORDS:
        return {c: False for c in question.codes}
    picked: set[int] = set()
    parts = [p for p in re.split(r"[,\s]+(?:and\s+)?", text) if p and p != "and"]
    for part in parts:
        if part.isdecimal() and 1 <= int(part) <= len(question.options):
            picked.add(int(part) - 1)
            continue
        raise ValueError(_checklist_hint(ask))
    if not parts:  # Enter alone (or only commas) is no answer: it read as "none of these"
        raise ValueError(_checklist_hint(ask))
    return {o.value: (i in picked) for i, o in enumerate(question.options)}


def _typed_minutes(question: Any, text: str, ask: bool) -> float:
    """Minutes typed as the walking test takes them ("6:20", "6 min 20 s"; ``core.typed.typed_minutes``),
    kept to a hundredth of a minute as the diary and the check page keep them (``typed_minutes_kept``)."""
    from backstride.core.typed import typed_minutes_kept

    try:
        return typed_minutes_kept(text)
    except ValueError:
        raise ValueError(f"please type {_their_number(question, ask)}, or {_dont_know(ask)}") from None


def _typed_weeks(question: Any, text: str, ask: bool) -> float:
    """A length asked in weeks, typed in weeks, months or years ("10 weeks", "6 wk", "3 months", "2
    yrs"), kept in weeks as the web page keeps it (``core.units.in_weeks``: cut down to a tenth, so 2.76
    months is 11.9 weeks, never 12). ValueError naming the problem: another word ("3 days"), a length
    below 0 or past the question's largest."""
    from backstride.core.typed import NotATimeUnit, typed_duration
    from backstride.core.units import in_weeks

    try:
        value, unit = typed_duration(text)
    except NotATimeUnit as exc:
        raise ValueError(
            f"{exc.word!r} is not a unit we can read here: please give the number in weeks, months or "
            f"years (like 10 weeks or 3 months), or {_dont_know(ask)}"
        ) from None
    except ValueError:
        raise ValueError(f"please type {_their_number(question, ask)}, or {_dont_know(ask)}") from None
    weeks = in_weeks(value, unit)  # from the digits typed: their float may be just past a boundary
    too_low = question.min is not None and weeks < question.min
    if too_low or not math.isfinite(weeks) or (question.max is not None and weeks > question.max):
        from backstride.services.wording import length_refused

        # in the unit typed, as the page says it: "You typed -2 years ... from 0 to 100 years."
        said = length_refused(value, unit, question.min, question.max)
        raise ValueError(said[0].lower() + said[1:].rstrip("."))  # after "Sorry, "
    return int(weeks) if float(weeks).is_integer() else weeks


def _without_unit(text: str, unit: str | None) -> str:
    """The number of '15 years', '15 yrs old', '6 wks', '20 min' or '170cm' when the word is the
    question's unit (its letters in order, from the first: 'yrs' for years); else ``text`` as typed
    ('3 months' for weeks is still refused, with the unit the question wants)."""
    match = re.fullmatch(r"(.*\d)\s*([a-z]+)\.?(?:\s+old)?", text)
    if unit is None or match is None:
        return text
    word, letters = match.group(2), iter(unit.lower())
    return match.group(1) if word[0] == unit[0] and all(ch in letters for ch in word) else text


def _match_option(options: Any, text: str) -> Any:
    """The one option a typed word means (exact, then prefix, then part of a word), else None."""

    def words(option: Any) -> tuple[str, str]:
        return str(option.value).replace("_", " ").lower(), option.label.lower()

    tiers = (
        lambda v, label: text in (v, label),
        lambda v, label: v.startswith(text) or label.startswith(text),
        lambda v, label: text in v or text in label,
    )
    for test in tiers:
        found = [o.value for o in options if test(*words(o))]
        if len(found) == 1:
            return found[0]
        if found:
            return None
    return None


def _range_hint(question: Any) -> str:
    if question.min is None or question.max is None:
        return ""
    lo, hi = (int(v) if float(v).is_integer() else v for v in (question.min, question.max))
    unit = f" {question.unit}" if question.unit else ""
    return f" from {lo} to {hi}{unit}"


def _their_number(question: Any, ask: bool) -> str:
    """'a number from 0 to 120 years', or 'their answer, a number ...' when a clinician asks the person."""
    stopwatch = " (or minutes and seconds, like 6:20)" if question.unit == "minutes" else ""
    return f"{'their answer, ' if ask else ''}a number{_range_hint(question)}{stopwatch}"


def _show_question(
    console: Console, question: Any, number: int, ask: bool = False, exam: bool = False
) -> None:
    """A question as the web's question page shows it: in clinician mode one written to the person
    (not an examination's, ``ask``: ``asks_the_person``) reads "Ask the person:" first, and its hints
    say "them"."""
    from backstride.services.wording import ASK_THE_PERSON

    title = Text(f"\n{number}. ", style="bold")
    if ask:
        title.append(f"{ASK_THE_PERSON} ", style="bold cyan")
    title.append(question.text, style="bold")
    console.print(title)
    if question.kind == "checklist":
        for i, option in enumerate(question.options, start=1):
            console.print(f"   {i}. {option.label}")
        console.print("   0. None of these")
        # a clinician's check: the items are written to the person, read to them as the question is
        read = "Type the numbers that apply"
        if ask:
            read = "Read each one to them; type the numbers they say yes to"
        hint = f"{read} (like 1,3), 0 for none of these"
    elif question.kind in ("bool", "enum"):
        for i, option in enumerate(question.options, start=1):
            console.print(f"   {i}. {option.label}")
        hint = "Type a number or a word"
    else:
        hint = f"Type {_their_number(question, ask)}"
        if question.unit == "weeks":  # a length of time: typed in months or years too (_typed_weeks)
            hint += ", or months or years (like 3 months or 2 years; 0.5 weeks for a few days)"
    keys = ", ".join(getattr(question, "sources", ()) or ())
    console.print(Text(f"   Why we ask: {question.why}{f' [{keys}]' if keys else ''}", style="dim italic"))
    unknown = "not tested" if exam else "they don't know" if ask else "you don't know"
    console.print(Text(f"   {hint}; ? if {unknown}; back to go back.", style="dim"))


def _ask(console: Console, interview: Any, question: Any, number: int) -> None:
    from backstride.assessment import validate_findings
    from backstride.knowledge import load_knowledge
    from backstride.services.wording import asks_the_person

    ask = asks_the_person(load_knowledge(), interview.mode, question.codes)
    exam = interview.mode == "clinician" and not ask  # an examination: the clinician's own question
    _show_question(console, question, number, ask, exam)
    while True:
        try:
            raw = console.input("> ")
        except (EOFError, OSError):  # the input ended, or its terminal is gone (the window closed)
            raise _EndOfInput from None
        try:
            answers = _parse_answer(question, raw, ask, exam)
        except ValueError as exc:
            console.print(Text(f"   Sorry, {exc}.", style="yellow"))
            continue
        try:
            validate_findings({c: v for c, v in answers.items() if v is not None})
        except (ValueError, KeyError, BackstrideError):
            # only a number can be out of range here; say it in words, without the code
            console.print(
                Text(
                    f"   Sorry, please type {_their_number(question, ask)}, or {_dont_know(ask, exam)}.",
                    style="yellow",
                )
            )
            continue
        for code, value in answers.items():
            interview.answer(code, value)
        if question.unit == "minutes" and answers[question.codes[0]] is not None:
            from backstride.services.wording import minutes_words

            # said back as a stopwatch says it ("6:20" typed: 6 min 20 s), as the walking test does
            console.print(Text(f"   Noted: {minutes_words(answers[question.codes[0]])}."))
        return


def _emergency_alert(console: Console, interview: Any, *, asking: bool = True, kept: bool = False) -> None:
    """Said at once when an answer makes this an emergency, not only after the last question;
    ``asking``: questions are asked next in the terminal (what the next one may change is said);
    ``kept``: the answers kept of a check going on (``assess --continue``) show it, no answer was just
    given ("Your answers so far show a warning sign", not "That answer is ...")."""
    from rich.panel import Panel

    from backstride.services.interview import (
        EMERGENCY_ALERT,
        EMERGENCY_ALERT_KEPT,
        WARNING_SIGN_SOURCES,
        emergency_alert_next,
    )
    from backstride.services.wording import about_them_text

    # a clinician reads it: said about the person, as urgently ("They must go ... do not let them drive")
    say = about_them_text if interview.mode == "clinician" else str
    result = interview.result().to_dict()
    body = Text(say(EMERGENCY_ALERT_KEPT if kept else EMERGENCY_ALERT), style="bold")
    for flag in result.get("red_flags") or []:
        if flag.get("disposition") == "emergency":
            body.append(f"\n• {say(flag['message'])}")
    keys = list(
        dict.fromkeys([*WARNING_SIGN_SOURCES, *(k for f in result["red_flags"] for k in f["sources"])])
    )
    body.append(f"\nSources: {', '.join(keys)}", style="dim")
    if asking:
        question = interview.next_question()  # asked next: its answer may change this advice
        codes = question.codes if question else ()
        clinician = interview.mode == "clinician"  # the clinician asks them the questions still to come
        body.append(f"\n{say(emergency_alert_next(interview.answers, codes, clinician=clinician))}")
    console.print(Panel(body, title="EMERGENCY: GET HELP NOW", border_style="bold red", expand=True))


def warning_so_far(
    console: Console,
    interview: Any,
    *,
    asking: bool = True,
    said: str | None = None,
    kept: bool = True,
    took_back: bool = False,
) -> str | None:
    """Said when the warning in force changes, as a finished check would say it: before the first
    question left of a check kept unfinished (``assess --continue``), and in the running interview as
    soon as the answer that changes it is given, the last one too (``said``: the warning said already
    in this run). An emergency as the running interview says it (``_emergency_alert``), said again only
    when it comes back after an answer took it away; a doctor today as the web's question page says it
    (``services.interview.warning_now``: the plan's advice for that level, each rule's reason, the
    sources, "not a diagnosis"), said once while it holds, and never while an emergency holds
    (emergency wins). A warning that no longer holds (a later answer lowers it, a rule's chronic clause
    [A15]; or ``back``, ``took_back``, undid its answer) is never dropped in silence: a doctor today in
    force after an emergency is said with "Your last answer changes the advice above", and no warning
    left with what no longer holds (``services.interview.warning_lowered``). Returns the warning in
    force: "emergency", "urgent" or None. ``asking``: questions are asked next in the terminal;
    ``kept``: the answers kept show it (else the answer just given: the emergency's box says "That
    answer is a warning sign")."""
    from rich.panel import Panel

    from backstride.services.interview import (
        WARNING_CHANGED,
        WARNING_TAKEN_BACK,
        emergency_now,
        warning_now,
    )

    if emergency_now(interview.answers) is not None:
        if said != "emergency":
            _emergency_alert(console, interview, asking=asking, kept=kept)
        return "emergency"
    warning = warning_now(interview.answers)
    now = None if warning is None else str(warning["disposition"])
    if now == said:  # said already while it holds
        return now
    say = about_them_text_if(interview.mode)
    # "back" is said to whoever typed it (a clinician too); an answer is the person's ("Their last ...")
    changed = WARNING_TAKEN_BACK if took_back else say(WARNING_CHANGED)
    if warning is None:
        assert said is not None
        _warning_lowered(console, interview, said, changed, asking=asking)
        return None
    body = Text()
    if said is not None:  # lower than the emergency said before it
        body.append(f"{changed}\n", style="bold")
    body.append(say(f"Your answers so far mean: {warning['says']}."), style="bold")
    body.append(f"\n{say(warning['message'])}")
    for why in [*warning["red_flags"], *filter(None, [warning["cause"]])]:
        body.append(f"\n• {say(why['message'])}")
    keys = dict.fromkeys([*warning["sources"], *(k for f in warning["red_flags"] for k in f["sources"])])
    body.append(f"\nSources: {', '.join(keys)}", style="dim")
    body.append("\nThis is not a diagnosis.", style="dim")
    console.print(
        Panel(body, title="URGENT: SEE A DOCTOR TODAY", border_style="bold dark_orange", expand=True)
    )
    return "urgent"


def _warning_lowered(console: Console, interview: Any, said: str, changed: str, *, asking: bool) -> None:
    """``warning_so_far``'s box when the warning said (``said``) no longer holds and none is in force:
    ``changed`` (why: a later answer, or ``back``), what no longer holds, the warning rules that still
    fire lower with their own reasons, what to do if not sure, the sources and "not a diagnosis"."""
    from rich.panel import Panel

    from backstride.services.interview import WARNING_RESULT_SAYS, warning_lowered

    say = about_them_text_if(interview.mode)
    lowered = warning_lowered(interview.answers, said)
    body = Text(changed, style="bold")
    body.append(f"\n{say(lowered['no_longer'])}", style="bold")
    for flag in lowered["red_flags"]:
        body.append(f"\n• {say(flag['message'])}")
    body.append(f"\n{say(WARNING_RESULT_SAYS[asking])} {say(lowered['unsure'])}")
    body.append(f"\nSources: {', '.join(lowered['sources'])}", style="dim")
    body.append("\nThis is not a diagnosis.", style="dim")
    console.print(Panel(body, title="THE ADVICE HAS CHANGED", border_style="bold yellow", expand=True))


def about_them_text_if(mode: str) -> Any:
    """``services.wording.about_them_text`` in a clinician's check (said about the person), else as it is:
    the rendering's own choice (``render._words``), by mode."""
    from backstride.cli.render import _words

    return _words(mode == "clinician")


INTRO = {  # what the interview says first, to the person or to the clinician who asks them
    "person": "backstride asks some short questions about your back pain. Warning signs come first.\n"
    "It is not a diagnosis. If you are very unwell, call emergency services now.",
    "clinician": "backstride asks some short questions about the person's back pain: ask them each one "
    f"marked {ASK_THE_PERSON!r}; the examination questions are yours. Warning signs come first.\n"
    "It is not a diagnosis. If they are very unwell, call emergency services now.",
}


# without --save the terminal's check keeps no record: a person looked for it in History, 'changes' and
# the report. To the person, or to the clinician (who was told to put the checks "in the report for a
# clinician")
NOT_SAVED = {
    mode: "This check is not saved. To keep the next one, start it with: backstride assess --save "
    f"(or do it in the web app: backstride serve). Kept checks show what changed since the last one "
    f"and go in {report}.\n"
    for mode, report in (("person", "the report for a clinician"), ("clinician", "the person's report"))
}


# said at "back" on the first question asked when going on with a check kept unfinished
EARLIER_KEPT = (
    "This is the first question left. The answers given before are kept as they are; to change one, "
    "open the check in the web app (backstride serve)."
)


def _interactive(
    console: Console, mode: str, *, saving: bool = False, start: Any = None, intro: str | None = None
) -> tuple[Any, Any]:
    """Run the interview in the terminal; returns the result and the interview. ``saving``: --save
    keeps it once the result is worked out (else it says it is not saved). ``start``: an interview
    answered in part already (a check kept unfinished, ``assess --continue``): its questions left are
    asked, and ``back`` never goes before them (those answers are kept as they are); ``intro``: what
    is said first instead of ``INTRO``."""
    from backstride.services.interview import Interview

    console.print(Text(intro or INTRO[mode], style="bold"))
    interview = start if start is not None else Interview(mode=mode)
    before = interview.questions_asked  # answered before this run (kept as they are)
    quit_early = False
    # a check kept unfinished whose answers already mean a warning: said before its first question left
    warned = warning_so_far(console, interview) if before else None
    while True:
        question = interview.next_question()
        if question is None:
            break
        try:
            _ask(console, interview, question, interview.questions_asked + 1)
        except KeyboardInterrupt:
            raise _Interrupted(interview) from None
        except _Back:
            if before and interview.questions_asked <= before:
                console.print(Text(f"   {EARLIER_KEPT}", style="yellow"))
            elif interview.back() is None:
                console.print(Text("   This is the first question.", style="yellow"))
            else:  # the answer taken back may have set the warning said: the one in force is said
                # an emergency back in force: "Your answers so far show a warning sign" (no answer was given)
                warned = warning_so_far(console, interview, said=warned, took_back=True)
            continue
        except _Quit as stop:
            if isinstance(stop, _EndOfInput) and interview.questions_asked == before:
                # nothing typed at all (an empty pipe, /dev/null): no answers is not a result
                console.print()  # end the "> " prompt's line: the error starts a line of its own
                raise InputError(
                    "no answers: the input ended before the first question was answered; answer the "
                    "questions at a terminal, or give them with --answers FILE"
                ) from None
            quit_early = True
            break
        # the last answer too, as every other (before the result, which says it again)
        asking = interview.next_question() is not None
        warned = warning_so_far(console, interview, asking=asking, said=warned, kept=False)
    if quit_early and interview.screening_complete:
        console.print(Text("\nStopped early: this result uses only the answers so far.", style="yellow"))
    elif quit_early:
        console.print(Text("\nStopped early, before all the warning signs were asked.", style="yellow"))
    n = interview.questions_asked - before
    many = n != 1
    if mode == "clinician":  # the clinician typed; the person gave most answers: said of neither
        done = f"{n} question{'s were' if many else ' was'} answered"
    else:
        done = f"You answered {n} question{'s' if many else ''}"
    console.print(Text(f"\nThank you. {done}."))
    if not saving:
        console.print(Text(NOT_SAVED[mode], style="dim"))
    return interview.result(), interview


def assess_command(
    answers_typed: str | None = typer.Option(  # text: an empty name must not become "." (this folder)
        None,
        "--answers",
        metavar="FILE",  # as --continue's help names it ("taken from --answers FILE")
        help='JSON file: {"findings": {...}} or the findings object itself.',
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as one JSON document."),
    mode: str = typer.Option(
        "person",
        "--mode",
        metavar="person|clinician",
        help="person, or clinician to add examination questions.",
    ),
    gait_typed: str | None = typer.Option(
        None,
        "--gait",
        metavar="FILE",
        help="A gait result JSON (from `backstride gait analyze --json`) to add as findings; the questions "
        "are still asked unless --answers is given.",
    ),
    save: bool = typer.Option(
        False, "--save", help="Keep the check in the web app's database (History, changes, the report)."
    ),
    walk_id: int | None = typer.Option(
        None,
        "--walk",
        metavar="ID",
        help="With --save: a walk kept there (backstride gait list) for the check to use.",
    ),
    continue_id: int | None = typer.Option(
        None,
        "--continue",
        metavar="ID",
        help="Go on with a check kept unfinished (see them with --unfinished): the questions left are "
        "asked, or taken from --answers FILE, and added to it.",
    ),
    unfinished: bool = typer.Option(
        False, "--unfinished", help="List the checks kept unfinished, to go on with one (--continue ID)."
    ),
    person: str | None = person_option(),
    db: str | None = typer.Option(None, "--db", help=f"With --save. {DB_HELP}"),
) -> None:
    """Check the warning signs, rank the likely causes and make a relief plan. Not a diagnosis."""
    stored = continue_id is not None or unfinished  # a check kept already, in the database
    try:
        if mode not in ("person", "clinician"):
            raise InputError(f"--mode: expected person or clinician, got {mode!r}")
        if stored:
            _refuse_continue_options(continue_id, unfinished, gait_typed, walk_id, answers_typed)
        else:
            _refuse_save_options(save, person, db, gait_typed, walk_id)
    except BackstrideError as exc:
        raise _fail(str(exc)) from None
    if unfinished:
        from backstride.cli.assess_continue import list_unfinished

        return list_unfinished(db, person, as_json)
    if continue_id is not None:
        from backstride.cli.assess_continue import continue_check

        with kept_only_if_stored(db):  # a --db that was not there is not left made
            return continue_check(continue_id, answers_typed, as_json, mode, (db, person))
    from backstride.cli.assess_save import output_nowhere_on_hang_up

    typed = save and answers_typed is None and gait_typed is None  # a check typed here, to keep
    try:
        with (
            kept_only_if_stored(db) if save else nullcontext(),  # a failed --save leaves no new database
            output_nowhere_on_hang_up() if typed else nullcontext(),  # the window closed: kept as typed
        ):
            _assess_and_show(
                answers_typed, as_json, mode, gait_typed, (db, person) if save else None, walk_id
            )
    except _NothingKept:  # nothing answered: a database made for it is removed again; not an error
        pass


def _refuse_continue_options(
    continue_id: int | None, unfinished: bool, gait: str | None, walk_id: int | None, answers: str | None
) -> None:
    """``--continue`` adds answers to a check kept already (typed, or of ``--answers``) and
    ``--unfinished`` lists those checks: neither takes a walk (a check kept unfinished uses the walk
    done last until it is finished, as in the web app), and they are not given together."""
    if continue_id is not None and unfinished:
        raise InputError("--continue and --unfinished do two things: give one of them")
    if unfinished and answers is not None:
        raise InputError("--unfinished lists the checks kept unfinished and reads no --answers: leave it out")
    for option, given in (("--gait", gait), ("--walk", walk_id)):
        if given is not None:
            what = "--continue" if continue_id is not None else "--unfinished"
            raise InputError(
                f"{what} cannot take {option}: a check kept unfinished uses the walk done last (see them "
                "with: backstride gait list); leave it out"
            )


def _refuse_save_options(
    save: bool, person: str | None, db: str | None, gait: str | None, walk_id: int | None = None
) -> None:
    """``--person`` and ``--db`` say where ``--save`` keeps the check: alone they would keep nothing,
    though they read as if they did. A walk (``--gait``) is not kept with a check: the web app's check
    uses the walks kept there, so the saved check would say something else than the one shown; a
    walk kept there (``--walk``) is what a saved check uses."""
    refuse_without_save(save, person, db, "the check")
    if walk_id is not None and not save:
        raise InputError(
            f"--walk {walk_id} names a walk kept in the database, for a check to --save: add --save, or "
            "give a gait result file with --gait instead"
        )
    if walk_id is not None and gait is not None:
        raise InputError("--walk and --gait each give the check a walk: give one of them")
    if save and gait is not None:
        raise InputError(
            "--save cannot keep the walk of --gait (a result file) with the check; nothing was saved. Keep "
            "the walk first: backstride gait analyze RECORDING --save (the recording, not the result "
            "file), then save the check with --walk and the walk's number (backstride gait list)"
        )


def _assess_and_show(
    answers_typed: str | None,
    as_json: bool,
    mode: str,
    gait_typed: str | None,
    save_in: tuple[str | None, str | None] | None,
    walk_id: int | None = None,
) -> None:
    """``assess_command`` once its options are checked; ``save_in``: ``(--db, --person)`` with --save;
    ``walk_id``: ``--walk``, a walk kept there for the saved check to use."""
    from backstride.cli.assess_save import Saving

    console = Console()
    saving = None
    saved: tuple[list[str], str | None] | None = None
    try:
        if save_in is not None:  # before the first question: a wrong --person is said at once
            saving = Saving.open(*save_in, answers_typed, mode, walk_id)
        from backstride.cli.inputs import FINDINGS_SHAPE, typed_path

        answers = typed_path(answers_typed, "--answers", FINDINGS_SHAPE)
        gait = typed_path(gait_typed, "--gait", GAIT_SHAPE)
        walk_left_out = None
        # the walk's findings: of a result file, or of the walk kept (read before the first question)
        walk = _gait_inputs(gait) if gait is not None else None if saving is None else saving.walk_inputs()
        if answers is not None:
            result, given, walk_left_out = _assess_file(answers, walk, mode)
            if saving is None:  # with --save, refused naming --mode clinician (_keep_file)
                _say_examinations_used(answers, given, mode)
            interview = _interview_of(given, mode)
            if saving is not None:
                saved = (_keep_file(saving, answers, given, mode, result, interview), None)
        else:
            # a walk without an answers file: read it before the first question (a bad file is said at
            # once), ask the questions, then add the walk under what the person said, as the web's check
            talk = Console(stderr=True) if as_json else console
            try:
                result, interview = _interactive(talk, mode, saving=saving is not None)
            except _Interrupted as stop:
                if saving is None or not stop.interview.answers:
                    raise
                raise _interrupted_answers_kept(saving, stop.interview, mode) from None
            if walk is not None:
                from backstride.services.assessment import assess
                from backstride.services.gait_findings import answers_over_walk

                findings, factors, walk_left_out = walk
                findings = answers_over_walk(interview.answers, findings)
                result = assess(findings, gait_factors=factors or None, mode=mode)
            saved = None if saving is None else _keep_typed(saving, interview, mode, result)
    except BackstrideError as exc:
        from backstride.cli.people_cmd import message

        raise _fail(message(exc)) from None
    show_result(console, result, interview, mode, as_json, walk_left_out, go_on=_go_on(saving, answers_typed))
    _say_saved(saved, as_json)


def _go_on(saving: Any, answers_typed: str | None) -> str | None:
    """The one right way to answer the rest of a check stopped before every warning sign was asked: go
    on with the check kept (``--continue ID``), else add the answers to the file; None: start again."""
    if saving is not None and saving.unfinished:
        return go_on_words(saving.unfinished[0], saving.options("person"), answers_typed)
    if answers_typed is not None:
        return f"To answer every question, add the missing answers to {answers_typed} and run it again."
    return None


def go_on_words(check_id: int, options: str, answers: str | Path | None = None) -> str:
    """How to answer the questions left of check ``check_id``, kept unfinished (``options``: ``--person``
    and ``--db`` as typed): ``assess --continue ID``, with the answers file when they came from one."""
    from backstride.cli.assess_continue import continue_hint

    if answers is None:
        return f"To answer the questions left: {continue_hint(check_id, options)}"
    file = shlex.quote(str(answers))
    return (
        f"To answer the questions left, add their answers to {answers}, then: backstride assess --answers "
        f"{file} --continue {check_id}{options}"
    )


def show_result(
    console: Console,
    result: Any,
    interview: Any,
    mode: str,
    as_json: bool,
    walk_left_out: str | None = None,
    *,
    go_on: str | None = None,
) -> None:
    """The result of a check as ``assess`` shows it (the contract's JSON with ``--json``), with what its
    ``interview`` leaves open (warning signs not asked, answered "don't know", rules that could still
    fire); ``walk_left_out``: why a walk was left out (None: it was not); ``go_on``: how to answer the
    rest, said in the "Not finished" box (``render.not_finished``)."""
    from backstride.knowledge import load_knowledge

    unscreened = interview.unscreened_warning_signs()
    uncertain_signs = interview.uncertain_warning_signs()  # warning signs answered "don't know"
    # warning rules that questions not asked could still fire
    unasked_rules = () if unscreened else interview.unasked_warning_rules()
    from backstride.cli.render import not_finished, render_result, unasked, uncertain

    about_them = mode == "clinician"  # the clinician reads the result: said about the person
    if walk_left_out is not None:  # said first, as a note beside the JSON (stderr) or above the result
        (Console(stderr=True) if as_json else console).print(Text(walk_left_out, style="yellow"))
    if as_json:
        # the contract's JSON, with the API result's two extension keys (the contract allows extra
        # keys): a result before every warning sign was asked is no all-clear, also for a script.
        # The warnings go to the person on stderr too.
        document = {
            **result.to_dict(),
            "screening_complete": interview.screening_complete,
            "unscreened_warning_signs": list(interview.unscreened_red_flags),
        }
        if unscreened:
            raised = document["disposition"] in ("emergency", "urgent")
            Console(stderr=True).print(
                not_finished(unscreened, raised=raised, about_them=about_them, go_on=go_on)
            )
        if uncertain_signs:
            Console(stderr=True).print(uncertain(uncertain_signs, about_them=about_them))
        if unasked_rules:
            Console(stderr=True).print(unasked(unasked_rules, about_them=about_them))
        typer.echo(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        render_result(
            console,
            result,
            load_knowledge(),
            unscreened=unscreened,
            uncertain_signs=uncertain_signs,
            unasked_rules=unasked_rules,
            asked=mode == "person",  # the person's own check: in the words they were asked
            about_them=about_them,
            answers=interview.answers,  # only these are quoted as said
            go_on=go_on,
        )


def _keep_file(
    saving: Any, path: Path | None, given: dict[str, Any], mode: str, result: Any, interview: Any = None
) -> list[str]:
    """Keep the check of an answers file, its answers checked as the web app checks them (an
    examination in a person's check is refused); any problem stores nothing and is said naming the
    file (exit 2). The file itself is the answers' copy, so nothing is lost."""
    try:
        said: list[str] = saving.keep(mode, given, result.disposition, answers_file=path, interview=interview)
    except ClinicianOnlyError as exc:  # named as this command starts a clinician's check
        raise InputError(
            f"{path}: the check could not be saved: {exc.phrased(CLI_WORDS)}: backstride assess --answers "
            f"{shlex.quote(str(path))} --save{saving.options('clinician')}"
        ) from None
    except BackstrideError as exc:
        if path is not None and isinstance(exc, NotFoundError) and saving.gone():
            raise NotFoundError(
                f"{path}: the check could not be saved: {_gone(saving)}. Nothing was saved, and your "
                f"answers are still in {path}. {saving.elsewhere(path, mode)}"
            ) from None
        raise type(exc)(f"{path}: the check could not be saved: {exc}") from None
    return said


def _say_examinations_used(path: Path, given: dict[str, Any], mode: str) -> None:
    """A person's check of an answers file with examination answers (``who: clinician``), not saved:
    they are used, as the contract's ``assess --answers case.json --json`` reads every finding (a
    vignette gives examinations), but said on stderr, naming ``--mode clinician`` as ``--save`` does,
    so the two do not seem to disagree: a person's saved check never takes them."""
    from backstride.knowledge import load_knowledge

    findings = load_knowledge().findings
    exams = [
        c for c, v in given.items() if v is not None and c in findings and findings[c].who == "clinician"
    ]
    if mode != "person" or not exams:
        return
    these = f"{exams[0]} is an examination" if len(exams) == 1 else f"{', '.join(exams)} are examinations"
    typer.echo(
        f"note: {path}: {these} a clinician does. This result uses {'it' if len(exams) == 1 else 'them'}, "
        "but a person's check never asks about examinations. To save this check, start it with "
        f"--mode clinician: backstride assess --answers {shlex.quote(str(path))} --save --mode clinician",
        err=True,
    )


# how the command line starts a clinician's check, for a refusal kept as a template (OptionTemplate)
CLI_WORDS = {"clinician_mode": "--mode clinician"}


def _gone(saving: Any) -> str:
    """The person a check was to be saved for, deleted meanwhile, in plain words."""
    from backstride.cli.people_cmd import named

    return f"{named(saving.whose)} is no longer in this database: they were deleted after the check began"


NOTHING_KEPT = "Nothing was saved: no question was answered."


def _keep_typed(saving: Any, interview: Any, mode: str, result: Any) -> tuple[list[str], str | None]:
    """Keep the check answered here: what to say after the result, and the error (None: kept). If it
    cannot be kept, its answers go to a new answers file (or are printed) and the error says where;
    the result is still shown first, then the command ends with exit status 2."""
    from datetime import datetime

    from backstride.cli.assess_save import keep_answers_safe
    from backstride.cli.people_cmd import message

    answers = interview.answers
    if not answers:  # quit at the first question: nothing to keep
        return [NOTHING_KEPT], None
    try:
        return saving.keep(mode, answers, result.disposition), None
    except BackstrideError as exc:
        kept = keep_answers_safe(answers, mode, saving, datetime.now())
        why = _gone(saving) if isinstance(exc, NotFoundError) and saving.gone() else message(exc)
        return [], f"the check could not be saved: {why}\n{kept}"
    except KeyboardInterrupt:  # while it waited for a busy database: stored nothing (rolled back)
        raise _interrupted_answers_kept(saving, interview, mode) from None


def _interrupted_answers_kept(saving: Any, interview: Any, mode: str) -> typer.Exit:
    """Ctrl-C during a check to --save: it is not kept (stopping was asked for, not a result), but the
    answers typed go to an answers file (or are printed), with the command that saves them later."""
    from datetime import datetime

    from backstride.cli.assess_save import keep_answers_safe

    kept = keep_answers_safe(interview.answers, mode, saving, datetime.now())
    typer.echo(f"\nStopped (Ctrl-C): the check was not saved. {kept}", err=True)
    return typer.Exit(code=130)


def _say_saved(saved: tuple[list[str], str | None] | None, as_json: bool) -> None:
    """After the result: where the check was kept; or why it was not and where its answers are
    (stderr, exit status 2)."""
    if saved is None:
        return
    lines, error = saved
    out = Console(stderr=True) if as_json else Console()
    for line in lines:
        out.print(Text(line, style="bold green" if line.startswith("Saved as") else ""))
    if error is not None:
        raise _fail(error)
    if lines == [NOTHING_KEPT]:
        raise _NothingKept


# ---- explain -------------------------------------------------------------------------------------
def expr_text(expr: Any) -> str:
    """The closed condition language in words: ``fever and (iv_drug_use or immunosuppressed)``."""
    if expr is None:
        return ""
    if getattr(expr, "all_", None) is not None:
        return " and ".join(_grouped(e) for e in expr.all_)
    if getattr(expr, "any_", None) is not None:
        return " or ".join(_grouped(e) for e in expr.any_)
    if getattr(expr, "not_", None) is not None:
        return f"not {_grouped(expr.not_)}"
    if expr.present is not None:
        return str(expr.present)
    if expr.absent is not None:
        return f"no {expr.absent}"
    if expr.unknown is not None:
        return f"{expr.unknown} unknown"
    if expr.eq is not None:
        return f"{expr.eq[0]} = {expr.eq[1]}"
    if expr.in_ is not None:
        return f"{expr.in_[0]} in ({', '.join(map(str, expr.in_[1]))})"
    if expr.gte is not None:
        return f"{expr.gte[0]} >= {expr.gte[1]:g}"
    if expr.lte is not None:
        return f"{expr.lte[0]} <= {expr.lte[1]:g}"
    return str(expr)


def _grouped(expr: Any) -> str:
    text = expr_text(expr)
    return f"({text})" if " and " in text or " or " in text else text


def _lr_match(lr: Any) -> str:
    if lr.value is not None:
        return f"{lr.finding} = {str(lr.value).lower() if isinstance(lr.value, bool) else lr.value}"
    if lr.values:
        return f"{lr.finding} in ({', '.join(lr.values)})"
    parts = []
    if lr.gte is not None:
        parts.append(f">= {lr.gte:g}")
    if lr.lte is not None:
        parts.append(f"<= {lr.lte:g}")
    if lr.lt is not None:
        parts.append(f"< {lr.lt:g}")
    return f"{lr.finding} {' and '.join(parts)}"


def _plain(value: Any) -> str:
    """One value in words: yes/no, an expression in the condition language, a list joined by commas."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "codes") and hasattr(value, "present"):  # an expression
        return expr_text(value)
    if isinstance(value, tuple | list):
        return ", ".join(map(str, value))
    return str(value)


def _field_lines(item: Any, depth: int = 0) -> list[tuple[int, str, str]]:
    """(depth, key, words) for each field set; a nested block (a rule's ``chronic``, a condition's
    ``long_standing``, ``holds_back``) gets a line of its own and its fields one level deeper."""
    lines: list[tuple[int, str, str]] = []
    for key in type(item).model_fields:
        value = getattr(item, key)
        if value in (None, (), [], {}, ""):
            continue
        if depth == 0 and key in ("code", "key", "sources", "likelihood_ratios"):
            continue
        if hasattr(value, "model_dump") and not hasattr(value, "present"):
            lines.append((depth, key, ""))
            lines.extend(_field_lines(value, depth + 1))
        else:
            lines.append((depth, key, _plain(value)))
    return lines


_CITED = re.compile(r"\[([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)\]")


def _cited_keys(item: Any) -> list[str]:
    """Every source key the entry cites, in order: its ``sources``, every other ``*sources`` field at
    any depth (``prior_sources``, a ``long_standing`` or ``holds_back`` block's), and keys in brackets
    in its text (``[A1][A22]``, ``[B5, B25]``)."""
    keys: list[str] = []

    def add(found: Any) -> None:
        keys.extend(str(k) for k in found if str(k) not in keys)

    def walk(node: Any) -> None:
        if hasattr(node, "model_dump") and not hasattr(node, "present"):
            add(getattr(node, "sources", ()) or ())
            for key in type(node).model_fields:
                value = getattr(node, key)
                if key.endswith("sources") and isinstance(value, tuple | list):
                    add(value)
                else:
                    walk(value)
        elif isinstance(node, str):
            add(k.strip() for group in _CITED.findall(node) for k in group.split(","))
        elif isinstance(node, tuple | list):
            for sub in node:
                walk(sub)

    walk(item)
    return keys


def explain_command(
    code: str = typer.Argument(
        ...,
        metavar="CODE",
        help="A condition, red-flag rule, advice item, finding, level, gait factor or source code, like "
        "lumbar_spinal_stenosis, slow_speed or B1.",
    ),
) -> None:
    """Show a condition, red-flag rule, advice item, finding, level, gait factor or source, with its sources."""  # noqa: E501 - one line in --help
    from backstride.knowledge import load_knowledge
    from backstride.knowledge.article import says_the_article, the_article_words

    kb = load_knowledge()
    try:
        item = kb.lookup(code)
    except BackstrideError as exc:
        raise _fail(str(exc)) from None
    console = Console()
    kind = type(item).__name__.removesuffix("Def")
    console.print(Text(f"{code}  ({kind})", style="bold"))
    named = False  # what "the article" is: said once, under the first field that says it
    for depth, key, value in _field_lines(item):
        label = f"{'  ' * (depth + 1)}{key}:" + (" " if value else "")
        console.print(Text(label, style="bold").append(value, style=""))
        if not named and says_the_article(value):
            console.print(Text(f"{'  ' * (depth + 2)}{the_article_words(kb, 'text')}", style="dim"))
            named = True
    keys = _cited_keys(item)
    if code in kb.findings:
        from backstride.knowledge.questions import load_questions

        question = load_questions().code_to_question().get(code)
        if question is not None:
            item_label = f" {question.labels[code]}." if question.kind == "checklist" else ""
            console.print(
                Text("  asked as: ", style="bold").append(f"{question.text}{item_label} ({question.id})")
            )
            console.print(Text("  why we ask: ", style="bold").append(question.why))
            keys.extend(k for k in question.sources if k not in keys)
    ratios = getattr(item, "likelihood_ratios", ()) or ()
    if ratios:
        console.print(
            Text("Likelihood ratios (x = how much the answer multiplies the odds)", style="bold underline")
        )
        for lr in ratios:
            judged = "  (a judgement, not a published figure)" if lr.judgement else ""
            console.print(
                f"  x{lr.lr:<5g} {_lr_match(lr)}  [{', '.join(lr.sources)}]{judged}\n         {lr.note}",
                markup=False,
            )
            keys.extend(k for k in lr.sources if k not in keys)
    if keys:
        console.print(Text("Sources", style="bold underline"))
        for key in keys:
            source = kb.sources.get(key)
            citation = getattr(source, "citation", "(not in the knowledge base)")
            console.print(f"  [{key}] {citation}", markup=False)
    console.print(Text("Not a diagnosis: this explains how backstride reasons.", style="dim"))


def register(app: typer.Typer) -> None:
    """Add ``assess`` and ``explain`` to the top-level app."""
    app.command("assess")(assess_command)
    app.command("explain")(explain_command)
