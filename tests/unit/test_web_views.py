"""Unit tests of the web pages' view models and SVG charts (pure functions, no server)."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from backstride.knowledge.loader import load_knowledge
from backstride.services import wording
from backstride.web import charts, views
from backstride.web.charts import Bout, Series, time_series_svg, walk_timeline_svg


def test_time_series_markup_is_escaped_and_named():
    svg = str(
        time_series_svg(
            [Series("Pain <b>", [(date(2026, 1, 1), 3), (date(2026, 1, 3), 5)])],
            chart_id="c",
            title="A & B",
            desc="two points",
            y_label="Pain",
        )
    )
    assert svg.startswith("<svg") and "&lt;defs" not in svg
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">A &amp; B</title>' in svg
    assert "Pain &lt;b&gt;" in svg and "<b>" not in svg
    assert svg.count('class="point"') == 2


def test_series_differ_by_marker_shape_and_line_pattern_not_only_colour():
    points = [(date(2026, 1, d), float(d)) for d in (1, 2, 3)]
    svg = str(
        time_series_svg(
            [Series("One", points), Series("Two", points), Series("Three", points)],
            chart_id="c",
            title="t",
            desc="d",
            y_label="y",
        )
    )
    groups = re.findall(r'<g class="series".*?</g></g>|<g class="series".*?</text></g>', svg)
    assert len(groups) == 3
    assert "<circle" in groups[0] and "<rect" in groups[1] and "<polygon" in groups[2]
    assert "stroke-dasharray" not in groups[0] and 'stroke-dasharray="8 4"' in groups[1]


def test_y_ticks_cover_the_highest_value():
    svg = str(
        time_series_svg(
            [Series("m", [(date(2026, 1, 1), 5.0), (date(2026, 1, 2), 14.5)])],
            chart_id="c",
            title="t",
            desc="d",
            y_label="y",
            y_min=0,
        )
    )
    ticks = [float(t) for t in re.findall(r'text-anchor="end" stroke="none" fill="#222">([\d.]+)<', svg)]
    assert max(ticks) >= 14.5


def test_walk_timeline_has_a_hatched_box_per_bout_and_a_tick_per_contact():
    svg = str(
        walk_timeline_svg(
            duration_s=12.0,
            bouts=[Bout(1.0, 5.0, "Walk 1"), Bout(7.0, 11.0, "Walk 2")],
            contacts_s=[1.0, 1.6, 2.2, 7.1],
            chart_id="w",
            title="t",
            desc="d",
        )
    )
    assert '<pattern id="w-hatch"' in svg
    assert svg.count('fill="url(#w-hatch)"') == 2
    assert len(re.findall(r'<g class="contacts".*?</g>', svg)[0].split("<line")) - 1 == 4


QUESTION = {
    "id": "q",
    "kind": "checklist",
    "codes": ["fever", "chills"],
    "text": "Any of these?",
    "why": "because",
    "options": [{"value": "fever", "label": "Fever"}, {"value": "chills", "label": "Chills"}],
}


def test_parse_answer_checklist_none_ticked_and_unknown():
    assert views.parse_answer(QUESTION, "none") == {"fever": False, "chills": False}
    assert views.parse_answer(QUESTION, "checked", checked=["chills"]) == {"fever": False, "chills": True}
    assert views.parse_answer(QUESTION, "unknown") == {"fever": None, "chills": None}
    with pytest.raises(ValueError, match="did not tick"):
        views.parse_answer(QUESTION, "checked", checked=[])
    with pytest.raises(ValueError, match="does not belong"):
        views.parse_answer(QUESTION, "checked", checked=["saddle_numbness"])


def test_parse_answer_number_checks_range_and_type():
    q = {"kind": "number", "codes": ["age_years"], "min": 0, "max": 120, "text": "Age?", "why": "w"}
    assert views.parse_answer(q, "number", number_text="67") == {"age_years": 67}
    assert views.parse_answer(q, "number", number_text="7,5") == {"age_years": 7.5}
    for bad, message in (("", "type a number"), ("abc", "not a number"), ("130", "from 0 to 120")):
        with pytest.raises(ValueError, match=message):
            views.parse_answer(q, "number", number_text=bad)


def test_result_context_banner_first_and_steps_numbered_once():
    from backstride import assess

    kb = load_knowledge()
    answers = {"urinary_retention": True, "age_years": 50}
    context = views.result_context(kb, assess(answers).to_dict(), answers)
    assert context["banner"]["code"] == "emergency"
    assert context["banner"]["reasons"]
    assert "you said yes" in context["red_flags"][0]["findings"][0]
    answers = {"age_years": 45, "worse_walking": True, "pain_low_back": True}
    context = views.result_context(kb, assess(answers).to_dict(), answers)
    steps = [step for item in context["plan"]["stretches"] for step in item["steps"]]
    assert steps and not any(re.match(r"\d+[.)]", step) for step in steps)
    total = sum(c["probability"] for c in context["conditions_top"] + context["conditions_rest"])
    assert total == pytest.approx(1.0, abs=0.01)


def test_not_finished_context_groups_unasked_signs_by_how_soon():
    from backstride.services.interview import WarningSign

    signs = [
        WarningSign(
            "abdominal_pulsation", "A pulsing feeling in your belly", "rf_cancer_bone", "emergency", ("A24",)
        ),
        WarningSign("fever", "A temperature of 38 °C or more", "rf_infection", "urgent", ("A18", "A19")),
        WarningSign("night_pain", "Pain at night", "rf_cancer_bone", "routine", ("A2",)),
        WarningSign("significant_trauma", "A bad fall", "rf_cancer_bone", "emergency", ("A1", "A22")),
    ]
    context = views.not_finished_context(signs, raised=False)
    assert context["raised"] is False and "cannot say how urgent" in context["text"]
    levels = [g["level"] for g in context["groups"]]
    assert levels == ["emergency", "urgent", "routine"]
    emergency = context["groups"][0]
    assert emergency["items"] == ["A pulsing feeling in your belly", "A bad fall"]
    assert emergency["sources"] == ["A15", "A22", "A24", "A1"]  # the safety-net sources first, no repeats
    assert context["groups"][1]["sources"] == ["A18", "A19"]
    raised = views.not_finished_context(signs[1:2], raised=True)
    assert "cannot say how urgent" not in raised["text"] and [g["level"] for g in raised["groups"]] == [
        "urgent"
    ]
    assert views.not_finished_context([], raised=False)["groups"] == []


def test_chances_on_the_result_page_are_never_a_false_100_or_0_percent():
    # the page said "Lumbar spinal stenosis 100%", other causes "0%" and "starting chance 0%"
    from backstride.services.assessment import assess

    findings = {
        "age_years": 74,
        "leg_symptoms_side": "both_sides",
        "relief_sitting": True,
        "relief_flexion": True,
        "no_pain_seated": True,
        "worse_walking": True,
    }
    result = assess(findings).to_dict()
    assert result["conditions"][0]["probability"] >= 0.995  # near certain, not certain
    context = views.result_context(load_knowledge(), result, findings)
    shown = [c["percent_text"] for c in context["conditions_top"] + context["conditions_rest"]]
    assert shown[0] == ">99%"
    assert "<1%" in shown
    assert not {"100%", "0%"} & set(shown)
    priors = [c["prior"] for c in context["conditions_top"] + context["conditions_rest"] if c["prior"]]
    assert priors and "0%" not in priors and "0.0%" not in priors


def test_the_web_and_the_terminal_share_one_percentage_rule():
    from backstride.cli.render import percent as terminal_percent

    for probability in (0.0, 0.0004, 0.004, 0.006, 0.094, 0.45, 0.994, 0.995, 1.0):
        assert views.percent(probability) == terminal_percent(probability)


def _walk(**result):
    from backstride.services.records import summarize_walk

    return {"id": 1, "result": result, "summary": summarize_walk(result), "findings": {}}


def test_a_walks_speed_reads_the_same_in_its_numbers_and_in_its_gait_factor():
    # the page said 0.68 m/s in the numbers and 0.69 m/s in the factor: two means, two roundings
    bouts = [
        {"start_s": 0, "end_s": 10, "n_steps": 20, "walking_speed_mps": 0.7, "cadence_spm": 100.0},
        {"start_s": 20, "end_s": 25, "n_steps": 6, "walking_speed_mps": 0.6, "cadence_spm": 90.0},
    ]
    factor = {"code": "slow_speed", "present": True, "value": 0.685, "unit": "m/s", "shown_value": "0.69 m/s"}
    summary = {"walking_speed_mps": 0.685, "cadence_spm": 98.5, "stride_length_m": 0.835}
    context = views.walk_context(
        load_knowledge(), _walk(walking_bouts=bouts, gait_factors=[factor], summary=summary)
    )
    facts = {f["label"]: f["value"] for f in context["facts"]}
    assert facts["walking speed"] == "0.69 m/s" == context["factors"][0]["value"]
    assert facts["steps per minute"] == "99"  # half away from zero, as the factor texts round
    assert facts["stride length (two steps)"] == "0.84 m"


def test_gait_factor_headings_say_found_or_not_found_in_words_and_every_quality_flag_has_words():
    factors = [
        {"code": "limited_pelvic_rotation", "present": False, "value": 8.29, "quality": []},
        {"code": "slow_speed", "present": True, "value": 0.6, "quality": []},
        # not judged (a lean not read, say); a factor flagged not_worn_at_lower_back makes the whole walk
        # not judged (gait.factors.as_judged: the engine flags every factor of such a walk, never one)
        {"code": "uneven_steps", "present": None, "value": None, "quality": []},
        {
            "code": "forward_trunk_lean",
            "present": False,
            "value": 3.0,
            "quality": ["relative_to_standing", "standing_elsewhere_in_recording"],
        },
    ]
    context = views.walk_context(load_knowledge(), _walk(walking_bouts=[], gait_factors=factors))
    by_code = {f["code"]: f for f in context["factors"]}
    assert by_code["limited_pelvic_rotation"]["status"] == "Not found"
    assert by_code["slow_speed"]["status"] == "Found"
    assert by_code["uneven_steps"]["status"] == "Not judged"
    lean = by_code["forward_trunk_lean"]["quality"]
    assert lean == [
        "Measured against how you stood when you were not walking.",
        "Measured against how you stood at another time in the recording.",
    ]
    assert not any("at the start" in q for f in context["factors"] for q in f["quality"])
    # every quality flag the gait docs list has plain words (no code shown as words)
    for flag in ("standing_elsewhere_in_recording", "relative_to_standing", "not_worn_at_lower_back"):
        assert flag in views.QUALITY_WORDS


def test_the_plans_timeline_steps_carry_their_sources_to_the_page():
    from backstride import assess

    result = assess({"age_years": 38, "pain_low_back": True, "worse_walking": True, "pain_leg": "none"})
    plan = views.plan_context(load_knowledge(), result.to_dict()["plan"], [])
    assert plan["timeline"] and all(step["sources"] for step in plan["timeline"])


def test_date_ticks_name_the_year_when_the_data_spans_years():
    # a diary from 1950 to 2026 was labelled "01 Jan", "01 Jun", "25 Nov": which years?
    def ticks(points):
        svg = str(
            time_series_svg([Series("Pain", points)], chart_id="c", title="t", desc="d", y_label="Pain")
        )
        return re.findall(r'<text x="[^"]*" y="[^"]*" text-anchor="middle"[^>]*>([^<]*)</text>', svg)

    assert ticks([(date(1950, 6, 1), 3), (date(2026, 11, 25), 5)]) == ["1 Jun 1950", "25 Nov 2026"]
    assert ticks([(date(2025, 12, 30), 3), (date(2026, 1, 2), 5)]) == ["30 Dec 2025", "2 Jan 2026"]
    assert ticks([(date(2026, 1, 1), 3), (date(2026, 1, 3), 5)]) == ["1 Jan", "3 Jan"]  # one year: as before


def test_numbers_and_choices_are_named_in_plain_words_before_the_answer():
    # found reading a result as a 68-year-old: "Points towards it: Age in whole years (you said 68
    # years); Which legs have pain, numbness or heaviness (you said both sides)"
    from backstride import assess

    kb = load_knowledge()
    assert set(wording.PLAIN_FINDING_WORDS) <= set(kb.findings)
    assert views.finding_label(kb, "age_years", {"age_years": 68}) == "Your age (you said 68 years)"
    assert views.finding_label(kb, "relief_sitting", {"relief_sitting": True}) == (
        "Sitting down relieves the walking symptoms (you said yes)"  # a yes/no keeps its own words
    )
    answers = {
        "age_years": 68,
        "duration_weeks": 26,
        "leg_symptoms_side": "both_sides",
        "relief_sitting": True,
    }
    context = views.result_context(kb, assess(answers).to_dict(), answers)
    said = [f for c in context["conditions_top"] for f in c["supporting"] + c["against"]]
    said += [f for r in context["reasons_for_review"] for f in r["findings"]]
    assert "Your age (you said 68 years)" in said
    assert "How long you have had this pain (you said 26 weeks)" in said
    assert not any("whole years" in f or f.startswith("Which legs") for f in said)


def test_a_pain_of_years_is_quoted_in_years_too():
    # a person who typed "2 years" read "Because you said: How long you have had this pain (you said
    # 104 weeks)" on the result page, and the report "(they said 104 weeks)": words never said
    # (new-user test, N7); then "104 weeks, about 2 years" (fresh-eyes review, 2026-11-28): the answer
    # is said in the unit it was given in, whole or half years and whole months; other lengths as typed
    from backstride.services.assessment import assess

    kb = load_knowledge()
    answers = {"age_years": 63, "duration_weeks": 104, "trend": "stable"}
    context = views.result_context(kb, assess(answers).to_dict(), answers)
    said = [f for r in context["reasons_for_review"] for f in r["findings"]]
    assert "How long you have had this pain (you said 2 years)" in said
    for weeks, words in [(78, "1.5 years"), (52, "1 year"), (30.3, "7 months"), (4.3, "1 month")]:
        label = views.finding_label(kb, "duration_weeks", {"duration_weeks": weeks})
        assert label.endswith(f"(you said {words})"), label
    for weeks, words in [(51.9, "51.9 weeks"), (13, "13 weeks"), (0.5, "0.5 weeks")]:
        label = views.finding_label(kb, "duration_weeks", {"duration_weeks": weeks})
        assert label.endswith(f"(you said {words})"), label
    assert views.finding_label(kb, "duration_weeks", {"duration_weeks": 60}).endswith(
        "(you said 60 weeks, about 1.2 years)"
    )


def test_a_long_series_label_is_written_on_lines_that_fit_beside_the_plot():
    # found on the diary's tolerance chart: "Measured on a walk" ran past the chart's edge and was
    # cut to "Measured on a" (on a phone and on a computer alike)
    points = [(date(2026, 1, 1), 3.0), (date(2026, 1, 3), 5.0)]
    svg = str(
        time_series_svg(
            [Series("Your diary", points), Series("Measured on a walk", points)],
            chart_id="c",
            title="t",
            desc="d",
            y_label="y",
        )
    )
    labels = re.findall(r'<text fill="[^"]+" font-weight="bold">(.*?)</text>', svg)
    lines = [re.findall(r"<tspan[^>]*>(.*?)</tspan>", label) for label in labels]
    assert lines == [["Your diary"], ["Measured on", "a walk"]]
    assert all(len(line) <= 12 for label in lines for line in label)
    assert 'data-series="Measured on a walk"' in svg  # the series keeps its whole name


def test_walk_labels_never_run_over_each_other():
    # found on a phone: three short walks close together read "Walk 5Walk 6Walk 7"; then a label
    # without room was left out ("Walk 1, 2, 5"); now, when the names do not fit, every walk gets its
    # number as the table numbers it, in a second row where needed (each keeps its name on hover)
    bouts = [Bout(0.0, 10.0, "Walk 1"), Bout(60.0, 62.0, "Walk 2"), Bout(63.0, 65.0, "Walk 3")]
    bouts.append(Bout(66.0, 68.0, "Walk 4"))
    bouts.append(Bout(100.0, 110.0, "Walk 5"))
    chart = walk_timeline_svg(duration_s=120.0, bouts=bouts, contacts_s=[], chart_id="w", title="t", desc="d")
    svg = str(chart)
    shown = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" fill="#222">(\d)</text>', svg)
    assert [label for _, _, label in shown] == ["1", "2", "3", "4", "5"]
    for row in {y for _, y, _ in shown}:
        starts = [float(x) for x, y, _ in shown if y == row]
        assert all(b - a >= charts.TEXT_CHAR_PX for a, b in itertools.pairwise(starts))
    assert re.findall(r"<title>(Walk \d)</title>", svg) == [b.label for b in bouts]


def test_the_steps_per_minute_chart_names_its_line_in_plain_words() -> None:
    """A new-user test (2026-11-27) read "Cadence" beside the line of the chart "Steps per minute from
    your walks": a word the person was never told. The line is called what the heading calls it."""
    walk = {"walked_at": "2026-11-20T10:00:00+00:00", "cadence_spm": 100.0, "walking_speed_mps": 1.0}
    charts_drawn = views.diary_charts({"entries": [], "walks": [walk]})
    chart = next(c for c in charts_drawn if c["id"] == "cadence-chart")
    assert [s.label for s in chart["series"]] == ["Steps per minute"]
    assert "Cadence" not in str(chart["svg"]) and "Cadence" not in chart["caption"]
