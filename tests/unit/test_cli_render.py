"""What the terminal shows for an assessment: answers in words with their units, honest percentages."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from backstride.cli.render import percent, render_result
from backstride.knowledge import load_knowledge
from backstride.services.assessment import assess


def rendered(findings: dict[str, object]) -> str:
    buffer = io.StringIO()
    render_result(Console(file=buffer, width=200), assess(findings), load_knowledge())
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("probability", "shown"),
    [
        (0.9973, ">99%"),
        (0.995, ">99%"),
        (0.994, "99%"),
        (0.45, "45%"),
        (0.006, "1%"),
        (0.004, "<1%"),
        (0.0, "<1%"),
    ],
)
def test_a_percentage_is_never_a_false_certainty(probability: float, shown: str) -> None:
    assert percent(probability) == shown


def test_a_near_certain_cause_is_not_shown_as_100_percent() -> None:
    out = rendered(
        {
            "age_years": 74,
            "leg_symptoms_side": "both_sides",
            "relief_sitting": True,
            "relief_flexion": True,
            "no_pain_seated": True,
            "worse_walking": True,
        }
    )
    assert ">99%  Lumbar spinal stenosis" in out
    assert "100%" not in out


def test_a_number_answer_carries_its_unit() -> None:
    out = rendered({"age_years": 31, "duration_weeks": 4, "trend": "improving", "pain_severity_nrs": 7})
    assert "How long you have had this pain (you said 4 weeks)" in out
    # the same plain words as the web pages, not the measure's clinical name
    assert "Your age (you said 31 years)" in out and "Age in whole years" not in out


def test_warning_signs_reasons_and_what_cannot_be_ruled_out_cite_their_sources() -> None:
    emergency = " ".join(rendered({"urinary_retention": True}).replace("│", " ").split())
    assert "This needs a scan in hospital now. [A15, A16, A10, A14]" in emergency
    routine = " ".join(rendered({"walking_tolerance_min": 5}).split())
    assert "should be checked by a clinician. [D7, A9]" in routine
    mimic = " ".join(rendered({"age_years": 65, "worse_walking": True}).split())
    assert "(blood pressure at the ankle compared with the arm). [B6, B8, B9]" in mimic


def test_every_timeline_step_is_shown_with_its_sources() -> None:
    out = rendered({"age_years": 38, "pain_low_back": True, "worse_walking": True, "pain_leg": "none"})
    timeline = out[out.index("Timeline") : out.index("When to see a clinician")]
    steps = [line for line in timeline.splitlines()[1:] if line.strip()]
    assert steps and all(line.rstrip().endswith("]") and "[" in line for line in steps), steps


def test_when_to_see_a_clinician_cites_the_dispositions_sources() -> None:
    kb = load_knowledge()
    findings = {"age_years": 38, "pain_low_back": True, "worse_walking": True, "pain_leg": "none"}
    disposition = assess(findings).disposition
    out = rendered(findings)
    section = out[out.index("When to see a clinician") :]
    keys = ", ".join(kb.dispositions[disposition].sources)
    assert f"[{keys}]" in " ".join(section.split())


def test_a_wrapped_list_item_continues_under_its_text_not_under_the_bullet() -> None:
    from rich.text import Text

    from backstride.cli.render import bullet

    out = io.StringIO()
    Console(file=out, width=30, color_system=None).print(
        bullet(Text("Your foot slaps down or your toes catch; you can't lift the front of your foot"))
    )
    lines = [line.rstrip() for line in out.getvalue().splitlines() if line.strip()]
    assert len(lines) >= 3 and lines[0].startswith("  • Your foot")
    assert all(line.startswith("    ") and line[4] != " " for line in lines[1:]), lines


def test_an_answer_that_changes_nothing_is_not_said_to_point_either_way() -> None:
    # found in review: a likelihood ratio of exactly 1 was printed as "points towards it"
    from backstride.cli.render import causes

    def reason(finding: str, lr: float) -> dict[str, object]:
        return {"finding": finding, "value": True, "likelihood_ratio": lr, "sources": ["B1"]}

    condition = {
        "code": "lumbar_spinal_stenosis",
        "name": "Lumbar spinal stenosis",
        "probability": 0.6,
        "because": [reason("relief_sitting", 2.0), reason("worse_walking", 1.0), reason("pain_groin", 0.5)],
    }
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    for part in causes({"conditions": [condition]}, load_knowledge()):
        console.print(part)
    out = buffer.getvalue()
    assert "points towards it: Sitting down relieves the walking symptoms (you said yes)" in out
    assert "points away from it: Pain in the groin or front of the hip (you said yes)" in out
    from backstride.services.wording import finding_label

    assert finding_label(load_knowledge(), "worse_walking") not in out  # a ratio of 1: left out


@pytest.mark.parametrize(
    ("lr", "shown"), [(400.0, "x400"), (1234.5, "x1,234"), (16.0, "x16"), (1.5729, "x1.6"), (0.05, "x0.05")]
)
def test_a_likelihood_ratio_is_said_as_a_plain_number(lr: float, shown: str) -> None:
    # found in review: urinary retention's ratio of 400 was printed "odds x4e+02"
    from backstride.cli.render import causes

    condition = {
        "code": "cauda_equina_syndrome",
        "name": "Cauda equina syndrome",
        "probability": 0.6,
        "because": [
            {"finding": "urinary_retention", "value": True, "likelihood_ratio": lr, "sources": ["A11"]}
        ],
    }
    buffer = io.StringIO()
    console = Console(file=buffer, width=200)
    for part in causes({"conditions": [condition]}, load_knowledge()):
        console.print(part)
    out = buffer.getvalue()
    assert f"(odds {shown})" in out, out
    assert "e+" not in out and "e-" not in out


@pytest.mark.parametrize(
    ("findings", "keys"),
    [
        (
            {"age_years": 38, "pain_low_back": True, "trend": "improving", "duration_weeks": 1},
            "[A9, A29, C8]",
        ),
        ({"urinary_retention": True}, "[A9, A15, A16, A22]"),
    ],
)
def test_the_disposition_banner_cites_its_sources(findings: dict[str, object], keys: str) -> None:
    # found in review: the headline ("Self-manage with the plan; see a clinician if not better in 4 to 6
    # weeks ...") was the one clinical statement on the page without its source keys
    out = rendered(findings)
    head = out[: out.index("What may be causing it")]
    first_box = head[: head.index("╰")]
    assert keys in " ".join(first_box.replace("│", " ").split()), first_box


def test_the_safety_net_under_every_result_cites_its_sources() -> None:
    # found in review: "Go to an emergency department now if you get new trouble peeing ..." under
    # every result was a clinical statement without its keys (A.2: always show this safety netting)
    out = " ".join(rendered({"age_years": 40}).replace("│", " ").split())
    notice = out[out.index("This is not a diagnosis") :]
    assert "or feel your legs getting weaker [A15, A16, A22]." in notice


def test_the_safety_net_names_both_legs_a_bad_fall_and_the_aneurysm_signs() -> None:
    # review k4: the terminal's safety net under every result named the bladder, the bowels, numbness
    # between the legs and weaker legs, but not pain in both legs (sudden_bilateral_sciatica,
    # sciatica_spread_to_both_legs [A16]), a bad fall (major_trauma [A1]) or the aneurysm signs
    # (aortic_aneurysm_pattern [A24]), all emergencies here, as "Get help now" on the web names them
    out = " ".join(rendered({"age_years": 40}).replace("│", " ").split())
    notice = out[out.index("This is not a diagnosis") :]
    # since 3713d202 the faintness closes the aneurysm's signs, before their source
    aneurysm = ("throbbing", "tearing pain through to your back", "passing out [A24]")
    for words in ("spreads to both legs [A16]", "a bad fall or an accident [A1]", *aneurysm):
        assert words in notice, (words, notice)
