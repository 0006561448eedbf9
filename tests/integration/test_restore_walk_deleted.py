"""A check whose walk was deleted keeps saying so, and what the deletion took away, after a backup and a
restore (``walk_deleted`` of each check, export format 7); older files (formats 1 to 6) still restore.

What a reviewer found (R7): the note was built from the activity line of the deletion, which is not in
an export, so a restored check quietly lacked the lost finding ("slower walking speed") and no longer
said why (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.integration.test_check_changes import _text
from tests.integration.test_restore import LAB_WALK, finish_check
from typer.testing import CliRunner

from backstride.cli.main import app as cli_app
from backstride.core.errors import InputError
from backstride.services.records import Records
from backstride.services.restore import restore_export
from backstride.storage.db import Database, sqlite_url
from backstride.storage.models import Assessment

runner = CliRunner()
LOST = "It no longer names what that walk showed: walking speed is slower than usual for adults (D1, C11)."


@pytest.fixture(scope="module")
def backup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An export whose finished check (dev-008, told "slower walking speed") had its only walk deleted."""
    db = Database(sqlite_url(tmp_path_factory.mktemp("source") / "source.sqlite3")).migrate()
    source = Records(db)
    walk = source.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    check = finish_check(source, "dev-008")
    assert source.result(check).result["plan"]["gait_factors"] == ["slow_speed"]
    source.delete_walk(walk.id)
    document = source.export_all()
    db.dispose()
    return document


def test_a_restored_check_still_says_its_walk_was_deleted_and_what_that_took_away(
    database_url: str, records: Records, backup: dict[str, Any]
) -> None:
    (exported,) = backup["assessments"]
    assert backup["format_version"] == 13 and "walk_deleted" not in exported["result"]
    assert exported["walk_deleted"]["gait_factors_before"] == ["slow_speed"]
    restore_export(records, json.dumps(backup))
    (new,) = [a["id"] for a in records.export_all()["assessments"]]
    said = records.result(new).to_dict()["walk_deleted"]
    assert said is not None and said["gait_factors_lost"] == ["slow_speed"]
    assert said["deleted_at"] == exported["walk_deleted"]["deleted_at"]
    assert said["message"].endswith(
        f"So its result was worked out again without a walk, and what it says may have changed. {LOST}"
    )
    assert records.export_all()["assessments"][0]["walk_deleted"] == exported["walk_deleted"]  # and again
    restore_export(records, json.dumps(backup))  # the same file again: nothing added
    assert len(records.export_all()["assessments"]) == 1
    report = runner.invoke(cli_app, ["report", "--db", database_url, "--out", "-"])  # its last check
    assert report.exit_code == 0, report.output
    assert LOST in _text(report.output)


def test_a_file_of_format_6_without_walk_deleted_still_restores(
    records: Records, backup: dict[str, Any]
) -> None:
    document = json.loads(json.dumps(backup))
    document["format_version"] = 6
    del document["assessments"][0]["walk_deleted"]
    assert restore_export(records, json.dumps(document)).added["assessments"] == 1
    (new,) = [a["id"] for a in records.export_all()["assessments"]]
    assert records.result(new).to_dict()["walk_deleted"] is None  # that file never had it


@pytest.mark.parametrize(
    ("spoil", "named"),
    [
        (
            lambda a: a["walk_deleted"].update(gait_factors_before=["limping"]),
            r"assessments\[0\]\.walk_deleted\.gait_factors_before\[0\]",
        ),
        (
            lambda a: a["walk_deleted"].pop("deleted_at"),
            r"assessments\[0\]\.walk_deleted\.deleted_at: Field required",
        ),
        (
            lambda a: a["result"].update(walk_deleted=a["walk_deleted"]),
            r"'walk_deleted' belongs beside the result, not in it",
        ),
    ],
)
def test_a_damaged_walk_deleted_is_refused_by_name_and_nothing_is_restored(
    records: Records, backup: dict[str, Any], spoil: Any, named: str
) -> None:
    document = json.loads(json.dumps(backup))
    spoil(document["assessments"][0])
    with pytest.raises(InputError, match=named):
        restore_export(records, json.dumps(document))
    assert records.export_all()["assessments"] == []


def test_a_check_whose_walk_was_deleted_before_it_was_kept_with_it_still_says_so_after_a_restore(
    tmp_path: Path, records: Records
) -> None:
    """Deleted before this version, only the activity line knew: a backup made today carries it (not what
    changed: not known), so the restored check still says its walk was deleted."""
    db = Database(sqlite_url(tmp_path / "source.sqlite3")).migrate()
    source = Records(db)
    walk = source.upload_walk(
        "imu.csv", LAB_WALK.read_bytes(), height_cm=172, acc_unit="m/s^2", gyr_unit="deg/s"
    )
    check = finish_check(source, "dev-008")
    source.result(check)
    source.delete_walk(walk.id)
    with db.session(write=True) as session:  # as an older version kept it: the result alone
        row = session.get_one(Assessment, check)
        row.result = {k: v for k, v in row.result.items() if k != "walk_deleted"}
    told = source.result(check).to_dict()["walk_deleted"]
    assert told is not None and told["gait_factors_lost"] is None  # from the activity line
    document = source.export_all()
    db.dispose()
    assert document["assessments"][0]["walk_deleted"]["gait_factors_before"] is None
    restore_export(records, json.dumps(document))
    (new,) = [a["id"] for a in records.export_all()["assessments"]]
    said = records.result(new).to_dict()["walk_deleted"]
    assert said is not None and said["message"] == told["message"]
    assert said["gait_factors_lost"] is None
