"""The walk page says in plain words what the gait engine flags: times it cannot count as walked,
every quality flag, a sensor worn away from the lower back (first), factors it could not judge, and long
durations in hours and minutes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import FORMATS, MOBILISED_LAB
from tests.integration.test_cli_gait import still_csv
from tests.integration.test_report_pdf import words
from tests.integration.test_web_plain_language import MAX_GRADE, reading_grade

from backstride.web.app import create_app
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # walking from 4.06 s to 7.95 s
LAB_UNITS = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
FORMATS_TAS1H = FORMATS / "actigraph_gt3x/THLfi__read.gt3x/TAS1H30182785_2019-09-17.gt3x"  # 36 min


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("walk-words") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as c:
        yield c


def _text(page: str) -> str:
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _walk_page(client, path: Path, data: dict | None = None) -> tuple[dict, str]:
    sent = client.post(
        "/walks", files={"file": (path.name, path.read_bytes())}, data=data or {}, follow_redirects=False
    )
    if sent.status_code == 409:  # sent before in this module: the walk stored from the same file
        walk_id = re.search(r'id="sent-already".*?href="/walks/(\d+)"', sent.text, re.S).group(1)
    else:
        assert sent.status_code == 303, sent.text[:500]
        walk_id = sent.headers["location"].rsplit("/", 1)[1]
    return client.get(f"/api/walks/{walk_id}").json(), client.get(f"/walks/{walk_id}").text


def _section(page: str, heading_id: str) -> str:
    return _text(re.search(rf'id="{heading_id}".*?</section>', page, re.S).group(0))


def _lab_with_an_hour_without_samples(tmp_path: Path) -> Path:
    """The lab walk with the sensor off for an hour after 8 s: walking 4-8 s and again at 3608 s."""
    lines = LAB_WALK.read_text().splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        t, rest = line.split(",", 1)
        out.append(f"{float(t) + (3600 if float(t) >= 8.0 else 0):.2f},{rest}")
    path = tmp_path / "gap.csv"
    path.write_text("\n".join(out) + "\n")
    return path


def test_times_given_for_a_recording_without_walking_are_not_said_to_be_missing(client, tmp_path):
    walk, page = _walk_page(
        client, still_csv(tmp_path / "still.csv", seconds=20), {"symptom_at": "5", "stop_at": "10"}
    )
    assert walk["result"]["walking_tolerance"]["quality"] == ["no_walking_found"]
    section = _section(page, "tolerance-heading")
    assert "You did not tell us when symptoms came" not in section
    assert (
        "No walking was found, so the time to the first symptom and to the stop cannot be measured."
        in section
    )


def test_a_symptom_before_the_walking_began_is_not_a_walk_of_0_s(client):
    walk, page = _walk_page(client, LAB_WALK, {**LAB_UNITS, "symptom_at": "2", "stop_at": "7"})
    assert walk["result"]["walking_tolerance"]["quality"] == ["first_symptom_before_walking"]
    section = _section(page, "tolerance-heading")
    assert "Until the first symptom Before the walking began. —" in section
    assert "0 s" not in section and "about 0 m" not in section
    assert re.search(r"Until you had to stop 2\.9 s about \d m", section)  # the stop was walked to
    # the time to the stop is the walking tolerance (it gave none), and the page says so
    assert walk["findings"]["walking_tolerance_min"] == pytest.approx(2.94 / 60, abs=0.01)
    assert (
        "Until the first symptom: it came before the walking began, so how long you could walk is counted "
        "until you had to stop." in section
    )


def test_a_time_across_an_hour_without_samples_is_not_a_walking_time(client, tmp_path):
    path = _lab_with_an_hour_without_samples(tmp_path)
    walk, page = _walk_page(client, path, {**LAB_UNITS, "symptom_at": "6", "stop_at": "3609"})
    assert walk["result"]["walking_tolerance"]["quality"] == ["time_without_samples_before_stop"]
    section = _section(page, "tolerance-heading")
    said = "the sensor recorded nothing for part of that time, so it is not a walking time."
    assert f"Until you had to stop: {said}" in section
    assert f"Until the first symptom: {said}" not in section  # the symptom came before the gap
    assert "Time without samples" not in section  # the flag is said once, in words


def _flags_the_gait_engine_can_emit() -> set[str]:
    """Every quality flag in the gait engine's source (a string put in a list or appended, or a constant
    that is, that names no function) and in docs/gait.md's quality flags table."""
    import ast

    from backstride.services.tolerance_words import said_flags  # the flags built by f-strings

    gait = Path(__import__("backstride.gait", fromlist=["x"]).__file__).parent
    trees = [ast.parse(p.read_text()) for p in sorted(gait.rglob("*.py"))]
    defined, constants, used = set(), {}, []
    for tree in trees:
        skip = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                defined.add(node.name)
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
                constants.update(
                    {t.id: node.value.value for t in node.targets if getattr(t, "id", "").isupper()}
                )
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__" for t in node.targets):
                skip.add(id(node.value))
        for node in ast.walk(tree):
            if isinstance(node, ast.List) and id(node) not in skip:
                used += node.elts
            elif isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "append":
                used += node.args
    flags = set(said_flags())
    for item in used:
        value = item.value if isinstance(item, ast.Constant) else constants.get(getattr(item, "id", ""))
        if isinstance(value, str) and re.fullmatch(r"[a-z]{3,}(_[a-z]+)*", value) and value not in defined:
            flags.add(value)
    docs = (Path(__file__).parents[2] / "docs/gait.md").read_text()
    table = docs.split("## Quality flags", 1)[1].split("\n\n", 2)[1]
    flags |= {f for row in table.splitlines() for f in re.findall(r"`([a-z_]+)`", row.split("|")[1])}
    return flags


def test_every_quality_flag_the_gait_engine_can_emit_has_plain_words():
    from backstride.web.views import QUALITY_WORDS

    flags = _flags_the_gait_engine_can_emit()
    # the scan finds the flags named in the brief and in the engine (not only the documented ones)
    assert {"too_slow", "alternation_broken", "merged_across_window_edge", "no_walking_found"} <= flags
    assert {"stop_before_walking", "time_without_samples_before_stop", "exploratory"} <= flags
    assert not {"analyze_gait", "walking_tolerance", "cadence_spm"} & flags  # names, not flags
    assert sorted(flags - set(QUALITY_WORDS)) == []


def test_the_flags_of_a_real_recording_are_said_in_words_not_as_labels(client):

    from backstride.web.views import QUALITY_WORDS

    path = FORMATS_TAS1H
    walk, page = _walk_page(client, path)
    flags = {q for f in walk["result"]["gait_factors"] for q in f["quality"]}
    assert {"too_noisy", "turns_not_corrected", "orientation_unknown"} <= flags
    section = _section(page, "factors-heading")
    for flag in flags:
        assert QUALITY_WORDS[flag] in section
    for label in ("Too noisy", "Turns not corrected", "Orientation unknown"):
        assert label not in section
    assert reading_grade(page) <= MAX_GRADE


def test_a_wrist_recording_says_so_before_any_number(client):
    from tests.conftest import FORMATS

    walk, page = _walk_page(client, FORMATS / "axivity_cwa/wadpac__GGIRread/ax3_testfile.cwa")
    assert walk["result"]["alignment"]["body_location"] == "right wrist"
    text = _text(page)
    warning = "This recording says it was worn on the right wrist. backstride's walking numbers are made for"
    assert warning in text and "[D5]" in text
    assert text.index(warning) < text.index("Your numbers") < text.index("walking speed")
    assert text.count(warning) == 1  # not said again under "How we read the file"


def _factor_items(page: str) -> list[str]:
    section = re.search(r'id="factors-heading".*?</section>', page, re.S).group(0)
    return [_text(item) for item in re.findall(r"<li.*?</li>", section, re.S)]


def test_a_factor_not_judged_claims_no_certainty_and_no_height(client):
    from tests.conftest import FORMATS

    walk, page = _walk_page(client, FORMATS / "axivity_cwa/wadpac__GGIRread/ax3_testfile.cwa")
    assert all(f["present"] is None for f in walk["result"]["gait_factors"])
    assert any("default_height" in f["quality"] for f in walk["result"]["gait_factors"])
    items = _factor_items(page)
    assert len(items) == 5 and all(item.startswith("Not judged:") for item in items)
    for item in items:
        assert "How sure" not in item and "typical body height" not in item and "for a clinician" not in item
    # a judged factor keeps both (the lab walk, no height given)
    _, lab = _walk_page(client, LAB_WALK, LAB_UNITS)
    speed = next(item for item in _factor_items(lab) if "walk slowly" in item.lower() or "speed" in item)
    assert not speed.startswith("Not judged") and "How sure: fairly sure" in speed
    assert "We used a typical body height" in speed


def test_long_durations_read_in_hours_minutes_and_seconds(client, tmp_path):
    """'3612 s recorded', 'Walk 2: 3608.5 s' read as seconds only; one helper words them all."""
    walk, page = _walk_page(client, _lab_with_an_hour_without_samples(tmp_path), LAB_UNITS)
    assert walk["result"]["walking_bouts"][-1]["start_s"] > 3600
    # the chart's axis and the gait engine's own notes on reading the file aside
    notes = r"<details[^>]*>\s*<summary>How we read the file.*?</details>"
    main = _text(re.sub(rf"<svg.*?</svg>|{notes}", "", page, flags=re.S))
    assert "1 h 0 min 12 s recorded" in main
    assert "A recording of 1 h 0 min 12 s with 2 stretches" in _text(page)  # the chart's description
    assert re.search(r"Walk 2 1 h 0 min \d+ s 1 h 0 min \d+ s", main)
    assert not re.findall(r"\b\d{3,}(?:\.\d+)? s\b", main)
    listed, _ = _walk_page(client, FORMATS_TAS1H)
    assert listed["summary"]["walking_duration_s"] > 60
    walks = _text(client.get("/walks").text)
    assert not re.findall(r"\b\d{3,}(?:\.\d+)? s\b", walks)
    assert re.search(r"\b\d+ min( \d+ s)?, \d+ steps", walks)
    from backstride.web.views import walk_time  # the one helper

    assert [walk_time(s) for s in (4.06, 59.94, 60.2, 137.1, 3600, 3612.46, 10_804.3, None)] == [
        "4.1 s",
        "59.9 s",
        "1 min",
        "2 min 17 s",
        "1 h",
        "1 h 0 min 12 s",
        "3 h 0 min 4 s",
        "—",
    ]


def test_the_timeline_of_a_long_recording_counts_in_minutes_or_hours(client, tmp_path):
    """Its axis read '0 s 1000 s 2000 s 3000 s' for an hour's recording."""
    _, page = _walk_page(client, _lab_with_an_hour_without_samples(tmp_path), LAB_UNITS)
    axis = re.findall(
        r'text-anchor="middle" fill="#222">([^<]*)</text>', re.search(r"<svg.*?</svg>", page, re.S)[0]
    )
    assert axis == ["0 min", "15 min", "30 min", "45 min", "1 h"]  # an hour and 8 s
    from backstride.web.charts import walk_timeline_svg

    def ticks(duration_s: float) -> list[str]:
        svg = walk_timeline_svg(
            duration_s=duration_s, bouts=[], contacts_s=[], chart_id="w", title="t", desc="d"
        )
        return re.findall(r'text-anchor="middle" fill="#222">([^<]*)</text>', svg)

    assert ticks(120.0) == ["0 s", "20 s", "40 s", "60 s", "80 s", "100 s", "120 s"]  # short: seconds
    assert ticks(10_938.0) == ["0 h", "1 h", "2 h", "3 h"]
    # 2 h 59 min read '0 min 50 min 100 min 150 min'; 9 min 59 s read '0 s 100 s ... 500 s'
    assert ticks(10_740.0) == ["0 min", "30 min", "1 h", "1 h 30 min", "2 h", "2 h 30 min"]
    assert ticks(599.0) == ["0 min", "2 min", "4 min", "6 min", "8 min"]


def test_the_report_for_a_clinician_says_what_the_walk_page_says(tmp_path):
    """The report's latest walk left out the wrist warning and the note that a time is not walked."""
    db = tmp_path / "report.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
        _walk_page(client, _lab_with_an_hour_without_samples(tmp_path), {**LAB_UNITS, "stop_at": "3609"})
        report = _text(client.get("/report").text)
        said = "the sensor recorded nothing for part of that time, so it is not a walking time."
        assert f"Until they had to stop: {said}" in report  # the walk page's words, about them
    # the report's latest walk is the walk done last: the wrist file, recorded years ago, on its own
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'wrist.sqlite3'}"))) as client:
        _walk_page(client, FORMATS / "axivity_cwa/wadpac__GGIRread/ax3_testfile.cwa")
        report = _text(client.get("/report").text)
        warning = "This recording says it was worn on the right wrist."
        assert warning in report and report.index(warning) < report.index("Gait factors of the walk")
        pdf = words(client.get("/report.pdf").content)
        assert "worn on the right wrist" in pdf and pdf.index("right wrist") < pdf.index("Gait factors of")
