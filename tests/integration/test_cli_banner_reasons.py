"""``backstride assess``'s banner heads the rules it lists as the web's banner does
(``services.wording.banner_reasons``): "Why:" when one of them set the level, "Also:" when they fired
below it.

A new-user test (2026-11-27) found that for a likely spine infection (urgent: the cause sets the
level) the terminal's banner listed the infection rule's routine words ("so book a check with a
clinician") right under "See a clinician today", with no heading; the web page says "Also:" there.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.knowledge import load_knowledge
from backstride.services.assessment import assess
from backstride.web.views import banner_context

runner = CliRunner()

NO_WARNING_SIGNS = dict.fromkeys(
    (
        "urinary_retention", "urinary_incontinence", "bowel_incontinence", "saddle_numbness",
        "sexual_dysfunction_new", "leg_symptoms_spread_to_other_leg", "leg_weakness_progressive",
        "foot_drop", "unsteady_gait", "fever", "chills", "iv_drug_use", "immunosuppressed",
        "recent_infection_or_procedure", "history_of_cancer", "weight_loss_unexplained", "night_pain",
        "significant_trauma", "osteoporosis", "long_term_steroids", "abdominal_pulsation",
    ),
    False,
)  # fmt: skip
# injecting drugs, a weak immune system, a recent infection, pain at night, for 8 stable weeks: the
# infection rule fires at its chronic level (routine), a likely spine infection makes it urgent
LIKELY_INFECTION = {
    **NO_WARNING_SIGNS,
    "iv_drug_use": True,
    "immunosuppressed": True,
    "recent_infection_or_procedure": True,
    "night_pain": True,
    "duration_weeks": 8,
    "trend": "stable",
}


def _banner(tmp_path: Path, findings: dict) -> str:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"findings": findings}), encoding="utf-8")
    result = runner.invoke(app, ["assess", "--answers", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    box = result.output.split("╰", 1)[0]  # the first box: the banner
    return " ".join(box.replace("│", " ").split())


def test_rules_below_the_level_are_listed_under_also(tmp_path: Path) -> None:
    result = assess(LIKELY_INFECTION).to_dict()
    assert result["disposition"] == "urgent" and result["conditions"][0]["code"] == "spinal_infection"
    assert [f["disposition"] for f in result["red_flags"]] == ["routine"]
    banner = _banner(tmp_path, LIKELY_INFECTION)
    web = banner_context(load_knowledge(), result, LIKELY_INFECTION)
    assert web["reasons_heading"] == "Also:"
    first, also = banner.split(" Also: ")
    assert "URGENT" in first and "See a clinician today" in first and "book a check" not in first
    assert "Why:" not in banner
    listed = " ".join(f"• {reason['message']} [{', '.join(reason['sources'])}]" for reason in web["reasons"])
    assert also == listed  # the same rules as the web's banner, in its order, each with its sources


def test_a_rule_that_set_the_level_is_listed_under_why(tmp_path: Path) -> None:
    fever = {**LIKELY_INFECTION, "fever": True}  # a fever with injecting drugs: an emergency rule
    result = assess(fever).to_dict()
    assert result["disposition"] == "emergency"
    assert banner_context(load_knowledge(), result, fever)["reasons_heading"] == "Why:"
    banner = _banner(tmp_path, fever)
    assert " Why: • A fever with back pain when you inject drugs" in banner


def test_under_an_emergency_only_what_made_it_one_is_why(tmp_path: Path) -> None:
    # a fever with injecting drugs is an emergency; the same answers also fire a same-day rule and
    # the infection rule's routine words ('so book a check with a clinician. If you get a fever, see a
    # doctor today'). Under 'Go to an emergency department now ... Why:' those read as the advice, and
    # 'If you get a fever' to a person who has one: they are listed under 'Also:', after the emergency
    from backstride.web.templating import template_env

    fever = {**LIKELY_INFECTION, "fever": True}
    result = assess(fever).to_dict()
    levels = [f["disposition"] for f in result["red_flags"]]
    assert result["disposition"] == "emergency" and levels == ["emergency", "urgent", "routine"]
    why, also = _banner(tmp_path, fever).split(" Why: ", 1)[1].split(" Also: ")
    assert "Go to an emergency department now" in why
    assert "same-day" not in why and "book a check" not in why and "not clearly improved" not in why
    assert "same-day" in also and "book a check" in also and "not clearly improved" in also
    web = banner_context(load_knowledge(), result, fever)
    html = " ".join(template_env().get_template("_banner.html").render(banner=web).split())
    web_why, web_also = html.split("<p>Why:</p>", 1)[1].split("<p>Also:</p>")
    assert "emergency department now" in web_why and "book a check" not in web_why
    assert "same-day" in web_also and "book a check" in web_also
