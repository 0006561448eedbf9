"""The report for a clinician: one printable HTML page a person can take or send to a clinician.

It puts side by side what the person's clinician needs from backstride: the latest check (how soon to
be seen and why, the warning signs, the likely causes with the likelihood ratio of every answer, what
was still to rule out, the tests an examination could add, the answers themselves, the advice given
with its evidence grade), the diary over the last weeks (pain and walking tolerance, with the change
that matters [E5], and, when the person ticked any, the relief steps they tried and on how many days,
with "What seems to help" in the diary page's own words and its caveat), and the walks measured
with a sensor (speed, cadence, stride, walking tolerance, the gait factors with their evidence
grade). It ends with every source it cites.

The page is one self-contained file (its styles are inside it, no scripts, no links it needs), so it
can be saved, printed, or attached to an email and opened anywhere. ``GET /report`` shows it;
``backstride report`` writes the same bytes to a file. Nothing is worked out here: the numbers and
the because-trail are the stored results', put into words by ``backstride.web.views``.

``report_view`` is what the report says, with the list of sources it cites: the page
(``render_report``) and the PDF (``backstride.web.report_pdf``) are both drawn from it, so the two
cannot say different things.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from backstride import __version__
from backstride.core.dates import day_words
from backstride.core.errors import InputError
from backstride.diary.entries import DiaryEntryValues
from backstride.diary.steps import CANNOT_SHOW, MIN_DAYS, diary_steps, what_seems_to_help
from backstride.gait.factors import (
    NOT_AT_LOWER_BACK,
    PLACE_BOUND_QUALITY,
    lean_shown,
    stored_not_at_lower_back,
)
from backstride.services import tolerance_words
from backstride.services.check_changes import (
    VOICES,
    AnsweredNow,
    ChangesSinceLastCheck,
    CheckChanges,
    latest_finished_check,
    shown_changes,
    since_when,
    used_walk,
)
from backstride.services.everyday_summary import (
    PERIOD_DAYS,
    REPORTED,
    EverydaySummary,
    speed_and_norms_shown,
)
from backstride.services.gait_findings import NOT_JUDGED_BRIEFLY, walk_not_judged_briefly
from backstride.services.people import FIRST_PERSON_LABEL
from backstride.services.records import (
    NOT_A_DIAGNOSIS,
    EarlierCheck,
    Records,
    questions_answered,
    starter_words,
    stored_level_words,
)
from backstride.services.wording import about_them_in, about_them_text, duration_words
from backstride.web import views
from backstride.web.everyday_words import BY_KEY, DAILY_WALKING_VS_TEST, in_report
from backstride.web.templating import keep_together, knowledge_base, template_env
from backstride.web.whose import only_person

DEFAULT_WEEKS = 12
# who gave what the report shows: a check keeps whether a clinician did it and who started it (migration
# 0016); a walk who sent it (migration 0015; a clinician sends them for the person in a clinic), else
# that it was not recorded
WHO_GAVE_IT = (
    "The person answered the questions themselves, unless the check says a clinician did. "
    "The check says who started it: the staff member signed in, by name, else that none was named; "
    "for a check started before backstride kept that, it says it was not recorded. "
    "Each walk says who sent it: the staff member signed in, by name, else that none was named (the "
    "person, or someone with the clinic's shared password); for a walk sent before backstride kept "
    "that, it says it was not recorded."
)
# what the report says first, after "This is not a diagnosis." (page and PDF): short, with no word
# on who does what ("backstride helps them and their clinician think" began a report for a person at home)
REPORT_NOT_A_DIAGNOSIS = "It never replaces an examination."
NOTES_SHOWN = 20  # the newest diary notes in the report; all of them are in the exports
WALKS_SHOWN = 20  # the newest walks in the report's table; all of them are in the exports
# source keys as a page shows them: "Sources: A15, A22." or "[A9, A29, C8]" in a sentence
_KEYS = r"[A-F]\d{1,2}(?:\s*,\s*[A-F]\d{1,2})*"
_CITED = re.compile(rf"Sources?:\s*({_KEYS})|\[({_KEYS})\]")


def help_now(kb: Any) -> dict[str, Any]:
    """When to get help at once, the box at the top of the report (page and PDF): the signs of
    knowledge/data/help_now.yaml in their long words, said about the person (as every page's strip and
    the terminal say the same list), and their sources."""
    signs = kb.help_now
    return {
        "heading": f"{signs.heading}:",
        "text": about_them_text(" ".join(signs.sentences(cite=False))),
        "sources": list(signs.sources),
    }


def changes_context(
    changes: CheckChanges | None, *, voice: str = "you", today: date | None = None
) -> dict[str, Any] | None:
    """ "Since your check on 12 Nov" ("earlier today, at 09:15", "yesterday": ``since_when``; ``today``
    the reader's day, None for a report read on another day): what changed since the same person's
    last finished check (``services.check_changes``), for ``_changes.html``; None when there is no
    earlier finished check (the page and the report then show nothing of it). An earlier check this
    version cannot read is said, as the API and the command line say it."""
    if changes is None or (changes.earlier is None and not changes.earlier_unreadable):
        return None
    earlier = changes.earlier
    if earlier is None:  # one this version cannot read: its headline says so (and when), no changes
        heading = "What changed since your last check" if voice == "you" else "Since the check before"
    elif voice == "you":
        heading = f"Since your check {since_when(earlier.checked_at, changes.later.checked_at, today)}"
    else:
        when = since_when(earlier.checked_at, changes.later.checked_at, today)
        heading = f"Since the check before, {when} (check {earlier.assessment_id})"
    up_or_down = next((c for c in changes.changes if c.kind == "disposition"), None)
    return {
        "heading": heading,
        "first": changes.first,
        "new_signs": [
            {
                "text": c.text,
                "because": list(c.because),
                "sources": list(c.sources),
                "level": "emergency" if c.details.get("disposition") == "emergency" else "urgent",
            }
            for c in changes.new_warning_signs
        ],
        "headline": changes.headline,
        "headline_because": [] if up_or_down is None else list(up_or_down.because),
        "headline_sources": [] if up_or_down is None else list(up_or_down.sources),
        "mode_note": changes.mode_note,
        # "don't know" answers now given: one short line each for warning-sign questions and the
        # rest, with every answer named in a details element (check_changes.shown_changes)
        "others": [
            {"kind": "answered_now", "text": c.text, "answers": list(c.items), "because": [], "sources": []}
            if isinstance(c, AnsweredNow)
            else c.to_dict()
            for c in shown_changes(changes)
        ],
        "nothing_changed": changes.nothing_changed,
        "notice": changes.notice,
        "earlier_id": None if earlier is None else earlier.assessment_id,
    }


def _changes(
    records: Records,
    view: Any,
    result: Any,
    voice: str,
    *,
    read_now: bool,
    before: tuple[list[int], dict[int, Any]] | None = None,
) -> dict[str, Any] | None:
    """What changed since the last finished check, for a finished check; None otherwise. ``read_now``:
    the result page, read now ("earlier today"); the report may be read on another day. ``before``:
    the checks before it, read with it (``Records.result_check_and_owner``)."""
    if not view.finished:
        return None  # only finished checks are compared
    use_case = ChangesSinceLastCheck(voice=voice).compare(
        records, view.id, view=view, result=result, before=before
    )
    return changes_context(use_case.changes_, voice=voice, today=records.today() if read_now else None)


def check_context(
    records: Records, kb: Any, assessment_id: int, *, voice: str = "you", owner: bool = False
) -> dict[str, Any]:
    """What the result page and the report show of one check, with ``heading`` (the page's title).

    A result shown before every warning sign was asked never reads as an all-clear (the "not finished"
    notice replaces the banner unless a warning sign already fired), and warning signs answered
    "don't know" are never passed over (the banner says so). ``changes``: what changed since the same
    person's last finished check, worded for ``voice`` ("you": the result page; "person": the report).
    A clinician's check speaks about the person on the result page too (``about_them``: the clinician
    reads it, and "Take this summary with you" would be said to them); a person's own check keeps "you".
    ``owner``: with ``owner`` too, whose check it is as the result's transaction read it
    (``Records.result_check_and_owner``: several people?, the owner's label when there are).
    """
    from backstride.services.interview import Interview

    # the result first: one that cannot be worked out again says what it said with a walk deleted since
    before = None  # the checks before it, when read with it
    if owner:  # in one transaction, with whose it is and the checks before it
        result, view, whose, before = records.result_check_and_owner(assessment_id)
    else:
        (result, view), whose = records.result_and_check(assessment_id), None  # in one transaction
    read_now = voice == "you"  # the result page
    if view.mode == "clinician":
        voice = "person"  # said about the person, as the report says it
    said = VOICES[voice]["said"]  # "you said" on the result page, "they said" in the report
    context = views.result_context(
        kb,
        result.result,
        view.answers,
        gait_codes=result.gait_factor_codes,
        said=said,
        # the walk the result used: it fills in the answers not given, and is quoted for them
        walk=used_walk(records, result).said,
        # the person's own check on their own page: in the words they were asked
        asked=voice == "you" and view.mode != "clinician",
    )
    banner = context["banner"]
    not_finished = None
    if not result.screening_complete:
        not_finished = views.not_finished_context(
            Interview(view.mode, view.answers).unscreened_warning_signs(),
            raised=banner["code"] in ("emergency", "urgent"),
            new_question=view.new_question,  # finished, and asked since: said so, never hidden
        )
    uncertain = views.uncertain_context(result.uncertain_signs, banner["code"])
    unasked = views.uncertain_context(result.unasked_rules, banner["code"], unasked=True)
    banner = context["banner"] = views.qualify_banner(banner, uncertain, unasked)
    heading = banner["heading"] if not_finished is None or not_finished["raised"] else not_finished["heading"]
    if voice != "you":  # the report: the knowledge's words to the person said about them
        said_about = about_them_in(
            {
                "banner": banner,
                "not_finished": not_finished,
                "uncertain": uncertain,
                "unasked": unasked,
                "examination": views.examination_context(result.result),
                **{key: context[key] for key in _SAID_TO_THE_PERSON},
            },
            labels=LEVEL_LABELS,  # "How soon: Look after it at home": a label, short; the heading says it
        )
        context.update(said_about)
        banner, not_finished, uncertain, unasked = (
            said_about[key] for key in ("banner", "not_finished", "uncertain", "unasked")
        )
        heading = about_them_text(heading)
        banner["partial_heading"] = "From their answers so far only"  # _partial_banner.html's, about them
    return {
        "heading": heading,
        "not_finished": not_finished,
        "uncertain": uncertain,
        "unasked": unasked,
        "examination": context.get("examination", views.examination_context(result.result)),
        "assessment_id": assessment_id,
        "person_id": view.person_id,  # whose check it is
        **({"owner": whose} if owner else {}),
        "clinician": view.mode == "clinician",
        # "by a clinician, with an examination" only when an examination finding was entered
        "answered_by": views.answered_by(kb, view.mode, view.answers),
        "examined": views.examined(kb, view.answers),
        "answered": questions_answered(view.answers),
        "complete": view.complete,
        "finished": view.finished,  # a question added since it was finished leaves it finished
        "new_question": view.new_question,
        "when": views.when(result.computed_at),
        # what that moment is (``ResultView.computed_at``): a check with no finish time keeps when its
        # answers were last given; a finished one's moves when its result is worked out and stored
        "when_said": "Worked out on" if view.finished_at is not None else "Answers last given on",
        # when the check was done (finished, else started), not when its result was last worked out
        "checked_when": views.when(view.checked_at),
        # who started it (migration 0016), as a walk says who sent it: a staff member by name, else not
        "started_by": starter_words(view.started_via, view.started_by, clinic=views.in_clinic(records)),
        "package_version": result.package_version,
        "changes": _changes(records, view, result, voice, read_now=read_now, before=before),
        # the result page's own words (result.html: "Your plan") are said about the person too
        "about_them": voice != "you",
        # the walk this result used, and one line on a walk it left out
        "check_walk": views.check_walk_context(result.walks, voice=voice),
        **context,
    }


# what check_context shows in the knowledge's words to the person ("check the pulses in your feet");
# the advice table too, under "Advice the person was given" ("Tighten their tummy muscles ..."); and
# the keys of "How soon" labels (``views.DISPOSITION_LEVELS``), kept as they are when the rest is said
# about the person: a label is not an instruction ("They can look after it at home" repeated the heading)
LEVEL_LABELS = ("level", "urgent_level")
# what only the result page of a clinician's check shows: the plan, the walk's factors, the answers
_SAID_TO_THE_PERSON = (
    "red_flags",
    "reasons_for_review",
    "cannot_exclude",
    "conditions_top",
    "evidence_notes",
    "not_a_diagnosis",
    "plan",
    "gait_factors",
    "answers",
)


def person_details(identity: Mapping[str, str | None]) -> list[str]:
    """What a clinic matches its record by (``services.people.identity_of``), each given one as the
    report says it under whose report it is: "Full name: ...", "Birth date: 23 Apr 1961", "Gender:
    female", "Clinic number: MRN-004512 (system urn:oid:...)"."""
    born, number, system = identity.get("birth_date"), identity.get("mrn"), identity.get("mrn_system")
    said = [
        f"Full name: {identity['name']}" if identity.get("name") else None,
        f"Birth date: {day_words(date.fromisoformat(born))}" if born else None,
        f"Gender: {identity['gender']}" if identity.get("gender") else None,
        f"Clinic number: {number}" + (f" (system {system})" if system else "") if number else None,
    ]
    return [line for line in said if line]


def report_person(records: Records) -> dict[str, Any]:
    """Whom the report is about: ``label`` (None when it need not say: the one person of a home
    install, "Me"), ``details`` (``person_details``: what a clinic matches its record by, each given
    one) and ``param`` (``person=N`` for its links, only with several people).

    ``records`` scoped to a person (``Records.for_person``) means them; the unscoped ones mean the
    database's one person (with several, the report's lists refuse: ``PersonNeededError``).
    """
    only, several = only_person(records)  # not the list of everyone: it grows with every record
    person_id = records.person_id if records.person_id is not None else (None if several else only)
    label = None if person_id is None else records.people.label(person_id)  # NotFoundError: deleted
    named = label is not None and (several or label != FIRST_PERSON_LABEL)
    return {
        "label": label if named else None,
        "details": [] if person_id is None else person_details(records.people.identity(person_id)),
        "param": f"person={person_id}" if several and person_id is not None else "",
    }


def _latest_check_id(records: Records, checks: list[dict[str, Any]]) -> int | None:
    """The check finished last (a check started first and finished later is the newer one); else the
    newest with at least one answer; else None. ``checks``: ``records.list_assessments()``, newest
    first."""
    finished = latest_finished_check(records)
    if finished is not None:
        return finished
    return next((int(a["id"]) for a in checks if a.get("n_answers")), None)


ASK_FIRST = "Ask the person about these answers first."


def later_warnings(records: Records, reported_id: int | None) -> list[dict[str, Any]]:
    """The checks of the same person after the one reported (finished later, or started after it
    was finished and not finished), newest first, whose answers already call for emergency help or a
    doctor today (a warning rule, or a likely serious cause), each as ``_warning_now.html`` draws it:
    the report shows an older
    check, so it says these first. Then a check not finished that was started before the reported
    one was finished but changed after it (Home offers to carry it on: an answer given then is
    newer than the report's check, though the check is placed by when it was started). "May have
    been answered": a not-finished check's last change is its last answer (given or taken back;
    opening it never moves it), or when a walk it used was deleted, which cannot be told apart. No
    result is worked out (``services.interview.warning_now``)."""
    if reported_id is None:
        return []
    later: list[dict[str, Any]] = []
    checks = records.checks_before(None)  # newest first, in the order "the latest" is picked
    for check in checks:
        if check.id == reported_id:
            reported = check
            break
        if check.finished:
            lead = (
                f"A later check (check {check.id}), finished {views.when(check.checked_at)}. Its answers mean"
            )
        elif check.finished is None:  # kept by a version with other questions: finished or not is unknown
            lead = (
                f"A later check (check {check.id}), from {views.when(check.started)}, was made with other "
                "questions. The answers this version can read mean"
            )
        else:
            lead = (
                f"A later check (check {check.id}), started {views.when(check.started)}, is not finished. "
                "Its answers so far mean"
            )
        intro = f"The check this report shows (check {reported_id}) is older. {ASK_FIRST}"
        box = _warning_box(check, lead, intro)
        if check.finished is None:  # its stored level first, when more urgent than its readable answers
            named = f"A later check (check {check.id}), from {views.when(check.started)}"
            box = _stored_level_first(records, check, box, intro, named)
        later += box
    else:
        return []  # the reported check is not this person's: no check is after it
    for check in checks:  # placed before the reported one: only one not finished and changed since
        if check.finished is not False or check.changed <= reported.checked_at:
            continue
        lead = (
            f"Check {check.id}, started {views.when(check.started)}, is not finished and may have been "
            f"answered after check {reported_id} was {'finished' if reported.finished else 'started'}. "
            "Its answers so far mean"
        )
        later += _warning_box(check, lead, ASK_FIRST)
    return later


def _unreadable_check(records: Records, chosen: int | None) -> dict[str, Any] | None:
    """The chosen check when this version cannot replay its answers (made with other questions, e.g.
    by an older version, with a finding code it no longer has): ``said``, which check and why in
    plain words, and ``warning``, what the answers it can read already mean (``_warning_box``).
    None when it can be read (or is not this person's: ``check_context`` says so)."""
    if chosen is None:
        return None
    check = next((c for c in records.checks_before(None) if c.id == chosen), None)
    if check is None or check.finished is not None:
        return None
    when = views.when(check.checked_at)
    said = (
        f"Check {check.id}, from {when}, could not be read: it was made with another version of backstride "
        f"that asked other questions, and {UNREAD_SAID} {stored_level_words(records.stored_level(check.id))} "
        "The diary and the walks below are shown as usual."
    )
    lead = (
        f"Check {check.id}, from {when}, was made with other questions. "
        "The answers this version can read mean"
    )
    # the level stored with it comes first when more urgent than what its readable answers mean
    box = _stored_level_first(
        records, check, _warning_box(check, lead, ASK_FIRST), ASK_FIRST, f"Check {check.id}, from {when}"
    )
    return {"id": check.id, "said": said, "warning": box}


UNREAD_SAID = "this version could not work it out again, as it cannot read all of its answers."


def _stored_level_first(
    records: Records, check: EarlierCheck, box: list[dict[str, Any]], intro: str, named: str
) -> list[dict[str, Any]]:
    """``box`` (what the answers of ``check``, a check this version cannot read, mean) with the box of
    its stored level first when that is more urgent (``_stored_level_box``): both are "emergency" or
    "urgent", so the stored one is more urgent only as an emergency over an urgent one."""
    stored = _stored_level_box(records, check, intro, named)
    if stored and (not box or (stored[0]["code"], box[0]["code"]) == ("emergency", "urgent")):
        return stored + box
    return box


def _stored_level_box(records: Records, check: EarlierCheck, intro: str, named: str) -> list[dict[str, Any]]:
    """A check this version cannot read (``named``: "Check 6, from ...") whose stored level
    (``Records.stored_level``) is emergency or urgent, drawn as ``_warning_now.html`` draws a warning:
    that level is never passed over, though its reasons cannot be read (no rule of this version fired:
    none is cited)."""
    stored = records.stored_level(check.id)
    if stored is None or stored[0] not in ("emergency", "urgent"):
        return []
    code = stored[0]
    return [
        {
            "code": code,
            "level": views.DISPOSITION_LEVELS[code],
            "heading": f"{named}, was made with other questions. When it was last worked out, it said: "
            f"{views.DISPOSITION_HEADINGS[code]}",
            "intro": intro,
            "action": "Ask the person what that check found and whether it still holds: this version could "
            "not work it out again, so it cannot say why.",
            "sources": [],
            "reasons": [],
            "assessment_id": check.id,
        }
    ]


def _warning_box(check: EarlierCheck, lead: str, intro: str) -> list[dict[str, Any]]:
    """``check``'s warning (``_warning_now.html``), as a list of one, or none when it has none."""
    context = views.answers_warning(check.answers, lead)
    if context is None:
        return []
    # in the report: the rules' words to the person ("See a doctor today, even if you have no fever")
    return [{**about_them_in(context), "assessment_id": check.id, "intro": intro}]


# a walk's measure a position away from the lower back cannot support, as ``gait analyze`` says it
NOT_JUDGED_AWAY = f"{views.NOT_JUDGED}: {NOT_JUDGED_BRIEFLY['not_at_lower_back']}"


def not_judged_away(summary: Mapping[str, Any], key: str) -> bool:
    """Whether a walk summary's ``key`` (``factors.PLACE_BOUND_QUALITY``) is flagged
    ``not_worn_at_lower_back`` in its quality list (``gait analyze --json``'s ``<metric>_quality``)."""
    flags = summary.get(PLACE_BOUND_QUALITY.get(key, ""))
    return isinstance(flags, list) and NOT_AT_LOWER_BACK in flags


def _walk_rows(records: Records) -> list[dict[str, Any]]:
    rows = []
    clinic = views.in_clinic(records)  # at home (no staff accounts), nothing about staff
    for walk in records.list_walks():
        result = walk.result or {}
        summary = result.get("summary") or {}
        tolerance = result.get("walking_tolerance") or {}
        away = bool(walk.summary.get("not_at_lower_back"))
        rows.append(
            {
                "id": walk.id,
                **(dates := views.walk_dates(walk, clinic=clinic)),
                # as the Walks page says it: the day walked, and when it was sent when that differs
                "walked": f"{dates['when']} (sent {dates['sent']})" if dates["sent"] else dates["when"],
                "filename": walk.original_filename,
                "walking": duration_words(summary.get("total_walking_s")),
                "steps": summary.get("total_steps", "—"),
                # not worn at the lower back (``summarize_walk``, also a pocket walk stored before the
                # tilt check, whose stored summary still has them): not judged, as the walk page says
                "speed": views.NOT_JUDGED
                if away
                else views.walk_measure(summary, "walking_speed_mps", "m/s"),
                "cadence": views.walk_measure(summary, "cadence_spm"),
                "stride": views.NOT_JUDGED if away else views.walk_measure(summary, "stride_length_m", "m"),
                "asymmetry": NOT_JUDGED_AWAY
                if away or not_judged_away(summary, "step_time_asymmetry_pct")
                else views.walk_measure(summary, "step_time_asymmetry_pct", "%"),
                # 'before the walking began', 'at the first step': the walk page's words (it read '0 s')
                "first_symptom": tolerance_words.event_time(tolerance, "first_symptom"),
                # a walk too short or uneven for a check judges none, as its walk page says (and why:
                # 'too little steady walking' was said of 8 steps or more whose direction was not told)
                "factors": f"not judged: {briefly}"
                if (briefly := walk_not_judged_briefly(result))
                else ", ".join(str(c).replace("_", " ") for c in walk.gait_factor_codes) or "none",
            }
        )
    return rows


# what the walk page says to the person (views.walk_context), which the report says about them
_WALK_SAID_TO_THE_PERSON = (
    "factors",
    "factors_not_judged",
    "tolerance",
    "findings",
    "plan_items",
    "placement_warning",
    "notes",
)


def _latest_walk(records: Records, kb: Any) -> dict[str, Any] | None:
    walk = records.latest_walk()
    if walk is None:
        return None
    context = views.walk_context(kb, walk, clinic=views.in_clinic(records))
    # the walk page's words to the person said about them ("Their steps were", "Until they had to
    # stop"); not its file's name nor its chart
    context.update(about_them_in({key: context[key] for key in _WALK_SAID_TO_THE_PERSON}))
    result = walk.result or {}
    summary = result.get("summary") or {}
    pelvis = summary.get("pelvis") or {}
    by_code = {str(f.get("code")): f for f in result.get("gait_factors") or ()}
    for factor in context["factors"]:  # the report also gives each factor's sources
        factor["sources"] = [str(s) for s in by_code.get(factor["code"], {}).get("sources") or ()]
    away = stored_not_at_lower_back(result)

    def judged(key: str, said: str) -> str:
        """A measure a position away from the lower back cannot support (flagged so, or a pocket walk
        stored before the flags): "not judged" with why, as the walk page and ``gait analyze`` say."""
        return NOT_JUDGED_AWAY if away or not_judged_away(summary, key) else said

    context["pelvis"] = [
        (label, judged("pelvis", views.walk_measure(pelvis, key, "°")))
        for key, label in (
            ("tilt_rom_deg", "Tilt (forward and back)"),
            ("obliquity_rom_deg", "Obliquity (side to side)"),
            ("rotation_rom_deg", "Rotation (turning)"),
        )
    ]
    # forward or back as its sign says, unless the walk did not show which way is forward (as the terminal)
    lean = lean_shown(summary.get("trunk_flexion_mean_deg"), summary.get("trunk_flexion_quality"))
    context["trunk_lean"] = judged(
        "trunk_flexion_mean_deg", lean or views.walk_measure(summary, "trunk_flexion_mean_deg")
    )
    context["impact"] = judged("impact_peak_g", views.walk_measure(summary, "impact_peak_g", "g"))
    context["height"] = views.measure(walk.height_cm, "cm", 0) if walk.height_cm else "not given"
    context["package_version"] = walk.package_version
    return context


# the report's periods of everyday walking, as its table's columns name them (the diary trend's window)
_PERIOD = f"{PERIOD_DAYS // 7} weeks" if PERIOD_DAYS % 7 == 0 else f"{PERIOD_DAYS} days"
EVERYDAY_PERIODS = {"recent": f"Last {_PERIOD}", "before": f"The {_PERIOD} before"}
# the median walking speed against the healthy adult means by age and sex [D1] (gait.constants)
# (the numbers as everyday_summary.speed_and_norms_shown gives them: never "0.94 is slower than 0.94")
SPEED_VS_NORMS = {
    "below": "slower than the average of every age and sex group of healthy adults, even the slowest "
    "(women aged 80 to 99: {slowest} m/s) [D1]",
    "within": "within the range of the averages of healthy adults by age and sex "
    "({slowest} to {fastest} m/s) [D1]",
    "above": "faster than the average of every age and sex group of healthy adults "
    "(up to {fastest} m/s) [D1]",
}
EVERYDAY_CAVEAT = (
    "The phone measures speed, step length, asymmetry and double support only when it is carried near "
    "the waist (a trouser pocket) on steady walks over flat ground. Every day is in the exports."
)


def _days_words(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def _everyday(records: Records, since: date, until: date, weeks: int) -> dict[str, Any] | None:
    """Everyday walking over the report's periods (``services.everyday_summary``), in words; None
    when the person has no day of it (the report then leaves the part out, as it was before)."""
    summary = EverydaySummary(records).summarise(since=since, until=until)
    if not summary.n_days_:
        return None
    all_weeks = f"{weeks} week{'' if weeks == 1 else 's'} of the report"
    periods = [
        {
            "heading": f"{EVERYDAY_PERIODS.get(p.key, f'All {all_weeks}')} "
            f"({day_words(p.start, year=False)} to {day_words(p.end)}; {_days_words(p.n_days)})",
        }
        for p in summary.periods_
    ]
    rows = []
    for key in REPORTED:
        measure = BY_KEY[key]
        medians = [p.medians[key] for p in summary.periods_]
        if not any(m.n_days for m in medians):
            continue  # not measured on any of these days: no row of dashes
        unit = f" ({measure.unit})" if measure.unit else ""
        rows.append(
            {
                "name": measure.name + unit,
                "cells": [
                    f"{measure.shown(m.value)} ({_days_words(m.n_days)})" if m.n_days else views.number(None)
                    for m in medians
                ],
                "meaning": in_report(measure.meaning),
            }
        )
    speed = None
    if summary.speed_vs_norms_ is not None and summary.speed_period_ is not None:
        compared = summary.speed_period_
        median_mps = compared.medians["walking_speed_mps"].value
        assert median_mps is not None  # speed_vs_norms_ is set only with it
        value, slowest, fastest = speed_and_norms_shown(median_mps)
        if len(value.partition(".")[2]) <= 2:  # no extra digits needed: as the table shows it
            value = BY_KEY["walking_speed_mps"].shown(median_mps)
        which = f"the last {_PERIOD}" if compared.key == "recent" else f"all {all_weeks}"
        against = SPEED_VS_NORMS[summary.speed_vs_norms_].format(slowest=slowest, fastest=fastest)
        speed = (
            f"The median walking speed of {which}, {value} m/s, is {against}. "
            "backstride does not keep the person's age or "
            "sex, so it cannot say which group to compare with."
        )
    n, first, last = summary.n_days_, summary.first_day_, summary.last_day_
    assert first is not None and last is not None  # there is a day
    devices = [f"{name} ({_days_words(count)})" for name, count in summary.devices_]
    return {
        "intro": f"{_days_words(n)} of everyday walking from Apple Health, from {day_words(first)} "
        f"to {day_words(last)}{'; steps counted by ' + ', '.join(devices) if devices else ''}. "
        "This is what the phone measured as the person went about their day: how much they walk, not "
        f"how far they can walk. {in_report([DAILY_WALKING_VS_TEST])}",
        "in_periods": bool(rows),  # a day with only its distance (not shown here) gives no row
        "none_in_periods": (
            "These weeks have no steps, walking speed or other measure this report shows (only the distance)."
            if any(p.n_days for p in summary.periods_)
            else f"No everyday walking in these weeks. The newest day is {day_words(last)}."
        ),
        "periods": periods,
        "rows": rows,
        "speed": speed,
        "caveat": EVERYDAY_CAVEAT,
    }


STEPS_HELP_INTRO = (
    "The diary shows the person the same, said to them. Each compares their pain on the days they tried a "
    'step with their other days, from the first day they ticked one. "In the middle" is the median: half '
    "of those days had more pain and half had less."
)


def _steps(entries: list[dict[str, Any]], since: date) -> dict[str, Any] | None:
    """The relief steps tried over the report's weeks (``entries``: its diary entries), each with the
    days it was ticked on (a day with several entries counts once), and what seems to help
    (``diary.steps.what_seems_to_help``, the diary page's words and caveat) over the same days.
    None when no step was ticked in these weeks: the report then leaves the part out."""
    days: dict[str, set[date]] = {}
    for e in entries:
        for code in e.get("tried") or ():
            days.setdefault(str(code), set()).add(views.day(e["entry_date"]))
    if not days:
        return None
    steps = diary_steps()
    n_days = len({views.day(e["entry_date"]) for e in entries})
    n_tried = len(set().union(*days.values()))
    rows = [  # a step's name is its advice's title, written to the person: said about them
        {"name": about_them_text(step.name), "days": _days_words(len(days[code]))}
        for code, step in steps.items()
        if code in days
    ]
    rows += [{"name": code, "days": _days_words(len(d))} for code, d in days.items() if code not in steps]
    values = [
        DiaryEntryValues(
            entry_date=views.day(e["entry_date"]), pain_0_10=e["pain_0_10"], tried=tuple(e.get("tried") or ())
        )
        for e in entries
    ]
    # the diary page's words, to the person ("On the 6 days you used heat, your pain was ..."), said
    # about them as the rest of the report is ("... they used heat, their pain was ...")
    helps = [about_them_text(c.words) for c in what_seems_to_help(values, steps)]
    return {
        "intro": 'The person ticked a relief step under "What I tried today" on '
        f"{n_tried} of {_days_words(n_days)} with a diary entry. These are steps from their plan that "
        "they can do on their own.",
        "caption": f"Each step tried since {_day(since.isoformat())}, and on how many days",
        "rows": rows,
        "helps": helps,
        "helps_intro": STEPS_HELP_INTRO,
        "cannot_show": about_them_text(CANNOT_SHOW),
        "too_few": None
        if helps
        else f"There are too few days yet to compare pain on days with and without a step. That needs "
        f"a step tried on at least {MIN_DAYS} days and not tried on at least {MIN_DAYS} other days.",
    }


def cited_keys(html: str) -> list[str]:
    """The source keys a rendered page cites where a reader sees them ("Sources: A15, A22." and
    "[E5]" in a sentence), once each, in the order of the evidence notes (A1, A2, ..., F5)."""
    words = re.sub(r"<[^>]+>", " ", re.sub(r"<(style|svg)\b.*?</\1>", " ", html, flags=re.S))
    found = {
        key.strip()
        for groups in _CITED.findall(words)
        for group in groups
        if group
        for key in group.split(",")
    }
    return sorted(found, key=lambda key: (key[0], int(key[1:])))


def _day(iso_date: str) -> str:
    return day_words(views.day(iso_date))


def references(kb: Any, keys: list[str]) -> list[dict[str, str]]:
    """The references list: each key with its citation from the knowledge base's sources."""
    out = []
    for key in keys:
        source = kb.sources.get(key)
        out.append(
            {
                "key": key,
                "citation": str(getattr(source, "citation", "")) or "See the evidence notes.",
                "url": str(getattr(source, "url", "") or ""),
            }
        )
    return out


def report_context(
    records: Records,
    kb: Any,
    *,
    assessment_id: int | None = None,
    weeks: int = DEFAULT_WEEKS,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """Everything the report shows. ``assessment_id`` picks the check (default: the newest one with
    an answer); ``weeks`` how many weeks of diary the charts cover. ``records`` are the person's
    (``Records.for_person``), or the unscoped ones for the database's one person."""
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= 520:
        raise InputError(f"weeks must be a whole number from 1 to 520, got {weeks!r}")
    person = report_person(records)
    walks = _walk_rows(records)
    checks = records.list_assessments()
    chosen = assessment_id if assessment_id is not None else _latest_check_id(records, checks)
    # a check made with other questions cannot be shown: said (when, why), and the rest still shown
    unreadable = _unreadable_check(records, chosen)
    check = None if chosen is None or unreadable else check_context(records, kb, chosen, voice="person")
    progress = records.progress(weeks=weeks)
    # the report covers the chosen weeks (whole weeks, Monday first), the diary page everything
    since, until = views.day(progress["weekly"][0]["week_start"]), views.day(progress["as_of"])
    entries = [e for e in progress["entries"] if since <= views.day(e["entry_date"]) <= until]
    walks_in = [w for w in progress["walks"] if since <= views.walk_day(w) <= until]
    in_window = {"entries": entries, "walks": walks_in}
    context: dict[str, Any] = {
        "person": person,
        "generated": views.when(generated_at or records.clock()),
        "package_version": __version__,
        "knowledge_version": str(kb.version),
        "not_a_diagnosis": about_them_text(NOT_A_DIAGNOSIS),
        "report_not_a_diagnosis": REPORT_NOT_A_DIAGNOSIS,
        # who did what: said only in a clinic (staff accounts), in small print; at home there is no staff
        "who_gave_it": WHO_GAVE_IT if views.in_clinic(records) else "",
        "help_now": help_now(kb),
        "weeks": weeks,
        "since": _day(since.isoformat()),
        "check": check,
        # later checks whose answers already fire an emergency or urgent rule: said at the top
        "later_warnings": later_warnings(records, chosen) + (unreadable or {}).get("warning", []),
        "unreadable_check": unreadable,
        "chosen": assessment_id is not None,
        "n_checks": len(checks),
        "diary": {
            "n_entries": len(entries),
            "n_all": len(progress["entries"]),
            "first": _day(entries[0]["entry_date"]) if entries else None,
            "last": _day(entries[-1]["entry_date"]) if entries else None,
            "trends": [
                {"explanation": _trend_said(progress[key])}
                for key in ("pain_trend", "walking_tolerance_trend")
            ],
            "charts": [c for c in views.diary_charts(in_window, voice="person") if not c["empty"]],
            "weekly_caption": _weekly_caption(_day(since.isoformat()), entries),
            "weekly": [
                {
                    "week": _day(w["week_start"]),
                    "n_entries": w["n_entries"],
                    "pain": views.number(w["pain_mean_0_10"]),
                    # as the diary's chart says them: "56 s", "12 min 30 s" (not "0.93")
                    "minutes": views.number(None)
                    if w["walking_tolerance_mean_min"] is None
                    else views.minutes_said(w["walking_tolerance_mean_min"]),
                }
                for w in progress["weekly"]
            ],
            # what the person wrote (what helped, what made it worse), newest first
            "notes": [
                {"day": _day(e["entry_date"]), "pain": e["pain_0_10"], "text": e["notes"]}
                for e in reversed(entries)
                if str(e.get("notes") or "").strip()
            ][:NOTES_SHOWN],
            # the relief steps tried and what seems to help; None (left out) when none was tried
            "steps": _steps(entries, since),
        },
        "everyday": _everyday(records, since, until, weeks),
        "walks": walks[:WALKS_SHOWN],
        "n_walks": len(walks),
        "latest_walk": _latest_walk(records, kb),
    }
    return context


def _weekly_caption(since: str, entries: list[dict[str, Any]]) -> str:
    """The weekly table's caption. A day with two or more entries counts once, at their mean
    (``diary.trends.day_means``): said when there is one, since a week of entries 7, 3, 6 and 6 on
    three days reads 5.7 where the CSV's four rows make 5.5."""
    caption = f"Each week since {since}: the mean of the diary's numbers"
    days = [e["entry_date"] for e in entries]
    if len(set(days)) < len(days):
        caption += " (a day with two or more entries counts once, at their mean)"
    return caption


@lru_cache(maxsize=1)
def inline_styles() -> Markup:
    """The app's styles and its print styles, to sit inside the report (no file it needs)."""
    static = resources.files("backstride.web").joinpath("static")
    css = "\n".join(static.joinpath(name).read_text(encoding="utf-8") for name in ("app.css", "print.css"))
    return Markup(css.replace("</", "<\\/"))  # nothing in a style sheet may close the <style> element


def report_view(
    records: Records,
    *,
    assessment_id: int | None = None,
    weeks: int = DEFAULT_WEEKS,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """What the report says (``report_context``) and ``references``: every source it cites, with its
    citation. The page and the PDF are both drawn from this."""
    kb = knowledge_base()
    # every record as of one moment (``Database.snapshot``, as the export reads them): a change committed
    # while the report is read (a walk deleted, an answer taken back) is in it wholly or not at all
    with records.db.snapshot():
        context = report_context(
            records, kb, assessment_id=assessment_id, weeks=weeks, generated_at=generated_at
        )
    # The references list is every source the page shows, so it is read from a first drawing of it.
    body = (
        template_env()
        .get_template("report.html")
        .render(styles="", print_view=True, references=None, **context)
    )
    return {**context, "references": references(kb, cited_keys(body))}


TREND_MEASURES = {"pain_0_10": "Pain (0-10)", "walking_tolerance_min": "Time walked before the pain starts"}
# each measure's means in words: the time walked as the weekly table and the chart say it ("56 s")
TREND_SAID: dict[str, Any] = {"pain_0_10": views.number, "walking_tolerance_min": views.minutes_said}


def _trend_said(trend: dict[str, Any]) -> str:
    """A diary trend (``diary.trends``) said to a clinician: the weeks compared and their means, then
    the words the diary shows the person (they cite their source)."""
    what, said = TREND_MEASURES[trend["measure"]], TREND_SAID[trend["measure"]]
    weeks = f"the four from {_day(trend['window_start'])} to {_day(trend['window_end'])}"
    if trend["direction"] == "not_enough_data":
        return f"{what}: no trend yet; it needs diary entries in the first and the last week of {weeks}."
    return (
        f"{what}: mean {said(trend['start_mean'])} in the first week of {weeks}, "
        f"{said(trend['end_mean'])} in the last. The diary tells the person: “{trend['explanation']}”"
    )


def render_report(
    records: Records,
    *,
    assessment_id: int | None = None,
    weeks: int = DEFAULT_WEEKS,
    generated_at: datetime | None = None,
    links: bool = False,
) -> str:
    """The report as one HTML document. ``links``: its links back to the app, to save it and to its
    PDF, for the report page only; a file (saved, or ``backstride report``) opened from a disk or an
    email has no app behind it, where they lead nowhere."""
    view = report_view(records, assessment_id=assessment_id, weeks=weeks, generated_at=generated_at)
    html = (
        template_env()
        .get_template("report.html")
        .render(styles=inline_styles(), print_view=True, links=links, **view)
    )
    return keep_together(html)  # a date, a number and its unit stay on one line, as on every page


__all__ = [
    "DEFAULT_WEEKS",
    "changes_context",
    "check_context",
    "cited_keys",
    "help_now",
    "later_warnings",
    "references",
    "render_report",
    "report_context",
    "report_person",
    "report_view",
]
