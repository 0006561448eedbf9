"""The emergency notice said mid-interview (new-user test, 2026-11-27): a clinician check with sudden
pain in both legs for 6 weeks showed "Get emergency help now" above the next question (how it is
changing), and the notice said the questions below were "about other warning signs". They were not:
that answer is read by the rule's own chronic clause (``sudden_bilateral_sciatica``: long-standing
and getting better or the same sets "See a clinician today" [A15, A16]). Now the notice says the next
answer may change this advice, and, for anyone not sure, to get help now; the advice to go now is
said first, as before. When the next question cannot change it (new trouble peeing: a rule without a
chronic clause), the notice still says the questions are about other warning signs. The web page and
the terminal (``backstride assess``) say the same."""

from __future__ import annotations

from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.services import interview as words
from backstride.services.records import Records
from backstride.services.wording import about_them_text
from backstride.storage.db import Database
from backstride.web.app import create_app
from backstride.web.settings import Settings

NONE_OF_THESE = {  # the four warning-sign checklists, "none of these"
    code: False
    for code in (
        *("urinary_retention", "urinary_incontinence", "bowel_incontinence", "saddle_numbness"),
        *("sexual_dysfunction_new", "leg_symptoms_spread_to_other_leg"),
        *("leg_weakness_progressive", "foot_drop", "unsteady_gait", "foot_rest_pain_or_sore"),
        *("fever", "chills", "iv_drug_use", "immunosuppressed", "recent_infection_or_procedure"),
        *("history_of_cancer", "weight_loss_unexplained", "night_pain", "significant_trauma"),
        *("osteoporosis", "long_term_steroids", "abdominal_pulsation", "sudden_pain_with_faintness"),
    )
}
BOTH_LEGS_SUDDEN = {
    "age_years": 45,
    "duration_weeks": 6,
    "leg_symptoms_side": "both_sides",
    "onset": "sudden",
}
# a clinician's check: said about the person, as urgently (test_clinician_says_who_must_act.py)
MAY_CHANGE = about_them_text(
    "One more answer, to the question below, may change this advice. If you are not sure, get help now."
)
ALERT = about_them_text(words.EMERGENCY_ALERT)


def _page(tmp_path: Path, answers: dict[str, object]) -> str:
    url = f"sqlite:///{tmp_path}/b.db"
    records = Records(Database(url).migrate())
    check = records.start_assessment("clinician").id
    records.answer(check, answers)
    with TestClient(create_app(Settings(database_url=url))) as client:
        page = client.get(f"/check/{check}")
    assert page.status_code == 200
    return " ".join(unescape(page.text).split())


def test_the_notice_says_the_next_answer_may_change_it_when_the_rules_chronic_clause_reads_it(
    tmp_path: Path,
) -> None:
    page = _page(tmp_path, {**NONE_OF_THESE, **BOTH_LEGS_SUDDEN})
    notice = page.split('id="emergency-alert"')[1].split("</section>")[0]
    assert "Get emergency help now" in notice
    assert ALERT in notice  # go now, do not drive: said first, not softened
    assert MAY_CHANGE in notice
    assert notice.index(ALERT) < notice.index(MAY_CHANGE)
    assert "other warning signs" not in notice
    assert 'name="codes" value="trend"' in page  # asked below: getting better, the same or worse


def test_the_notice_keeps_its_words_when_the_next_question_cannot_change_it(tmp_path: Path) -> None:
    page = _page(tmp_path, {**{c: False for c in list(NONE_OF_THESE)[:6]}, "urinary_retention": True})
    notice = page.split('id="emergency-alert"')[1].split("</section>")[0]
    assert words.EMERGENCY_ALERT_NEXT_CLINICIAN_WEB in notice and "may change" not in notice
    # the clinician asks the person (test_cli_clinician_prompts.py): it read "If they can, answer ..."
    assert "If they can answer, ask them the last few questions below" in notice
    assert "If they can, answer" not in notice


def test_the_terminal_says_the_same() -> None:
    # four checklists "none of these", age 45, 6 weeks, both legs (3), sudden (1), then getting better
    typed = "0\n0\n0\n0\n45\n6\n3\n1\n1\n" + "?\n" * 60
    result = CliRunner().invoke(cli_app, ["assess", "--mode", "clinician"], input=typed)
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.replace("│", " ").split())
    alert = out[out.index("EMERGENCY: GET HELP NOW") :]
    assert ALERT in alert
    may_change = about_them_text(words.EMERGENCY_ALERT_MAY_CHANGE)
    assert may_change in alert and "other warning signs" not in alert.split("?")[0]
    # new trouble peeing: the questions after it are about other warning signs, as before
    result = CliRunner().invoke(cli_app, ["assess"], input="1\n" + "0\n" * 3)
    out = " ".join(result.stdout.replace("│", " ").split())
    assert words.EMERGENCY_ALERT_NEXT in out and words.EMERGENCY_ALERT_MAY_CHANGE not in out


def test_only_an_answer_that_can_lower_it_is_said_to_change_it() -> None:
    both_legs = {**NONE_OF_THESE, **BOTH_LEGS_SUDDEN}
    assert words.emergency_alert_next(both_legs, ["trend"], web=True) == words.EMERGENCY_ALERT_MAY_CHANGE_WEB
    # "don't know" how long: getting better cannot show it is long-standing, so it cannot lower it
    unsure = {**both_legs, "duration_weeks": None}
    assert words.emergency_alert_next(unsure, ["trend"], web=True) == words.EMERGENCY_ALERT_NEXT_WEB
    # another emergency rule without a chronic clause holds it (new trouble peeing), whatever the answer
    peeing = {**both_legs, "urinary_retention": True}
    assert words.emergency_alert_next(peeing, ["trend"]) == words.EMERGENCY_ALERT_NEXT
