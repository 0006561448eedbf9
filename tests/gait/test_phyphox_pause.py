"""A phyphox recording paused and started again keeps its paused time.

phyphox stops its experiment time while paused: ``Time (s)`` has the pauses cut out, and only
``meta/time.csv`` (a START row per run, with its system time) says how long each pause was
(../shared/data/formats/FORMATS.md 1.3: "absolute time of sample i = system time(START) + (t_i -
experiment time(START)), per segment"). The reader used the first START row alone: a walk paused for
10 minutes (to rest when the pain came) was read as one walk without a break, a walking bout ran across
the rest, and clock times after the pause were placed 10 minutes early.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from tests.conftest import FORMATS

from backstride.gait.long_recording import LongRecordingAnalyzer
from backstride.gait.pipeline import analyze_gait
from backstride.gait.readers import open_recording, read_recording
from backstride.gait.readers.phyphox import open_phyphox
from backstride.gait.time_points import parse_symptom_and_stop

WALK = FORMATS / "phyphox" / "lucadomene__DFB_Lab04_GaitAnalysis"  # 48 s of walking, no meta/
START = 1705472086.069  # system time of the first start (any)
PAUSE_AT, PAUSED_S = 24.0, 600.0  # paused after 24 s of the experiment, for 10 minutes


def _paused_export(tmp_path):
    folder = tmp_path / "Walk 2024-01-17 08-14-46"
    shutil.copytree(WALK, folder)
    (folder / "meta").mkdir()
    (folder / "meta" / "time.csv").write_text(
        '"event","experiment time","system time","system time text"\n'
        f'"START",0.000000000E0,{START:.3f},"2024-01-17 08:14:46.069 UTC+02:00"\n'
        f'"PAUSE",{PAUSE_AT:.9E},{START + PAUSE_AT:.3f},"2024-01-17 08:15:10.069 UTC+02:00"\n'
        f'"START",{PAUSE_AT:.9E},{START + PAUSE_AT + PAUSED_S:.3f},"2024-01-17 08:25:10.069 UTC+02:00"\n'
        f'"PAUSE",4.8E1,{START + 48 + PAUSED_S:.3f},"2024-01-17 08:25:34.069 UTC+02:00"'
    )
    return folder


@pytest.mark.parametrize("streamed", [False, True])
def test_the_paused_time_is_kept_and_no_walking_bout_runs_across_it(tmp_path, streamed):
    folder = _paused_export(tmp_path)
    if streamed:  # read piece by piece, as `gait analyze` reads a long export
        rec = open_phyphox(folder, piece_bytes=4096)
        d = LongRecordingAnalyzer(height_cm=170).analyze(rec).result_.to_dict()
    else:
        rec = read_recording(folder)
        d = analyze_gait(rec).to_dict()
    assert d["duration_s"] == pytest.approx(48.0 + PAUSED_S, abs=0.2)
    assert any(a <= PAUSE_AT + 0.1 and b >= PAUSE_AT + PAUSED_S - 0.1 for a, b in rec.gaps_s), rec.gaps_s
    assert any("paused in phyphox once (600 s in all)" in n for n in rec.notes)
    bouts = d["walking_bouts"]
    assert len(bouts) >= 2
    for b in bouts:  # each bout lies before the pause or after it
        assert b["end_s"] <= PAUSE_AT + 0.1 or b["start_s"] >= PAUSE_AT + PAUSED_S - 0.1, b


def test_a_clock_time_after_the_pause_is_placed_after_it(tmp_path):
    folder = _paused_export(tmp_path)
    rec = open_recording(folder)
    start = rec.start_datetime
    assert start is not None
    stop_clock = (start + timedelta(seconds=PAUSED_S + 30.0)).strftime("%H:%M:%S")  # 6 s into the 2nd run
    _, stop_s = parse_symptom_and_stop(None, stop_clock, rec)
    assert stop_s == pytest.approx(PAUSED_S + 30.0, abs=1.0)
    assert isinstance(start, datetime)


def _lone_csv_with_a_jump(tmp_path):
    """lucadomene's Accelerometer.csv alone (no meta/), its rows from 20 s to 24 s taken out: as a walk
    paused and sent as the one table phyphox's single-set export writes."""
    lines = (WALK / "Accelerometer.csv").read_text().splitlines()
    kept = [r for r in lines[1:] if not 20.0 <= float(r.split(",")[0].strip('"')) < 24.0]
    path = tmp_path / "Accelerometer.csv"
    path.write_text("\n".join([lines[0], *kept]))
    return path


def test_a_lone_phyphox_csv_whose_times_jump_says_it_cannot_show_its_pauses(tmp_path):
    """Without meta/time.csv a pause cannot be told from a gap, nor its length known: the result said
    nothing of it, and clock times after a pause were silently early."""
    notes = analyze_gait(read_recording(_lone_csv_with_a_jump(tmp_path))).to_dict()["notes"]
    said = [n for n in notes if "no meta/time.csv" in n]
    assert len(said) == 1, notes
    assert "the samples stop at 20 s" in said[0] and "a pause cannot be shown" in said[0], said
    # the table as phyphox wrote it (no jump) says nothing of pauses
    plain = analyze_gait(read_recording(WALK / "Accelerometer.csv")).to_dict()["notes"]
    assert not any("meta/time.csv" in n for n in plain), plain


def test_a_lone_phyphox_csv_read_in_pieces_says_it_cannot_show_its_pauses_too(tmp_path):
    """The note came only from the whole-file read: the same table read piece by piece (as `gait analyze`
    reads a long export) said nothing of a pause, and its clock times after the jump were early all the
    same."""
    rec = open_phyphox(_lone_csv_with_a_jump(tmp_path), piece_bytes=4096)
    assert rec is not None
    notes = LongRecordingAnalyzer(height_cm=170).analyze(rec).result_.to_dict()["notes"]
    said = [n for n in notes if "no meta/time.csv" in n]
    assert len(said) == 1, notes
    assert "the samples stop at 20 s" in said[0] and "a pause cannot be shown" in said[0], said
    whole = analyze_gait(read_recording(_lone_csv_with_a_jump(tmp_path))).to_dict()["notes"]
    assert said == [n for n in whole if "no meta/time.csv" in n]  # the same words both ways
    # the table as phyphox wrote it (no jump), and an export with its meta/, say nothing of it in pieces
    plain = open_phyphox(WALK / "Accelerometer.csv", piece_bytes=4096)
    assert plain is not None
    plain_notes = LongRecordingAnalyzer(height_cm=170).analyze(plain).result_.to_dict()["notes"]
    assert not any("meta/time.csv" in n for n in plain_notes), plain_notes
