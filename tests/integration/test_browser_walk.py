"""Browser tests: uploading a real lower-back recording (Mobilise-D lab data) shows the metrics, a
chart with its text alternative, and the gait factors; once with a plain file input and JavaScript
off, once by drag and drop. Walk speed and cadence then appear on the diary's progress charts.
"""

from __future__ import annotations

import json
import re

import pytest
from tests.conftest import MOBILISED_LAB
from tests.integration.browser_support import browser, check_page, new_page, server  # noqa: F401

pytestmark = pytest.mark.browser

TRIAL = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1"
RECORDING = TRIAL / "imu.csv"


def _reference_bouts() -> list[dict]:
    return json.loads((TRIAL / "reference.json").read_text())["walking_bouts"]


def test_upload_a_real_recording_without_javascript(server, browser, shared_dir):  # noqa: F811
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/walks")
    check_page(page, "11-walks-empty")
    page.set_input_files("#recording", str(RECORDING))
    # the Mobilise-D CSV header does not name its units: say them
    page.locator("summary", has_text="Units").click()
    page.check('input[name="acc_unit"][value="m/s^2"]')
    page.check('input[name="gyr_unit"][value="deg/s"]')
    page.fill("#height_cm", "178")
    page.get_by_role("button", name="Send the walk").click()
    assert re.search(r"/walks/\d+$", page.url), page.url

    facts = {li.locator(".value").inner_text(): li.inner_text() for li in page.locator("ul.facts > li").all()}
    steps = next(int(v) for v, text in facts.items() if text.endswith("steps"))
    cadence = next(float(v) for v, text in facts.items() if "steps per minute" in text)
    assert steps >= 8  # the reference has 9 initial contacts in one walking bout
    assert 80 <= cadence <= 130
    speed_text = next(v for v in facts if v.endswith("m/s"))
    assert 0.5 <= float(speed_text.split()[0]) <= 1.8

    # the chart: an SVG image with a name and description, a hatched box per walking bout and a
    # tick per foot strike; its data table lists the same bouts
    chart = page.locator("svg.chart")
    assert chart.get_attribute("role") == "img"
    assert "foot strikes" in chart.locator("desc").text_content()
    n_bouts = chart.locator("g.bout").count()
    assert n_bouts >= 1
    assert chart.locator("g.contacts line").count() >= 8
    bout_rows = page.locator("table", has=page.locator("caption", has_text="Each stretch of walking"))
    assert bout_rows.locator("tbody tr").count() == n_bouts
    # detected walking overlaps the reference bout
    reference = _reference_bouts()
    assert len(reference) == 1
    first_row = bout_rows.locator("tbody tr").first.locator("td")
    start_s = float(first_row.nth(0).inner_text().split()[0])
    end_s = float(first_row.nth(1).inner_text().split()[0])
    assert start_s <= reference[0]["end_s"] and end_s >= reference[0]["start_s"]

    # the gait factors, each marked found / not found, and how the walk flows into the plan
    factors = page.locator("section[aria-labelledby='factors-heading'] li")
    assert factors.count() >= 3
    assert page.locator("#plan-link-heading").count() == 1
    plan_link = page.locator("section[aria-labelledby='plan-link-heading']").inner_text()
    assert "the walk you did last" in plan_link
    check_page(page, "12-walk-result")

    # the walk feeds the diary's speed and cadence charts
    page.goto(server.url + "/diary")
    assert page.locator("svg#speed-chart g.point").count() >= 1
    assert page.locator("svg#cadence-chart g.point").count() >= 1
    value = float(page.locator("svg#cadence-chart g.point").last.get_attribute("data-value"))
    assert abs(value - cadence) <= 1
    check_page(page, "13-diary-with-walks")


def test_a_file_that_is_not_a_recording_is_refused_with_a_message(server, browser, tmp_path):  # noqa: F811
    bad = tmp_path / "notes.csv"
    bad.write_text("hello,world\n1,2\n")
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/walks")
    before = page.locator("table tbody tr").count()
    page.set_input_files("#recording", str(bad))
    page.get_by_role("button", name="Send the walk").click()
    alert = page.get_by_role("alert")
    assert "We could not use this file" in alert.inner_text()
    assert "notes.csv" in alert.inner_text()
    assert page.locator("#recording").get_attribute("aria-invalid") == "true"
    check_page(page, "14-walks-error")
    page.goto(server.url + "/walks")
    assert page.locator("table tbody tr").count() == before  # nothing stored


def test_drag_and_drop_upload(server, browser, shared_dir):  # noqa: F811
    page = new_page(browser, javascript=True)
    page.goto(server.url + "/walks")
    assert page.locator(".drop-hint").is_visible()  # shown only when JavaScript runs
    text = RECORDING.read_text() + "\n"  # a copy saved again: the file itself is stored once, above
    page.evaluate(
        """(text) => {
            const zone = document.querySelector('[data-dropzone]');
            const data = new DataTransfer();
            data.items.add(new File([text], 'dropped-walk.csv', {type: 'text/csv'}));
            for (const type of ['dragenter', 'dragover', 'drop']) {
                const init = {dataTransfer: data, bubbles: true, cancelable: true};
                zone.dispatchEvent(new DragEvent(type, init));
            }
        }""",
        text,
    )
    assert "Ready to send: dropped-walk.csv" in page.locator("[data-drop-status]").inner_text()
    page.locator("summary", has_text="Units").click()
    page.check('input[name="acc_unit"][value="m/s^2"]')
    page.check('input[name="gyr_unit"][value="deg/s"]')
    page.get_by_role("button", name="Send the walk").click()
    assert re.search(r"/walks/\d+$", page.url), page.url
    assert "dropped-walk.csv" in page.locator("main").inner_text()
    assert page.locator("svg.chart g.bout").count() >= 1


def test_the_newest_walk_flows_into_the_plan(server, browser, shared_dir):  # noqa: F811
    """Upload without a height (so the gait factors use a typical height), then run a check: the
    result's plan lists the walk's gait factors, and the page explains each one."""
    page = new_page(browser, javascript=False)
    page.goto(server.url + "/walks")
    page.set_input_files("#recording", str(RECORDING))
    page.locator("summary", has_text="Units").click()
    page.check('input[name="acc_unit"][value="m/s^2"]')
    page.check('input[name="gyr_unit"][value="deg/s"]')
    page.fill("#height_cm", "")
    page.get_by_role("button", name="Send the walk").click()
    walk_id = re.search(r"/walks/(\d+)$", page.url).group(1)
    walk = page.request.get(f"{server.url}/api/walks/{walk_id}").json()
    assert "the walk you did last" in page.locator("main").inner_text()

    page.get_by_role("button", name="Start a new check").click()
    page.get_by_role("link", name="See the result so far").click()
    assessment_id = re.search(r"/check/(\d+)/result", page.url).group(1)
    result = page.request.get(f"{server.url}/api/assessments/{assessment_id}/result").json()
    assert result["gait_recording_id"] == int(walk_id)
    assert sorted(result["gait_factor_codes"]) == sorted(walk["gait_factor_codes"])
    assert walk["gait_factor_codes"], "the lab walk without a height should show at least one gait factor"
    section = page.locator("h3", has_text="From your walk")
    assert section.count() == 1
    listed = page.locator("h3:has-text('From your walk') + ul > li")
    assert listed.count() == len(walk["gait_factor_codes"])
    check_page(page, "15-result-with-walk")
