"""A height typed with its unit (new-user test, 2026-11-27): ``backstride gait analyze --height-cm 170cm``
was refused ('expected a number'). "170cm" and "170 cm" are read as 170; another unit is refused naming
the one expected ("1.7m": '1.7 m is 170 cm'), exit status 2; the walk page's form reads it the same way
(the same parser, ``core.typed.typed_centimetres``), and keeps nothing from a refused one."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.walk_samples import LAB, UNITS
from typer.testing import CliRunner

from backstride.cli.main import app
from backstride.core.typed import NotCentimetres, typed_centimetres
from backstride.web.app import create_app
from backstride.web.settings import Settings

WALK = LAB / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
FLAGS = ["--acc-unit", "m/s^2", "--gyr-unit", "deg/s"]


@pytest.mark.parametrize(
    ("typed", "cm"), [("170", 170.0), ("170cm", 170.0), (" 170 cm ", 170.0), ("170,5 CM", 170.5)]
)
def test_a_height_in_cm_is_read_with_or_without_its_unit(typed: str, cm: float) -> None:
    assert typed_centimetres(typed) == cm


@pytest.mark.parametrize(("typed", "said"), [("1.7m", "(1.7 m is 170 cm)"), ("5ft", "like 170, got '5ft'")])
def test_another_unit_is_refused_naming_centimetres(typed: str, said: str) -> None:
    with pytest.raises(NotCentimetres, match="expected a height in centimetres") as info:
        typed_centimetres(typed)
    assert said in str(info.value)


@pytest.mark.parametrize("typed", ["17O", "170 kg", "1 7 0"])
def test_a_typo_is_called_a_typo_not_a_unit(typed: str) -> None:
    # review R6: '17O' (a letter O) read as the unit 'O': 'expected a height in centimetres (cm)', as if
    # the person had typed another unit
    with pytest.raises(ValueError, match="expected a number like 172") as info:
        typed_centimetres(typed)
    assert not isinstance(info.value, NotCentimetres)


def test_metres_too_large_to_be_a_height_give_no_infinite_hint() -> None:
    # review R6: '1.7e308m' said '(1.7e+308 m is inf cm)'
    with pytest.raises(NotCentimetres) as info:
        typed_centimetres("1.7e308m")
    assert "inf" not in str(info.value) and info.value.metres_in_cm is None


def _analyze(*height: str):
    return CliRunner().invoke(app, ["gait", "analyze", str(WALK), *FLAGS, "--json", *height])


def test_the_command_reads_170cm_as_170_and_refuses_metres() -> None:
    plain = _analyze("--height-cm", "170")
    assert plain.exit_code == 0, plain.output
    for typed in ("170cm", "170 cm"):
        result = _analyze("--height-cm", typed)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout) == json.loads(plain.stdout)
    refused = _analyze("--height-cm", "1.7m")
    assert refused.exit_code == 2 and refused.stdout == ""
    said = " ".join(re.sub(r"[│╭╮╰╯─]", " ", refused.stderr).split())  # typer's box, as the test runs it
    assert (
        "--height-cm" in said and "expected a height in centimetres (cm), like 170 (1.7 m is 170 cm)" in said
    )


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 't.sqlite3'}"))) as c:
        yield c


def test_the_walk_form_reads_170_cm_and_refuses_metres_keeping_nothing(client: TestClient) -> None:
    files = {"file": ("imu.csv", WALK.read_bytes())}
    refused = client.post("/walks", files=files, data={**UNITS, "height_cm": "1.7m"})
    assert refused.status_code == 422
    assert "“1.7m” is not in cm. Please type your height in cm, like 172 (170 cm)." in refused.text
    assert client.get("/api/walks").json() == []
    sent = client.post("/walks", files=files, data={**UNITS, "height_cm": "170 cm"}, follow_redirects=False)
    assert sent.status_code == 303, sent.text[:500]
    walk = client.get(f"/api/walks/{sent.headers['location'].rsplit('/', 1)[1]}").json()
    assert walk["height_cm"] == 170.0


def test_a_persons_height_is_read_the_same_way_on_the_people_page_and_command(
    client: TestClient, tmp_path: Path
) -> None:
    """Review R6: 'backstride people add --height-cm 170cm' and the People page's height field still
    refused '170cm' ('not a height') while 'gait analyze --height-cm' and the walk page took it: one
    option name, two readings. Metres are refused naming cm there too, and nothing is added."""
    added = client.post("/people", data={"label": "Ann", "height_cm": "170 cm"}, follow_redirects=False)
    assert added.status_code == 303, added.text[:500]
    refused = client.post("/people", data={"label": "Bea", "height_cm": "1.7m"})
    assert refused.status_code == 422
    assert "Please type it in cm, like 172 (170 cm)" in refused.text, refused.text[-2000:]
    people = {p["label"]: p["height_cm"] for p in client.get("/api/people").json()}
    assert people.get("Ann") == 170.0 and "Bea" not in people
    # the command
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    done = CliRunner().invoke(app, ["people", "add", "Cleo", "--height-cm", "170cm", "--db", url])
    assert done.exit_code == 0, done.output
    listed = CliRunner().invoke(app, ["people", "list", "--json", "--db", url])
    assert {p["label"]: p["height_cm"] for p in json.loads(listed.stdout)}["Cleo"] == 170.0
    metres = CliRunner().invoke(app, ["people", "add", "Dan", "--height-cm", "1.7m", "--db", url])
    assert metres.exit_code == 2
    assert "(1.7 m is 170 cm)" in " ".join(re.sub(r"[│╭╮╰╯─]", " ", metres.stderr).split())


@pytest.mark.parametrize("typed", ["5ft8", "tall", "", "1e400"])
def test_the_command_line_says_a_height_is_expected_not_a_number_like_4_5(typed: str, tmp_path) -> None:
    # N10 (2026-11-28): '--height-cm 5ft8' said 'expected a number like 172 or 4.5' (4.5 is no
    # height; the API's form field says a height since an earlier review), '1e400' 'a number like 170'
    refused = _analyze("--height-cm", typed)
    assert refused.exit_code == 2
    said = " ".join(re.sub(r"[│╭╮╰╯─]", " ", refused.stderr).split())  # typer's box, as the test runs it
    assert f"expected a height as a number of centimetres (cm), like 170, got {typed!r}" in said, said
    assert "4.5" not in said
    db = tmp_path / "people.sqlite3"
    people = CliRunner().invoke(app, ["people", "add", "Room 4", "--height-cm", typed, "--db", str(db)])
    assert people.exit_code == 2 and not db.exists()
    assert "expected a height as a number of centimetres (cm), like 170" in " ".join(
        re.sub(r"[│╭╮╰╯─]", " ", people.stderr).split()
    )
