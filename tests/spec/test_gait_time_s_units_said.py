"""A table with a "Time (s)" column that holds no sensor backstride reads is refused naming every unit
it reads: it said "x, y, z columns in m/s^2 or rad/s", though g and deg/s are read too (review B3).
"""

from __future__ import annotations

from pathlib import Path

from tests.spec.test_gait_csv_contract import _analyse


def test_a_time_s_table_of_no_sensor_names_every_unit_that_is_read(tmp_path: Path) -> None:
    # the message said "in m/s^2 or rad/s", though g and deg/s are read too (the units of
    # test_gait_csv_contract's 'Time (s)' tables); a magnetometer's table is none of them
    from backstride.gait.readers._common import acc_factor, gyr_factor

    path = tmp_path / "Magnetometer.csv"
    path.write_text(
        '"Time (s)","X (µT)","Y (µT)","Z (µT)"\n' + "".join(f"{i / 50},1,2,3\n" for i in range(200))
    )
    code, _, message = _analyse(path)
    said = " ".join(message.split())
    assert code == 2, said
    assert "x, y, z columns in m/s^2 or g (acceleration), or in rad/s or deg/s (gyroscope)" in said, said
    for unit in ("m/s^2", "g"):
        assert acc_factor(unit, "here") > 0
    for unit in ("rad/s", "deg/s"):
        assert gyr_factor(unit, "here") > 0
