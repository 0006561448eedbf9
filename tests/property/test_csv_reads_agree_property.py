"""A generic CSV gives the same recording read whole (a file under 4 MB) and read piece by piece (a file of
4 MB or more; ``piece_bytes`` forces the pieces on a small one), or the same message: its size never
decides what a person gets (docs/gait-input.md). Small random files with what real files hold: blank lines,
lines of spaces or tabs, words for a missing value, sensor cells missing, a row with no time, a value more
than the header names, a gap, jitter, ISO or seconds times, units in m/s^2 or g and deg/s or rad/s, three
separators, decimal commas. Rows near the start and the end are edited more often: what the reader leaves
out there (rows with one sensor only) meets what it drops everywhere (a repeated time)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import numpy as np
from hypothesis import example, given, note, settings
from hypothesis import strategies as st

from backstride.core.errors import RecordingError
from backstride.gait.readers import read_recording
from backstride.gait.readers.stream import open_recording

MISSING = ["", " ", "NA", "NaN", "null", "#N/A", "n/a", '""']
EDITS = ["blank", "spaces", "tab", "space tab", "acc", "gyr", "both", "time", "repeat", "extra"]
FAULTS = [None, None, None, "word", "back"]  # at most one a file: an error ends the reading
START = datetime(2024, 5, 1, 10, 0, 0)
MEDIAN = re.compile(r"(?<=median rate )([0-9.e+]+)(?= Hz)")


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    fs = draw(st.sampled_from([50.0, 100.0, 200.0]))
    n = draw(st.integers(int(2.2 * fs), int(5 * fs)))
    iso = draw(st.booleans())
    d = draw(st.sampled_from([",", ";", "\t"]))
    comma = d != "," and draw(st.booleans())  # decimal comma
    acc_g, gyr_rads, with_gyr = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    t = np.arange(n) / fs
    if draw(st.booleans()):  # a phone's timing
        t = t + rng.uniform(-0.3, 0.3, n) / fs
    gap_at = draw(st.none() | st.integers(1, n - 1))
    if gap_at is not None:
        t[gap_at:] += draw(st.floats(0.2, 3.0))
    acc = np.column_stack([0.8 * np.sin(11 * t), 0.5 * np.cos(7 * t), 9.81 + 2.0 * np.sin(11 * t)])
    acc += rng.normal(0, 0.05, acc.shape)
    gyr = np.column_stack([30 * np.sin(11 * t), 20 * np.cos(5 * t), 10 * np.sin(3 * t)])
    gyr += rng.normal(0, 0.5, gyr.shape)
    acc_unit, gyr_unit = (
        ("g", acc / 9.80665) if acc_g else ("mps2", acc),
        ("rads", np.radians(gyr)) if gyr_rads else ("dps", gyr),
    )
    header = ["timestamp" if iso else "time_s", *(f"acc_{a}_{acc_unit[0]}" for a in "xyz")]
    if with_gyr:
        header += [f"gyr_{a}_{gyr_unit[0]}" for a in "xyz"]

    def number(v: float) -> str:
        text = f"{v:.6f}"
        return text.replace(".", ",") if comma else text

    rows = []
    for i in range(n):
        when = (
            (START + timedelta(seconds=float(t[i]))).isoformat(timespec="microseconds") + "Z"
            if iso
            else number(t[i])
        )
        cells = [when, *(number(v) for v in acc_unit[1][i])]
        if with_gyr:
            cells += [number(v) for v in gyr_unit[1][i]]
        rows.append(cells)
    extra: dict[int, list[str]] = {}
    rows_edited = st.integers(0, n - 1) | st.integers(0, 3) | st.integers(n - 4, n - 1)  # the ends too
    edits = draw(st.lists(st.tuples(rows_edited, st.sampled_from(EDITS)), max_size=12))
    fault = draw(st.sampled_from(FAULTS))
    if fault is not None:
        edits.append((draw(st.integers(0, n - 1)), fault))
    for row, edit in edits:
        word = draw(st.sampled_from(MISSING))
        if edit in ("acc", "gyr", "both"):
            cols = {"acc": [1, 2, 3], "gyr": [4, 5, 6], "both": [1, 2, 3, 4, 5, 6]}[edit]
            for c in cols:
                if c < len(rows[row]):
                    rows[row][c] = word
        elif edit == "time":
            rows[row][0] = word
        elif edit == "extra":  # a value more than the header names
            rows[row].append(number(1.5))
        elif edit == "word":  # not a number: refused naming its line and column
            rows[row][draw(st.integers(1, len(rows[row]) - 1))] = "x"
        elif edit in ("repeat", "back"):  # a repeated time is dropped, one going back refused
            rows[row][0] = rows[max(0, row - 1)][0] if edit == "repeat" else rows[max(0, row - 2)][0]
        else:
            blank = {"blank": "", "spaces": "   ", "tab": "\t", "space tab": " \t "}[edit]
            extra.setdefault(row, []).append(blank)
    lines = [d.join(header)]
    for i, cells in enumerate(rows):
        lines.append(d.join(cells))
        lines.extend(extra.get(i, []))
    return "\n".join(lines) + "\n"


def _whole(path: Path) -> dict | str:
    try:
        rec = read_recording(path)
    except RecordingError as exc:
        return str(exc)
    return {
        "rate": rec.sampling_rate_hz,
        "start": rec.start_datetime,
        "acc": rec.acc_mps2,
        "gyr": rec.gyr_dps,
        "gaps": [tuple(g) for g in rec.gaps_s],
        "notes": list(rec.notes),
    }


def _pieces(path: Path) -> dict | str:
    try:
        stream = open_recording(path, piece_bytes=4096)
        blocks = list(stream.blocks(1_000))
    except RecordingError as exc:
        return str(exc)
    gyr = [b.gyr_dps for b in blocks if b.gyr_dps is not None]
    return {
        "rate": stream.sampling_rate_hz,
        "start": stream.start_datetime,
        "acc": np.concatenate([b.acc_mps2 for b in blocks]),
        "gyr": np.concatenate(gyr) if gyr else None,
        "gaps": [tuple(g) for g in stream.gaps_s],
        "notes": list(stream.notes),
    }


def _one_sensor_first_then_its_time_again() -> str:
    """100 Hz for 3 s; the first row has no gyroscope values and the second repeats its time. The reader
    drops the second (a repeated time), then leaves out the first (one sensor only, at the start): the
    rest is regular. Read in pieces, the rate was measured with the second row's time kept, an interval
    of two samples, and the file was said to be resampled; read whole, it was not."""
    t = np.arange(300) / 100.0
    rows = [
        [
            f"{x:.6f}"
            for x in (s, np.sin(11 * s), np.cos(7 * s), 9.81 + np.sin(11 * s), 30 * np.sin(s), 1.0, 2.0)
        ]
        for s in t
    ]
    rows[0][4:7] = ["", "", ""]
    rows[1][0] = rows[0][0]
    header = "time_s,acc_x_mps2,acc_y_mps2,acc_z_mps2,gyr_x_dps,gyr_y_dps,gyr_z_dps"
    return "\n".join([header, *(",".join(r) for r in rows)]) + "\n"


@settings(max_examples=150, deadline=None)
@given(text=csv_texts())
@example(text=_one_sensor_first_then_its_time_again())
def test_read_whole_or_in_pieces_the_same_recording_or_message(text: str) -> None:
    note(text)
    with TemporaryDirectory() as folder:
        path = Path(folder) / "walk.csv"
        path.write_text(text)
        whole, pieces = _whole(path), _pieces(path)
    if isinstance(whole, str) or isinstance(pieces, str):
        assert pieces == whole
        return
    assert pieces["rate"] == whole["rate"]
    assert pieces["start"] == whole["start"]
    # read in pieces, the median rate is measured at places spread over the file, not on every row:
    # its figure in the note on resampling may differ a little (the grid's rate may not)
    medians = [[float(m) for n in r["notes"] for m in MEDIAN.findall(n)] for r in (pieces, whole)]
    np.testing.assert_allclose(medians[0], medians[1], rtol=0.02)
    assert [MEDIAN.sub("", n) for n in pieces["notes"]] == [MEDIAN.sub("", n) for n in whole["notes"]]
    assert len(pieces["gaps"]) == len(whole["gaps"])
    np.testing.assert_allclose(
        np.reshape(pieces["gaps"], (-1, 2)), np.reshape(whole["gaps"], (-1, 2)), atol=1e-9
    )
    # numpy parses the file read whole, pandas the pieces: the last digit of a float may differ
    np.testing.assert_allclose(pieces["acc"], whole["acc"], rtol=0, atol=1e-9)
    assert (pieces["gyr"] is None) == (whole["gyr"] is None)
    if whole["gyr"] is not None:
        np.testing.assert_allclose(pieces["gyr"], whole["gyr"], rtol=0, atol=1e-9)
