"""``backstride gait analyze``: real files in, contract JSON / summary / picture out; bad files give exit
status 2 and a message naming the problem, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest
from tests.conftest import FORMATS, MOBILISED_LAB
from typer.testing import CliRunner

from backstride.cli.gait_cmd import wants_progress_bar
from backstride.cli.main import app
from backstride.gait.readers import read_recording
from backstride.gait.recording import Recording

MAT_001 = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "001" / "data.mat"
IMU_001 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"
G = 9.80665

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["gait", "analyze", *args])


def still_csv(path: Path, seconds: float = 60.0, rate_hz: float = 100.0, start: str | None = None) -> Path:
    """A phone lying still (tilted) with sensor noise: no walking in it."""
    rng = np.random.default_rng(7)
    n = int(seconds * rate_hz)
    t = np.arange(n) / rate_hz
    gravity = np.array([0.3, 9.2, 3.3])
    acc = gravity + rng.normal(0, 0.02, size=(n, 3))
    gyr = rng.normal(0, 0.3, size=(n, 3))
    if start is None:
        header = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
        times = [f"{v:.3f}" for v in t]
    else:
        header = "timestamp,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
        base = np.datetime64(start)
        times = [str(base + np.timedelta64(int(round(v * 1000)), "ms")) for v in t]
    rows = [header] + [
        f"{tt},{a[0]:.4f},{a[1]:.4f},{a[2]:.4f},{w[0]:.4f},{w[1]:.4f},{w[2]:.4f}"
        for tt, a, w in zip(times, acc, gyr, strict=True)
    ]
    path.write_text("\n".join(rows) + "\n")
    return path


def test_mobilised_trial_gives_contract_json() -> None:
    result = run(str(MAT_001), "--trial", "Test5/Trial1", "--height-cm", "159", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("sampling_rate_hz", "duration_s", "walking_bouts", "initial_contacts_s", "gait_factors"):
        assert key in data
    assert data["sampling_rate_hz"] == 100.0
    assert data["duration_s"] == pytest.approx(12.46, abs=0.01)
    assert len(data["walking_bouts"]) >= 1
    bout = data["walking_bouts"][0]
    for key in (
        "start_s",
        "end_s",
        "n_steps",
        "cadence_spm",
        "stride_length_m",
        "walking_speed_mps",
        "strides",
    ):
        assert key in bout
    assert data["recording"]["source_format"] == "mobilised"


def test_generic_csv_with_unit_flags_and_summary_table() -> None:
    result = run(str(IMU_001), "--acc-unit", "m/s^2", "--gyr-unit", "deg/s")
    assert result.exit_code == 0, result.output
    assert "Walking bouts" in result.stdout
    assert "not a diagnosis" in " ".join(result.stdout.lower().split())


def test_recording_without_walking_gives_empty_walking_bouts(tmp_path: Path) -> None:
    result = run(str(still_csv(tmp_path / "still.csv")), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["walking_bouts"] == []
    assert data["duration_s"] == pytest.approx(60.0, abs=0.02)
    summary = run(str(tmp_path / "still.csv"))
    assert summary.exit_code == 0
    assert "No walking was found" in summary.stdout


def test_plot_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "walk.png"
    result = run(str(MAT_001), "--trial", "Test5/Trial1", "--plot", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000


def test_plot_marks_the_walking_test_times(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import backstride.gait.plot as plot

    drawn = {}
    real = plot.draw_gait

    def spy(rec, result, **marks):
        drawn.update(marks)
        return real(rec, result, **marks)

    monkeypatch.setattr(plot, "draw_gait", spy)
    out = tmp_path / "walk.png"
    result = run(
        str(MAT_001), "--trial", "Test5/Trial1", "--plot", str(out), "--symptom-at", "5", "--stop-at", "7"
    )
    assert result.exit_code == 0, result.output
    start = drawn["symptom_at_s"] - 5.0  # the recording's own axis (it starts where its first sample is)
    assert drawn == {"symptom_at_s": pytest.approx(start + 5.0), "stop_at_s": pytest.approx(start + 7.0)}
    assert out.stat().st_size > 10_000


def test_plot_of_a_recording_without_walking(tmp_path: Path) -> None:
    out = tmp_path / "still.png"
    result = run(str(still_csv(tmp_path / "still.csv", seconds=20)), "--plot", str(out), "--json")
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_the_picture_gets_the_permissions_of_any_new_file(tmp_path: Path) -> None:
    # it is drawn into a temporary file and renamed (never half-written); mkstemp makes that file
    # readable by its owner only (0600), and the picture kept that: others could not open it
    import os

    out, plain = tmp_path / "walk.png", tmp_path / "plain.txt"
    old_mask = os.umask(0o022)
    try:
        plain.write_text("")  # what any program saves here
        result = run(str(still_csv(tmp_path / "still.csv", seconds=20)), "--plot", str(out), "--json")
    finally:
        os.umask(old_mask)
    assert result.exit_code == 0, result.output
    assert oct(out.stat().st_mode & 0o777) == oct(plain.stat().st_mode & 0o777) == oct(0o644)


def test_a_time_after_a_stretch_without_samples_is_not_read_as_walked() -> None:
    from backstride.cli.gait_cmd import tolerance_line

    line = tolerance_line(
        {
            "time_to_first_symptom_s": 4996.0,
            "distance_to_first_symptom_m": 6.4,
            "time_to_stop_s": 30.0,
            "quality": ["time_without_samples_before_first_symptom"],
        }
    )
    assert (
        "first symptom after 1 h 23 min (about 6 m; the sensor recorded nothing for part of that time" in line
    )
    assert "had to stop after 30 s" in line and line.count("recorded nothing") == 1


def test_times_given_for_a_recording_without_walking_are_not_asked_for_again(tmp_path: Path) -> None:
    result = run(str(still_csv(tmp_path / "still.csv", seconds=30)), "--symptom-at", "10", "--stop-at", "20")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "give --symptom-at and --stop-at" not in text
    assert "no walking was found, so the time to the first symptom and to the stop cannot be measured" in text


def test_a_symptom_before_the_walking_began_reads_so() -> None:
    from backstride.cli.gait_cmd import tolerance_line

    line = tolerance_line(
        {"time_to_first_symptom_s": 0.0, "distance_to_first_symptom_m": 0.0, "time_to_stop_s": 30.0,
         "quality": ["first_symptom_before_walking"]}
    )  # fmt: skip
    assert "first symptom before the walking began" in line and "after 0 s" not in line
    assert "had to stop after 30 s" in line


def test_summary_rows_say_when_a_number_cannot_be_read_plainly() -> None:
    # a 17 Hz phone's landing jolt, and a trunk lean measured against the sensor's own upright, were
    # printed as plain numbers although the result flags them
    from backstride.cli.gait_cmd import summary_rows

    flagged = dict(
        summary_rows(
            {"impact_peak_g": 1.1, "impact_quality": ["low_sampling_rate"], "trunk_flexion_mean_deg": 9.0,
             "trunk_flexion_quality": ["includes_sensor_mounting_tilt"]}
        )
    )  # fmt: skip
    assert flagged["landing jolt"] == "1.1 g (blurred: under 50 samples a second)"
    assert flagged["trunk lean while walking"] == "9° forward (with the sensor's own tilt)"
    plain = dict(
        summary_rows(
            {"impact_peak_g": 1.1, "impact_quality": [], "trunk_flexion_mean_deg": 9.0,
             "trunk_flexion_quality": ["relative_to_standing"]}
        )
    )  # fmt: skip
    assert plain["landing jolt"] == "1.1 g" and plain["trunk lean while walking"] == "9° forward"


def test_symptom_and_stop_in_seconds_and_clock_time(tmp_path: Path) -> None:
    path = still_csv(tmp_path / "clock.csv", seconds=30, start="2024-05-01T10:32:00")
    result = run(str(path), "--symptom-at", "10:32:12", "--stop-at", "20s", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recording"]["start_datetime"].startswith("2024-05-01T10:32:00")
    # a clock time outside the recording is an input error naming the option and the span
    late = run(str(path), "--symptom-at", "11:00:00")
    assert late.exit_code == 2
    assert "--symptom-at '11:00:00' is outside the recording" in late.stderr
    assert "10:32:00 to 10:32:30" in late.stderr


def test_clock_time_without_a_start_time_is_refused(tmp_path: Path) -> None:
    result = run(str(still_csv(tmp_path / "s.csv", seconds=10)), "--symptom-at", "10:32:05")
    assert result.exit_code == 2
    assert "does not say when it started" in result.stderr


def test_stop_before_symptom_is_refused(tmp_path: Path) -> None:
    result = run(str(still_csv(tmp_path / "s.csv", seconds=10)), "--symptom-at", "8", "--stop-at", "5")
    assert result.exit_code == 2
    assert "comes before --symptom-at" in result.stderr


def _cwa_header() -> bytes:
    head = bytearray(1024)
    head[0:2] = b"MD"
    head[2:4] = (1020).to_bytes(2, "little")
    return bytes(head)


BAD_FILES = {
    "empty.csv": (b"", "the file is empty"),
    "header_only.csv": (b"time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n", "no data rows"),
    "truncated.csv": (
        b"time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n"
        + b"".join(b"%.2f,9.8,0,0\n" % (i / 100) for i in range(500))
        + b"5.00,9.8",
        "looks truncated",
    ),
    "wrong_columns.csv": (b"time_s,a,b,c\n0,1,2,3\n0.01,1,2,3\n", "no accelerometer columns"),
    "corrupt.csv": (bytes(range(256)) * 4, "binary file"),
    "corrupt.zip": (b"PK\x03\x04" + b"\x00" * 50, "not a readable zip archive"),
    "empty.cwa": (b"", "the file is empty"),
    "truncated.cwa": (_cwa_header() + b"AX" + b"\x00" * 100, "is truncated"),
    "corrupt.cwa": (_cwa_header() + b"AX" + b"\x01" * 510, "no data block with a valid checksum"),
    "corrupt.mat": (b"MATLAB 5.0 MAT-file, garbage" + b"\x07" * 200, "MAT-file is damaged"),
    "broken.json": (b'[{"sensor": "Accelerometer", "time": "1', "not valid JSON"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_files_exit_2_with_a_message_naming_the_problem(tmp_path: Path, name: str) -> None:
    content, problem = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    result = run(str(path))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("error: "), result.stderr
    assert name in result.stderr
    assert problem in result.stderr, result.stderr
    assert "Traceback" not in result.output


def test_zip_without_a_recording(tmp_path: Path) -> None:
    path = tmp_path / "photos.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.txt", "hello")
    result = run(str(path))
    assert result.exit_code == 2
    assert "no recording found here" in result.stderr


def test_refused_sample_and_missing_file() -> None:
    result = run(str(FORMATS / "sensor_logger" / "BennyJHui__imu_data"))
    assert result.exit_code == 2
    assert "gravity removed" in result.stderr
    missing = run("/nonexistent/walk.csv")
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


def test_bad_options_exit_2(tmp_path: Path) -> None:
    path = still_csv(tmp_path / "s.csv", seconds=10)
    for args, problem in [
        (["--format", "excel"], "unknown format 'excel'"),
        (["--height-cm", "12"], "expected a body height between 50 and 250 cm"),
        (["--height-cm", "1.7"], "between 50 and 250 cm (in metres? 1.7 m is --height-cm 170)"),
        (["--plot", str(tmp_path / "x.jpg")], "ending in .png"),
        (["--symptom-at", "soon"], "expected a time from the start"),
        (["--trial", "Test5/Trial1"], "--trial applies to Mobilise-D"),
    ]:
        result = run(str(path), *args)
        assert result.exit_code == 2, (args, result.output)
        assert problem in result.stderr, (args, result.stderr)


def test_real_process_prints_no_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2\n0,9.8,0,0\n0.01,x,0,0\n")
    proc = subprocess.run(
        [sys.executable, "-m", "backstride", "gait", "analyze", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ")
    assert "Traceback" not in proc.stderr


def _rec(seconds: float, start: datetime | None, start_s: float = 0.0) -> Recording:
    n = int(seconds * 100)
    return Recording(
        acc_mps2=np.tile([0.0, 0.0, G], (n, 1)),
        gyr_dps=None,
        sampling_rate_hz=100.0,
        source_format="csv",
        start_s=start_s,
        start_datetime=start,
    )


def test_progress_bar_only_for_long_recordings_in_a_terminal() -> None:
    long_rec, short_rec = _rec(600, None), _rec(60, None)
    assert wants_progress_bar(long_rec, True, True)
    assert not wants_progress_bar(long_rec, False, True)  # --json
    assert not wants_progress_bar(long_rec, True, False)  # piped
    assert not wants_progress_bar(short_rec, True, True)


def test_progress_callback_reaches_the_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    import backstride.gait.pipeline as pipeline
    from backstride.cli import gait_cmd

    seen: list[float] = []
    real = pipeline.analyze_gait_with_lean_inputs  # what each window of a recording runs

    def spy(rec, *, progress=None, **kwargs):
        def record(f: float) -> None:
            seen.append(f)
            if progress is not None:
                progress(f)

        return real(rec, progress=record, **kwargs)

    monkeypatch.setattr(pipeline, "analyze_gait_with_lean_inputs", spy)
    monkeypatch.setattr(gait_cmd, "wants_progress_bar", lambda *a: True)
    rec = read_recording(IMU_001, acc_unit="m/s^2", gyr_unit="deg/s")
    result = gait_cmd._run_pipeline(rec, None, None, None, show_progress=True)
    assert result.to_dict()["sampling_rate_hz"] == 100.0
    assert seen and seen[-1] == pytest.approx(1.0)
    assert all(0.0 <= f <= 1.0 for f in seen)


def _analyze_json(path: Path) -> dict:
    result = run(str(path), "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_phone_gait_lab_sample_cadence_matches_its_step_frequency() -> None:
    """phyphox gait-lab walk (README: step frequency about 1.6 Hz, i.e. about 96 steps/min)."""
    data = _analyze_json(FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis")
    assert len(data["walking_bouts"]) >= 1
    cadences = [b["cadence_spm"] for b in data["walking_bouts"] if b["cadence_spm"] is not None]
    assert cadences and all(86 <= c <= 106 for c in cadences)


def test_axivity_610_step_walk_step_count() -> None:
    """The openmovement pedometer test walk has 610 steps; the decoder's timing must support that."""
    data = _analyze_json(
        FORMATS / "axivity_cwa" / "digitalinteraction__openmovement" / "example-610-steps.cwa"
    )
    steps = sum(b["n_steps"] for b in data["walking_bouts"])
    assert 0.8 * 610 <= steps <= 1.2 * 610
    assert data["sampling_rate_hz"] == pytest.approx(98.5, abs=0.5)  # the device's real clock, not 100


def test_real_recording_without_walking_gives_empty_bouts() -> None:
    """Sensor Logger camera-calibration session (phone handled, nobody walking)."""
    zip_path = FORMATS / "sensor_logger" / "helloaisvg__Camera-calibration" / "2ok-2025-11-05_16-52-37.zip"
    data = _analyze_json(zip_path)
    assert data["walking_bouts"] == []
    assert data["initial_contacts_s"] == [] or len(data["initial_contacts_s"]) < 4


# ------------------------------------------------------------------ what a new user reads


AX3_WRIST = FORMATS / "axivity_cwa" / "wadpac__GGIRread" / "ax3_testfile.cwa"


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_wrist_recording_warns_first_and_judges_no_factor() -> None:
    data = json.loads(run(str(AX3_WRIST), "--json").stdout)
    assert data["recording"]["body_location"] == "right wrist"
    assert data["notes"][0].startswith("This recording says it was worn on the right wrist.")
    assert [f["present"] for f in data["gait_factors"]] == [None] * 5
    assert data["walking_bouts"] and data["initial_contacts_s"]  # steps and bouts are kept
    out = run(str(AX3_WRIST))
    assert out.exit_code == 0, out.output
    text = _words(out.stdout)
    warning = "This recording says it was worn on the right wrist."
    assert warning in text and "treat them with care" in text
    assert text.index(warning) < text.index("Walking bouts")  # before any number
    assert text.count(warning) == 1  # not repeated in the notes
    assert "│ yes" not in out.stdout  # no verdict ("slow speed: yes" before)


def test_a_recording_that_does_not_say_where_it_was_worn_has_no_warning() -> None:
    data = json.loads(run(str(IMU_001), "--acc-unit", "m/s^2", "--gyr-unit", "deg/s", "--json").stdout)
    assert data["recording"]["body_location"] is None
    assert not any("worn on the" in n for n in data["notes"])


def test_summary_labels_are_plain_words_with_units() -> None:
    args = [
        "gait",
        "analyze",
        str(IMU_001),
        "--acc-unit",
        "m/s^2",
        "--gyr-unit",
        "deg/s",
        "--height-cm",
        "159",
    ]
    out = runner.invoke(app, args, env={"COLUMNS": "80"})
    assert out.exit_code == 0, out.output
    assert "…" not in out.stdout  # nothing cut at 80 columns ("step-ti…" before)
    summary = out.stdout.split("Summary", 1)[1].split("Walking tolerance", 1)[0]
    for raw in ("mps", "spm", "n bouts", "pct", "total walking s", "trunk flexion"):
        assert raw not in summary, raw
    for label in ("walking speed", "m/s", "steps/min", "stride length", "walking bouts"):
        assert label in summary, label


def test_walking_tolerance_shows_what_is_known_and_one_hint() -> None:
    args = (str(IMU_001), "--acc-unit", "m/s^2", "--gyr-unit", "deg/s")
    text = _words(run(*args).stdout)
    line = text.split("Walking tolerance", 1)[1].split("Gait factors", 1)[0]
    assert ": -" not in line and "None" not in line
    assert "longest walk without a pause" in line
    assert "--symptom-at" in line and "--stop-at" in line  # the hint
    timed = _words(run(*args, "--symptom-at", "6", "--stop-at", "9").stdout)
    line = timed.split("Walking tolerance", 1)[1].split("Gait factors", 1)[0]
    assert "first symptom after" in line and "had to stop after" in line
    assert "--symptom-at" not in line


def test_help_fits_80_columns_and_flags_take_no_value() -> None:
    out = runner.invoke(app, ["gait", "analyze", "--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    assert out.exit_code == 0
    text = out.stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "…" not in text
    assert all(name in _words(text) for name in ("sensor-logger", "mobilised", "axivity", "actigraph"))
    json_line = next(line for line in text.splitlines() if "--json" in line)
    assert "<bool>" not in json_line


def test_the_summary_says_a_long_recordings_length_in_minutes_and_hours(tmp_path: Path) -> None:
    # a day's recording read 'Gait analysis of day.csv: 86400.0 s at 100 Hz'
    result = run(str(still_csv(tmp_path / "still.csv", seconds=125.0)))
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "still.csv: 2 min 5 s at 100 Hz" in text
    short = run(str(still_csv(tmp_path / "short.csv", seconds=30.0)))
    assert "short.csv: 30.0 s at 100 Hz" in " ".join(short.stdout.split())


def test_plot_keeps_a_file_already_there_unless_force(tmp_path: Path) -> None:
    # as 'report' and 'export' keep their --out: a second analysis never replaces a picture (or any
    # file named .png) in silence; said before the analysis, naming the file and --force
    out, still = tmp_path / "walk.png", str(still_csv(tmp_path / "still.csv", seconds=20))
    out.write_bytes(b"a picture kept from yesterday")
    refused = run(still, "--plot", str(out), "--json")
    assert refused.exit_code == 2 and refused.stdout == "", refused.output
    said = " ".join(refused.output.split())
    assert said == f"error: --plot {out} already exists; nothing was written (add --force to replace it)"
    assert out.read_bytes() == b"a picture kept from yesterday"
    replaced = run(still, "--plot", str(out), "--json", "--force")
    assert replaced.exit_code == 0, replaced.output
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_plot_keeps_a_file_made_there_while_the_walk_was_analysed(tmp_path: Path, monkeypatch) -> None:
    # the name is checked before the analysis, which takes minutes on a long recording: a picture saved
    # under that name meanwhile (another 'gait analyze ... --plot walk.png') was replaced in silence
    import backstride.gait.plot as gait_plot

    out, still = tmp_path / "walk.png", str(still_csv(tmp_path / "still.csv", seconds=20))
    drawn = gait_plot.plot_gait

    def another_saved_it_meanwhile(*args: object, **kwargs: object) -> None:
        out.write_bytes(b"the other analysis's picture")
        drawn(*args, **kwargs)

    monkeypatch.setattr(gait_plot, "plot_gait", another_saved_it_meanwhile)
    refused = run(still, "--plot", str(out), "--json")
    assert refused.exit_code == 2 and refused.stdout == "", refused.output
    assert "already exists; nothing was written (add --force" in " ".join(refused.output.split())
    assert out.read_bytes() == b"the other analysis's picture"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["still.csv", "walk.png"]  # no picture half-made
    out.unlink()
    replaced = run(still, "--plot", str(out), "--json", "--force")  # --force still replaces it
    assert replaced.exit_code == 0 and out.read_bytes() != b"the other analysis's picture", replaced.output


def test_a_walk_without_a_gyroscope_gets_one_note_about_it_in_the_terminal() -> None:
    """The terminal shows the result's notes and the reader's: phyphox's Accelerometer.csv alone said
    "no gyroscope in this recording: angles that need one will be flagged" beside the note on turns."""
    walk = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis" / "Accelerometer.csv"
    out = runner.invoke(app, ["gait", "analyze", str(walk)], terminal_width=300)
    assert out.exit_code == 0, out.output
    notes = out.output.split("Notes:", 1)[1]
    assert "can read too long where you turned" in notes
    assert "angles that need one" not in notes


def test_the_walking_tolerance_says_it_counts_from_the_first_step() -> None:
    # '--symptom-at "1 min 35 s"' on a trial whose walking began 4.3 s in read 'first symptom after
    # 1 min 31 s', with no word why it was not the 1 min 35 s typed (new-user test, N7); the walk page
    # says "We count from when you started walking"
    result = run(str(MAT_001), "--trial", "Test11/Trial1", "--symptom-at", "1 min 35 s", "--stop-at", "2min")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "first symptom after 1 min 31 s" in text
    assert "(times counted from your first step, 4.3 s into the recording)" in text
    without = " ".join(run(str(MAT_001), "--trial", "Test11/Trial1").stdout.split())
    assert "counted from your first step" not in without  # no times typed: nothing counted
