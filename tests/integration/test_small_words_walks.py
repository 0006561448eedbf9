"""Small things a new user met: a speed chart's caption without its unit, the uneven-steps factor
"Not found" without its limit, and a 404 for /favicon.ico (a console error on every page)."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient
from tests.conftest import MOBILISED_LAB

from backstride.gait.constants import UNEVEN_STEPS_PCT
from backstride.web.app import create_app
from backstride.web.settings import Settings

LAB_WALK = MOBILISED_LAB / "HA/001/TimeMeasure1_Test5_Trial1/imu.csv"  # a straight 5-m lab walk


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture(scope="module")
def sent(tmp_path_factory) -> tuple[TestClient, dict, str]:
    db = tmp_path_factory.mktemp("small-words") / "t.sqlite3"
    with TestClient(create_app(Settings(database_url=f"sqlite:///{db}"))) as client:
        data = {"acc_unit": "m/s^2", "gyr_unit": "deg/s"}
        reply = client.post(
            "/walks",
            files={"file": (LAB_WALK.name, LAB_WALK.read_bytes())},
            data=data,
            follow_redirects=False,
        )
        assert reply.status_code == 303, reply.text[:300]
        walk_id = reply.headers["location"].rsplit("/", 1)[1]
        yield client, client.get(f"/api/walks/{walk_id}").json(), client.get(f"/walks/{walk_id}").text


def test_the_speed_and_steps_charts_say_their_units_in_the_caption(sent) -> None:
    client, walk, _ = sent
    speed = walk["summary"]["walking_speed_mps"]
    page = client.get("/diary").text
    caption = _text(re.search(r'id="chart-speed-chart-heading".*?<h3', page, re.S).group(0))
    assert re.search(rf"1 value on [^()]*\({speed:.2f} m/s\)", caption), caption
    steps = _text(re.search(r'id="chart-cadence-chart-heading".*?</section>', page, re.S).group(0))
    assert re.search(r"1 value on [^()]*\(\d+ steps per minute\)", steps), steps


def test_uneven_steps_not_found_says_its_limit(sent) -> None:
    _, walk, page = sent
    uneven = {f["code"]: f for f in walk["result"]["gait_factors"]}["uneven_steps"]
    assert uneven["present"] is False
    limit = f"(uneven is over {UNEVEN_STEPS_PCT:.0f}%)"
    assert limit in uneven["explanation"]
    factors = _text(re.search(r'id="factors-heading".*?</section>', page, re.S).group(0))
    assert re.search(
        rf"Not found: Left and right steps differ .*That is not uneven {re.escape(limit)}", factors
    )


def test_the_browser_asks_for_an_icon_and_gets_no_error(sent) -> None:
    client, _, _ = sent
    icon = client.get("/favicon.ico")
    assert icon.status_code == 204 and icon.content == b""
