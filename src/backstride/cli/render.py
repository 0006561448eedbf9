"""Rich rendering of an assessment for the terminal. It shows the because-trail, never recomputes it.

Order: the disposition banner first (red for an emergency) with the warning signs that set it, the
examination note when tests not done could raise it, the likely causes with probability bars and
reasons, what cannot be ruled out, the relief plan (right now; at home with a timeline; stretches as
numbered steps with when to stop; the evidence for each item), when to see a clinician, and the
not-a-diagnosis notice.

The result of a clinician's check is read by the clinician: ``about_them`` says the texts written to
the person about them ("Give them a copy of this summary"), by the report's one rule
(``services.wording.about_them_text``); the person's own check keeps "you".
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from backstride.services.wording import (  # one rule for the terminal and the web
    GRADE_LABELS,
    NO_REASON_TEXT,
    about_them_in,
    about_them_text,
    banner_reasons,
    finding_label,
    floor_words,
    is_floor,
    percent,
    ratio_words,
    warning_sign_cause_text,
    warning_sign_causes,
)

FALLBACK_NOTICE = "This is not a diagnosis. It does not replace an examination by a clinician."

BANNER_STYLE = {
    "emergency": ("bold white on red", "red", "EMERGENCY"),
    "urgent": ("bold black on dark_orange", "dark_orange", "URGENT"),
    "routine": ("bold white on blue", "blue", "SEE A CLINICIAN"),
    "self_care": ("bold black on green", "green", "SELF-CARE"),
}
BAR_WIDTH = 24
MAX_CAUSES = 5
MAX_REASONS = 4
MIN_CAUSE_PROBABILITY = 0.03

# the result page's and the report's words ("Makes sense, but not tested"), in small letters: one tip,
# one grade. "Supported for some causes": a tip given to everyone, or held for later, is not aimed at
# the person's cause; one that is says so in its reason ("Suggested because ...")
GRADE_WORDS = {code: label.lower() for code, label in GRADE_LABELS.items()}


def safety_net(kb: Any = None) -> str:
    """The "get help now" signs under every result, in their long words with their sources
    (knowledge/data/help_now.yaml: the same list as the web's strip and the report's box)."""
    from backstride.knowledge import load_knowledge

    return " ".join((kb if kb is not None else load_knowledge()).help_now.sentences())


def _words(about_them: bool) -> Callable[[str], str]:
    """How a text written to the person is shown: as it is, or said about them to a clinician."""
    return about_them_text if about_them else str


def bullet(text: Text, prefix: str = "  • ") -> Table:
    """A list item whose wrapped lines start under its text, not under the bullet."""
    grid = Table.grid()
    grid.add_column(no_wrap=True, width=len(prefix))
    grid.add_column()
    grid.add_row(prefix, text)
    return grid


def bar(probability: float, width: int = BAR_WIDTH) -> str:
    """A text bar for a probability in [0, 1]."""
    filled = max(0, min(width, round(probability * width)))
    return "█" * filled + "░" * (width - filled)


def _cite(item: Mapping[str, Any]) -> str:
    """ " [A15, A16]" for an item with source keys, else nothing."""
    keys = item.get("sources") or []
    return f" [{', '.join(keys)}]" if keys else ""


def banner(result: Mapping[str, Any], *, qualified: bool = False, sources: Sequence[str] = ()) -> Panel:
    """The disposition banner. ``qualified``: a warning sign answered "don't know" would call for
    quicker help, so the banner is no green all-clear and says it holds only if none is true.
    ``sources``: the disposition's own source keys, cited after its text."""
    disposition = result["disposition"]
    style, border, title = BANNER_STYLE.get(disposition, ("bold", "white", disposition.upper()))
    if qualified:
        from backstride.services.interview import UNCERTAIN_QUALIFIER

        style, border, title = "bold", "bold yellow", f"{title}, {UNCERTAIN_QUALIFIER.upper()}"
    said = f"{result.get('disposition_text') or disposition}{_cite({'sources': list(sources)})}"
    body: list[Any] = [Text(said, style=style, justify="center")]
    for heading, reasons in banner_reasons(result):  # as the web's banner lists them
        body.append(Text(heading, style="bold"))
        for flag in reasons:
            body.append(bullet(Text(f"{flag['message']}{_cite(flag)}", style="bold"), "• "))
    return Panel(Group(*body), title=title, border_style=border, expand=True)


RAISED = ("emergency", "urgent")  # a fired warning sign's banner always comes first


# How to answer the rest, said last in the "Not finished" box when nothing was kept to go on with (a
# check kept unfinished says its own ``assess --continue ID``; an answers file, to add the answers to it)
START_AGAIN = "To answer every question, run backstride assess again."


def not_finished(
    signs: Sequence[Any], *, raised: bool = False, about_them: bool = False, go_on: str | None = None
) -> Panel:
    """The notice shown first when the interview stopped before every warning sign was asked.

    ``signs`` are ``WarningSign`` items of the interview: each unasked sign in words with how soon
    to get help if it is true (what it alone would set, with the answers so far). ``go_on``: the one
    right way to answer the rest (``START_AGAIN`` when None).
    """
    from backstride.services import interview as words

    say = _words(about_them)
    body: list[Any] = [
        Text(say(words.NOT_FINISHED_RAISED_TEXT if raised else words.NOT_FINISHED_TEXT), style="bold")
    ]
    for group in words.group_warning_signs(signs, words.WARNING_SIGN_ADVICE):
        # the advice always (a list's heading, or a sentence of its own over a rule's sentences, which
        # may not say where to go); short items under it, a rule's own sentences after them
        body.append(Text(f"\n{say(group.lead)}", style="bold"))
        body.extend(bullet(Text(say(s.text))) for s in group.listed)
        body.extend(Text(f"{'' if i else chr(10)}{say(s.text)}") for i, s in enumerate(group.sentences))
        body.append(Text(f"  Sources: {', '.join(group.all_sources)}", style="dim"))
    body.append(Text(f"\n{go_on or START_AGAIN}", style="italic"))
    return Panel(Group(*body), title="NOT FINISHED", border_style="bold yellow", expand=True)


def _signs_box(signs: Sequence[Any], text: str, heading: str, say: Callable[[str], str]) -> Panel:
    """Warning signs with what to do if one is true, grouped most urgent first, each with its
    sources; red when one of them is an emergency. Short items are a list under the group's advice; a
    warning rule's own sentences, which say what to do themselves, follow the list, not in it
    (``SignGroup.lead``: the advice a sentence of its own when there is no list)."""
    from backstride.services.interview import UNCERTAIN_ADVICE, group_warning_signs

    def said(sign: Any) -> str:
        return f"{say(sign.text)}{_cite({'sources': list(sign.sources)})}"

    body: list[Any] = [Text(say(text), style="bold")]
    for group in group_warning_signs(signs, UNCERTAIN_ADVICE):
        keys = f" [{', '.join(group.sources)}]" if group.sources else ""
        body.append(Text(f"\n{say(group.lead)}{keys}", style="bold"))
        body.extend(bullet(Text(said(s))) for s in group.listed)
        # each a paragraph of its own, as on the web page: long sentences run together are hard to tell apart
        body.extend(Text(f"\n{said(s)}") for s in group.sentences)
    border = "bold red" if any(s.disposition == "emergency" for s in signs) else "bold yellow"
    return Panel(Group(*body), title=say(heading).upper(), border_style=border, expand=True)


def uncertain(signs: Sequence[Any], *, about_them: bool = False) -> Panel:
    """The box for warning signs answered "don't know": what to do if one is true, most urgent
    first, each sign with its sources (``signs``: the interview's ``uncertain_warning_signs()``)."""
    from backstride.services import interview as words

    return _signs_box(signs, words.UNCERTAIN_TEXT, words.UNCERTAIN_HEADING, _words(about_them))


def unasked(signs: Sequence[Any], *, about_them: bool = False) -> Panel:
    """The box for warning rules that questions not asked could still fire (stopped early after the
    warning-sign checklists, or an answers file without them), in the rules' words (``signs``: the
    interview's ``unasked_warning_rules()``)."""
    from backstride.services import interview as words

    return _signs_box(signs, words.UNASKED_TEXT, words.UNASKED_HEADING, _words(about_them))


def examination(note: Mapping[str, Any]) -> Panel:
    """The examination note: tests a clinician can do that the questions cannot, which could raise
    the disposition (the result's ``examination_note``), the most relevant few with their sources."""
    body: list[Any] = [Text(str(note["text"]), style="bold"), Text(str(note["detail"]))]
    exams = {e["code"]: e for e in note.get("exams") or ()}
    for code in note.get("shown") or ():
        body.append(bullet(Text(f"{exams[code]['text']}{_cite(exams[code])}")))
    body.append(Text(f"{note['advice']}{_cite({'sources': note.get('advice_sources')})}", style="bold"))
    return Panel(Group(*body), title="EXAMINATION", border_style="bold cyan", expand=True)


def partial_banner(
    result: Mapping[str, Any], sources: Sequence[str] = (), *, about_them: bool = False
) -> Panel:
    """The answers-so-far disposition, marked as partial (never a green all-clear)."""
    text = f"{result.get('disposition_text') or result['disposition']}{_cite({'sources': list(sources)})}"
    heading = _words(about_them)("From your answers so far only, and not checked for all warning signs:\n")
    body = Text(heading, style="bold")
    body.append(text, style="")
    return Panel(body, title="PARTIAL RESULT", border_style="yellow", expand=True)


def times(ratio: float) -> str:
    """A likelihood ratio as a plain number: 400, 16, 1.6, 0.05 (never 4e+02)."""
    if ratio >= 10:
        return f"{ratio:,.0f}"
    if ratio < 0.01:
        return "less than 0.01"
    text = f"{ratio:.{1 if ratio >= 1 else 2}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def causes(
    result: Mapping[str, Any],
    kb: Any,
    *,
    asked: bool = False,
    about_them: bool = False,
    answers: Mapping[str, Any] | None = None,
) -> list[Any]:
    """The likely causes with the answers behind them; ``asked``: in the words the person was asked
    (their own check), as the result page says them; ``about_them``: quoted about the person ("Age
    (they said 71 years)"), as a clinician's check says them. ``answers``: the answers given; a value
    the engine read otherwise (a question not asked after "Neither leg", a walk's) is not quoted as
    said, as the result page does not."""
    out: list[Any] = [Text("\nWhat may be causing it", style="bold underline")]
    about_the_sign = warning_sign_causes(result)
    if about_the_sign:  # a warning sign's cause not listed first: the list's order is not the warning's
        out.append(Text(f"  {_words(about_them)(warning_sign_cause_text(about_the_sign))}", style="yellow"))
    shown = [c for c in result["conditions"] if c["probability"] >= MIN_CAUSE_PROBABILITY][:MAX_CAUSES]
    for condition in shown or result["conditions"][:1]:
        p = float(condition["probability"])
        line = Text("  ")
        line.append(f"{bar(p)} ", style="cyan")
        line.append(f"{percent(p):>5}  ", style="bold")
        line.append(str(condition.get("name") or condition["code"]))
        out.append(line)
        # an answer that changes nothing (a likelihood ratio of 1) points neither way: left out, as
        # the web page's "Points towards it" and "Points away from it" leave it out
        telling = [b for b in condition.get("because") or [] if float(b["likelihood_ratio"]) != 1]
        if about_the_sign and not telling:  # not read as what the warning sign is about
            out.append(bullet(Text(NO_REASON_TEXT, style="dim"), "      "))
        for item in telling[:MAX_REASONS]:
            lr = float(item["likelihood_ratio"])
            sources = ", ".join(item.get("sources") or [])
            if is_floor(kb, item):  # a warning sign's floor: not an answer, and never said as one
                reason = Text(f"{floor_words(kb, item)} [{sources}]", style="dim")
                out.append(bullet(reason, "      "))
                continue
            word = "points towards it" if lr > 1 else "points away from it"
            # the person's own check says how much in words; a clinician's keeps the number (as the JSON)
            if asked and not about_them:
                strength = ratio_words(lr, judgement=bool(item.get("judgement")))
            else:
                strength = f"odds x{times(lr)}{', an expert estimate' if item.get('judgement') else ''}"
            # never a value not given as said: one read without asking, or a walk's for a "don't know"
            quoted = answers is None or answers.get(item["finding"]) is not None
            # an answer another one gives ("Neither leg": the pain does not go down the leg) says so
            implied = answers is not None and item["finding"] not in answers
            given = {item["finding"]: item["value"]} if quoted else answers if implied else None
            said = finding_label(  # as the web says it
                kb,
                item["finding"],
                given,
                asked=asked,
                about_them=about_them,
                said=_words(about_them)("you said"),
            )
            reason = Text(f"{word}: {said} ({strength}) [{sources}]", style="dim")
            out.append(bullet(reason, "      "))
    for note in result.get("cannot_exclude") or []:
        out.append(
            Text(
                f"\n  Cannot rule out: {note['text']} {note.get('what_settles_it', '')}{_cite(note)}",
                style="yellow",
            )
        )
    return out


ITEM_DETAIL = "     "  # the indent of an item's details (when, why, evidence) under its text


def _evidence(item: Mapping[str, Any]) -> Table:
    grade = GRADE_WORDS.get(item.get("evidence_grade", ""), item.get("evidence_grade", ""))
    sources = ", ".join(item.get("sources") or [])
    return bullet(Text(f"Evidence: {grade}. {item.get('note', '')} [{sources}]", style="dim"), ITEM_DETAIL)


def _advice(item: Mapping[str, Any], prefix: str = "  • ") -> list[Any]:
    head = Text()
    if item.get("title"):
        head.append(f"{item['title']}: ", style="bold")
    head.append(str(item.get("text", "")))
    lines: list[Any] = [bullet(head, prefix)]
    if item.get("timing"):
        lines.append(bullet(Text(f"When: {item['timing']}"), ITEM_DETAIL))
    if item.get("reason"):
        lines.append(bullet(Text(str(item["reason"]), style="italic"), ITEM_DETAIL))
    lines.append(_evidence(item))
    return lines


def plan(result: Mapping[str, Any], kb: Any = None, *, about_them: bool = False) -> list[Any]:
    from backstride.relief.plan import now_heading

    say = _words(about_them)
    plan_ = result.get("plan") or {}
    out: list[Any] = []
    if plan_.get("immediate"):
        out.append(Text(say(f"\n{now_heading(plan_)}"), style="bold underline"))
        for item in plan_["immediate"]:
            out.extend(_advice(item))
    if plan_.get("home"):
        out.append(Text("\nAt home", style="bold underline"))
        for item in plan_["home"]:
            out.extend(_advice(item))
    if plan_.get("stretches"):
        out.append(Text("\nStretches", style="bold underline"))
        for number, item in enumerate(plan_["stretches"], start=1):
            out.extend(_advice(item, prefix=f"  {number}. ")[:1])
            for step in item.get("steps") or []:
                out.append(bullet(Text(str(step)), ITEM_DETAIL))
            if item.get("stop_if"):
                out.append(bullet(Text(str(item["stop_if"]), style="yellow"), ITEM_DETAIL))
            out.append(_evidence(item))
    factors = plan_.get("gait_factors") or []
    if factors:
        out.append(Text(say("\nWhat your recorded walk showed"), style="bold underline"))
    # an urgent or emergency plan gives no walking tip now: the factor's reason ("Building up walking
    # time slowly can help.", "Gentle mobility exercise may help ...") would read as one
    raised = result.get("disposition") in ("urgent", "emergency")
    for factor in factors:
        code = factor.get("code") if isinstance(factor, Mapping) else factor
        definition = kb.gait_factors.get(code) if kb is not None else None
        text = getattr(definition, "text", None) or str(code).replace("_", " ")
        reason = "" if raised else getattr(definition, "reason", "")
        sources = ", ".join(getattr(definition, "sources", ()) or ())
        out.append(
            bullet(Text(say(" ".join(p for p in (f"{text.rstrip('.')}.", reason, f"[{sources}]") if p))))
        )
    if plan_.get("timeline"):
        out.append(Text("\nTimeline", style="bold underline"))
        for step in plan_["timeline"]:
            out.append(Text(f"  {step['when']:>22}  {step['text']}{_cite(step)}"))
    reasons = result.get("reasons_for_review") or []
    if plan_.get("see_clinician") or reasons:
        out.append(Text("\nWhen to see a clinician", style="bold underline"))
        if plan_.get("see_clinician"):
            from backstride.fhir.export import see_clinician_sources

            # the sources of all it says (the level's advice, a cause's hint, a cause not ruled out)
            keys = {"sources": see_clinician_sources(result, kb) if kb is not None else []}
            out.append(Text(f"  {plan_['see_clinician']}{_cite(keys)}"))
        for reason in reasons:
            out.append(bullet(Text(f"{reason['message']}{_cite(reason)}")))
    out.extend(_later(plan_))
    return out


def _later(plan_: Mapping[str, Any]) -> list[Any]:
    """The article's tips an urgent or emergency plan leaves until a clinician has seen the person:
    last, dim, by title with the evidence of each (no instructions: nothing here is to do now)."""
    from backstride.relief.plan import held_for_later, not_for_now

    out: list[Any] = []
    for group in held_for_later(plan_):
        if not out:
            out.append(Text("\nNot for now: the article's other tips", style="bold underline"))
        out.append(Text(f"  {group.get('reason', '')}", style="dim"))
        grades = group.get("evidence_grades") or [""] * len(group.get("titles") or ())
        for title, grade in zip(group.get("titles") or (), grades, strict=False):
            words = GRADE_WORDS.get(str(grade), str(grade).replace("_", " "))
            out.append(bullet(Text(f"{not_for_now(title)} (evidence: {words})", style="dim"), "    - "))
    return out


def plain_text(renderable: Any) -> str:
    """What ``renderable`` says, as plain text (no colours, no wrapping to speak of)."""
    console = Console(file=io.StringIO(), width=400, color_system=None, highlight=False)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined]


def name_the_article(renderables: Sequence[Any], kb: Any = None, where: str = "text") -> list[Any]:
    """``renderables`` with what "the article" is said once, dim, just after the first of them that
    says "the article" (an advice's evidence note, "Not for now: the article's other tips"), as the
    web pages name it (``knowledge.article``); as they are when none says it."""
    from backstride.knowledge import load_knowledge
    from backstride.knowledge.article import says_the_article, the_article_words

    out = list(renderables)
    for i, renderable in enumerate(out):
        if says_the_article(plain_text(renderable)):
            words = the_article_words(kb if kb is not None else load_knowledge(), where)
            # under an item's details (an evidence note) at their indent, else under a heading
            said = bullet(Text(words, style="dim"), ITEM_DETAIL if isinstance(renderable, Table) else "  ")
            out.insert(i + 1, said)
            break
    return out


def render_result(
    console: Console,
    result_obj: Any,
    kb: Any,
    *,
    unscreened: Sequence[Any] | None = None,
    uncertain_signs: Sequence[Any] | None = None,
    unasked_rules: Sequence[Any] | None = None,
    asked: bool = False,
    about_them: bool = False,
    answers: Mapping[str, Any] | None = None,
    go_on: str | None = None,
) -> None:
    """Print an ``AssessmentResult`` (banner first, notice last). ``go_on``: how to answer the rest,
    said in the "Not finished" box (``not_finished``). ``asked``: the person's own check,
    its answers said in the words they were asked ("You inject drugs", not "Injects drugs").
    ``about_them``: a clinician's check, every text written to the person said about them ("Give them a
    copy of this summary"); how soon to get help and why are the same words otherwise. ``answers``: the
    answers given, the only ones the causes quote as said (``causes``).

    ``unscreened``: the interview's unasked warning signs when it stopped before screening was
    complete. Then a fired warning sign (emergency or urgent) still shows first; otherwise the
    "not finished" notice comes first and the disposition is shown only as a partial result.
    ``uncertain_signs``: the warning signs answered "don't know"; their box follows the banner, and
    the banner says it holds only if none is true when one of them would call for quicker help.
    ``unasked_rules``: warning rules that questions not asked could still fire (screening was
    complete); their box comes next, and they qualify the banner the same way.
    The examination note (tests not done that could raise the disposition) comes next.
    """
    from backstride.relief.plan import level_action
    from backstride.services.interview import more_urgent_signs

    result = result_obj.to_dict()
    if about_them:  # the texts of the result written to the person ("Take this summary with you")
        result = about_them_in(result)
    say = _words(about_them)
    # the level's own sources: an aneurysm emergency cites the aneurysm's, not the nerves' (relief.plan)
    sources = (
        level_action(result["disposition"], result.get("disposition_because") or (), kb)[1]
        if kb is not None and result["disposition"] in kb.dispositions
        else ()
    )
    qualified = bool(
        more_urgent_signs([*(uncertain_signs or ()), *(unasked_rules or ())], result["disposition"])
    )
    out: list[Any] = []
    if unscreened:
        if result["disposition"] in RAISED:
            out.append(banner(result, qualified=qualified, sources=sources))
            out.append(not_finished(unscreened, raised=True, about_them=about_them, go_on=go_on))
        else:
            out.append(not_finished(unscreened, about_them=about_them, go_on=go_on))
            out.append(partial_banner(result, sources, about_them=about_them))
        out.append(
            Text("\nPartial result: the rest of this page uses only the answers so far.", style="yellow")
        )
    else:
        out.append(banner(result, qualified=qualified, sources=sources))
    if uncertain_signs:
        out.append(uncertain(uncertain_signs, about_them=about_them))
    if unasked_rules:
        out.append(unasked(unasked_rules, about_them=about_them))
    if result.get("examination_note"):
        out.append(examination(result["examination_note"]))
    out += causes(result, kb, asked=asked, about_them=about_them, answers=answers)
    out += plan(result, kb, about_them=about_them)
    for renderable in name_the_article(out, kb):
        console.print(renderable)
    console.print()
    notice = str(result.get("not_a_diagnosis") or FALLBACK_NOTICE)
    console.print(
        Panel(Text(f"{notice}\n{say(safety_net(kb))}"), title="Not a diagnosis", border_style="dim")
    )
    if result.get("knowledge_version"):
        console.print(Text(f"knowledge base {result['knowledge_version']}", style="dim"))


__all__ = [
    "safety_net",
    "banner",
    "bar",
    "examination",
    "name_the_article",
    "not_finished",
    "partial_banner",
    "percent",
    "plain_text",
    "render_result",
    "unasked",
    "uncertain",
]
