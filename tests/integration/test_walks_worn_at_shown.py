"""Where a walk was worn, and whether checks use it, wherever walks are listed (review 2026-11-28).

walks.csv had no column for where the walk was worn or whether checks use it; and the walks list and
the walking-speed chart on the Diary page still showed the speed of a pocket walk stored before the
"tipped more than a pelvis" check, read from its stored summary, while its own page said "not judged"
and checks passed it over (``walk_not_usable``). One rule now (``gait_findings.not_at_lower_back``)."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.conftest import FORMATS, MOBILISED_LAB

from backstride.gait.factors import SAID, UNLIKE_A_PELVIS
from backstride.services.gait_findings import walk_not_usable
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.services.tables import csv_table
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import GaitRecording
from backstride.web.app import create_app
from backstride.web.settings import Settings

WALK50 = FORMATS / "phyphox" / "randyakram__giat_fft" / "walk50.xls"  # a phone that tips about 73 degrees
LAB = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # a lower-back sensor


def _as_before_the_tilt_check(result: dict[str, Any]) -> dict[str, Any]:
    """WALK50 as backstride stored it before the tilt check: judged as if at the lower back (its speed
    and factors kept), its alignment without the tilt range and with no place said."""
    old = json.loads(json.dumps(result))
    old["alignment"].pop(UNLIKE_A_PELVIS)
    old["alignment"].update({"body_location": None, SAID: False, "worn_at_lower_back": None})
    return old


@pytest.fixture(scope="module")
def walks(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, int], float]]:
    url = sqlite_url(tmp_path_factory.mktemp("worn") / "walks.sqlite3")
    db = Database(url).migrate()
    records = Records(db)
    ids = {
        "pocket": records.upload_walk(WALK50.name, WALK50.read_bytes(), worn_at="pocket").id,
        "old": records.upload_walk(WALK50.name, WALK50.read_bytes(), worn_at="lower-back").id,
        "lab": records.upload_walk(LAB.name, LAB.read_bytes(), acc_unit="m/s^2", gyr_unit="deg/s").id,
    }
    old = _as_before_the_tilt_check(records.get_walk(ids["old"]).result)
    assert walk_not_usable(old) == "not_at_lower_back" and old["summary"]["walking_speed_mps"] > 0
    with db.session(write=True) as session:
        session.execute(update(GaitRecording).where(GaitRecording.id == ids["old"]).values(result=old))
    db.dispose()
    yield url, ids, float(old["summary"]["walking_speed_mps"])


def _rows(text: str) -> dict[str, dict[str, str]]:
    return {row["walk_id"]: row for row in csv.DictReader(io.StringIO(text))}


def _words(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def test_walks_csv_says_where_each_walk_was_worn_and_whether_checks_use_it(
    walks: Any, tmp_path: Path
) -> None:
    url, ids, _ = walks
    db = Database(url)
    records = Records(db)
    document = records.export_all()
    rows = _rows(csv_table(document, "walks"))
    db.dispose()
    header = next(csv.reader(io.StringIO(csv_table(document, "walks"))))
    assert header.index("used_by_checks") == header.index("worn_at") + 1
    assert header.index("usable_by_checks") == header.index("used_by_checks") + 1
    pocket, old, lab = (rows[str(ids[k])] for k in ("pocket", "old", "lab"))
    assert (pocket["worn_at"], pocket["usable_by_checks"]) == ("thigh (in a trouser pocket)", "no")
    assert (old["worn_at"], old["usable_by_checks"]) == ("", "no")  # the rule checks use: tipped too far
    assert (lab["worn_at"], lab["usable_by_checks"]) == ("", "yes")  # the file does not say; a pelvis's tilt
    # no check here: none of them was used by one (used_by_checks read "yes" for the lab walk)
    assert [r["used_by_checks"] for r in (pocket, old, lab)] == ["no", "no", "no"]
    # the JSON export restores into a new database and gives the same table
    copy = Database(sqlite_url(tmp_path / "restored.sqlite3")).migrate()
    restored = Records(copy)
    restore_export(restored, json.dumps(document))
    again = _rows(csv_table(restored.export_all(), "walks"))
    copy.dispose()
    kept = ("worn_at", "used_by_checks", "usable_by_checks")
    assert sorted(tuple(r[k] for k in kept) for r in again.values()) == sorted(
        tuple(r[k] for k in kept) for r in rows.values()
    )


def test_the_walks_list_and_the_speed_chart_leave_out_an_old_pocket_walks_speed(walks: Any) -> None:
    url, ids, old_speed = walks
    with TestClient(create_app(Settings(database_url=url))) as web:
        listed = web.get("/walks").text
        diary = web.get("/diary").text
    row = re.search(rf'<tr><td data-label="Walked on"><a href="/walks/{ids["old"]}">.*?</tr>', listed)
    assert row is not None
    speed = re.search(r'data-label="Speed">([^<]*)<', row.group(0))
    assert speed is not None and speed.group(1) == "not judged", row.group(0)
    chart = _words(diary.split('id="speed-chart"', 1)[1].split("</table>", 1)[0])
    assert f"{old_speed:.2f} m/s" not in chart
    assert "2 walks left out: they were not worn at the lower back, so the speed is not judged." in _words(
        diary
    )


def test_the_report_says_not_judged_for_a_walk_not_worn_at_the_lower_back(walks: Any) -> None:
    """The report's walks table read the stored summary too: '0.99 m/s' and the old walk's factors
    ('uneven steps') as found, for a walk a check passes over."""
    url, ids, old_speed = walks
    with TestClient(create_app(Settings(database_url=url))) as web:
        report = web.get("/report").text
    rows = re.findall(r'<tr><th scope="row">[^<]*</th><td class="num" data-label="Walking">.*?</tr>', report)
    pocket = [row for row in map(_words, rows) if "31 Mar 2024" in row]
    assert len(pocket) == 2 and len(rows) == 3, rows
    for row in pocket:  # the pocket walk said so, and the one stored before the tilt check
        assert f"{old_speed:.2f} m/s" not in row
        # speed, stride, the step-time difference (its 40 % a pocket cannot support) and the factors
        assert row.count("not judged") == 4 and "not judged: not worn at the lower back" in row, row
        assert "40 %" not in row
