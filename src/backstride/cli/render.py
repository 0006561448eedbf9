"""Rich rendering of an assessment for the terminal. It shows the because-trail, never recomputes it.

Order: the disposition banner first (red for an emergency), the warning signs that fired, the
likely causes with probability bars and reasons, the relief plan, when to see a clinician, and the
not-a-diagnosis notice.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.text import Text

NOT_A_DIAGNOSIS = (
    "This is not a diagnosis. backstride helps you and your clinician think; it does not replace "
    "an examination. If anything changes or gets worse, get checked."
)
SAFETY_NET = (
    "Go to an emergency department now if you get new trouble peeing, lose control of your bladder "
    "or bowels, get numb between your legs, or your legs get weaker."
)

BANNER_STYLE = {
    "emergency": ("bold white on red", "red", "EMERGENCY"),
    "urgent": ("bold black on dark_orange", "dark_orange", "URGENT"),
    "routine": ("bold white on blue", "blue", "SEE A CLINICIAN"),
    "self_care": ("bold black on green", "green", "SELF-CARE"),
}
BAR_WIDTH = 24
MAX_CAUSES = 5
MIN_CAUSE_PROBABILITY = 0.03

GRADE_WORDS = {
    "supported": "supported by trials or guidelines",
    "supported_mechanism": "supported for this cause",
    "plausible_untested": "plausible, not tested in trials",
    "insufficient_evidence": "trials cannot yet say if it helps",
    "not_supported": "a trial found it does not help",
    "safety": "safety advice",
}


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _finding_words(kb: Any, code: str) -> str:
    finding = kb.findings.get(code)
    return finding.means.rstrip(".") if finding is not None else code.replace("_", " ")


def _condition_name(kb: Any, code: str) -> str:
    condition = kb.conditions.get(code)
    if condition is None:
        return code.replace("_", " ")
    return str(getattr(condition, "name", None) or code.replace("_", " "))


def bar(probability: float, width: int = BAR_WIDTH) -> str:
    """A text bar for a probability in [0, 1]."""
    filled = max(0, min(width, round(probability * width)))
    return "█" * filled + "░" * (width - filled)


def banner(result: Mapping[str, Any], kb: Any) -> Panel:
    disposition = result["disposition"]
    style, border, title = BANNER_STYLE.get(disposition, ("bold", "white", disposition.upper()))
    definition = kb.dispositions.get(disposition)
    text = str(_get(definition, "banner", None) or _get(definition, "means", disposition))
    body = [Text(text, style=style, justify="center")]
    for flag in result.get("red_flags", []):
        body.append(Text(f"• {flag['message']}", style="bold"))
    return Panel(Group(*body), title=title, border_style=border, expand=True)


def _reason_lines(kb: Any, condition: Mapping[str, Any], trail: Any) -> list[Text]:
    lines: list[Text] = []
    contributions = list(_get(trail, "contributions", None) or [])
    if contributions:
        for item in sorted(contributions, key=lambda c: -abs(float(_get(c, "log_odds", 0.0))))[:4]:
            code = _get(item, "finding", None) or _get(item, "code", "")
            lr = float(_get(item, "lr", 1.0))
            sources = ", ".join(_get(item, "sources", ()) or ())
            word = "because" if lr >= 1 else "against"
            lines.append(
                Text(f"      {word}: {_finding_words(kb, code).lower()} (x{lr:.2g}) [{sources}]", style="dim")
            )
        return lines
    for key, word in (("supporting", "because"), ("against", "against")):
        codes = condition.get(key) or []
        if codes:
            names = "; ".join(_finding_words(kb, c).lower() for c in codes[:4])
            lines.append(Text(f"      {word}: {names}", style="dim"))
    return lines


def causes(result: Mapping[str, Any], kb: Any, trails: Mapping[str, Any]) -> list[Any]:
    out: list[Any] = [Text("\nWhat may be causing it", style="bold underline")]
    shown = [c for c in result["conditions"] if c["probability"] >= MIN_CAUSE_PROBABILITY][:MAX_CAUSES]
    for condition in shown or result["conditions"][:1]:
        p = float(condition["probability"])
        line = Text()
        line.append(f"  {bar(p)} ", style="cyan")
        line.append(f"{p * 100:4.0f}%  ", style="bold")
        line.append(_condition_name(kb, condition["code"]))
        out.append(line)
        out.extend(_reason_lines(kb, condition, trails.get(condition["code"])))
        evidence = condition.get("evidence") or []
        if evidence:
            out.append(Text(f"      sources: {', '.join(evidence[:6])}", style="dim"))
    for note in result.get("mimics", []) or []:
        out.append(Text(f"  Note: {_get(note, 'text', note)}", style="yellow"))
    return out


def _advice_block(kb: Any, item: Mapping[str, Any], number: int | None) -> list[Text]:
    advice = kb.advice.get(item.get("code", ""))
    title = _get(advice, "title", None)
    head = Text("  ")
    if number is not None:
        head.append(f"{number}. ", style="bold")
    if title:
        head.append(f"{title}: ", style="bold")
    head.append(str(item.get("text", "")))
    lines = [head]
    timing = _get(advice, "timing", None)
    if timing:
        lines.append(Text(f"     When: {timing}"))
    for i, step in enumerate(_get(advice, "steps", ()) or (), start=1):
        lines.append(Text(f"     Step {i}. {step}"))
    stop_if = _get(advice, "stop_if", None)
    if stop_if:
        lines.append(Text(f"     Stop if: {stop_if}", style="yellow"))
    grade = _get(advice, "evidence_grade", None)
    if grade:
        note = _get(advice, "note", "")
        sources = ", ".join(_get(advice, "sources", ()) or ())
        lines.append(Text(f"     Evidence: {GRADE_WORDS.get(grade, grade)}. {note} [{sources}]", style="dim"))
    return lines


def plan(result: Mapping[str, Any], kb: Any) -> list[Any]:
    plan_ = result.get("plan") or {}
    out: list[Any] = []
    immediate = plan_.get("immediate") or []
    if immediate:
        out.append(Text("\nRight now, on your walk", style="bold underline"))
        for item in immediate:
            out.extend(_advice_block(kb, item, None))
    home = plan_.get("home") or []
    if home:
        out.append(Text("\nAt home", style="bold underline"))
        for number, item in enumerate(home, start=1):
            out.extend(_advice_block(kb, item, number))
    see = plan_.get("see_clinician")
    if see:
        out.append(Text("\nWhen to see a clinician", style="bold underline"))
        out.append(Text(f"  {see}"))
    return out


def render_result(console: Console, result_obj: Any, kb: Any) -> None:
    """Print an ``AssessmentResult`` (banner first, notice last)."""
    result = result_obj.to_dict()
    trails = {}
    for condition in getattr(result_obj, "conditions", ()) or ():
        code = _get(condition, "code", None)
        if code is not None:
            trails[code] = condition
    console.print(banner(result, kb))
    for renderable in causes(result, kb, trails):
        console.print(renderable)
    for renderable in plan(result, kb):
        console.print(renderable)
    console.print()
    console.print(
        Panel(Text(f"{NOT_A_DIAGNOSIS}\n{SAFETY_NET}"), title="Not a diagnosis", border_style="dim")
    )
    version = result.get("knowledge_version")
    if version:
        console.print(Text(f"knowledge base {version}", style="dim"))


__all__ = ["NOT_A_DIAGNOSIS", "SAFETY_NET", "banner", "bar", "render_result"]
