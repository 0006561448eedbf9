"""A time equal to the length a result states (``duration_s``, to the millisecond) is inside the
recording. Comparo_slow's JSON says ``duration_s`` 421.765 (7,170 samples at 17 Hz: 421.7647 s), and
``--stop-at 421.765`` was refused as "outside the recording, which lasts ... (421.8 s)"."""

from __future__ import annotations

import pytest
from tests.conftest import FORMATS

from backstride.core.errors import InputError
from backstride.gait.time_points import parse_symptom_and_stop

open_recording = pytest.importorskip("backstride.gait.readers.stream").open_recording

COMPARO_SLOW = FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"


def test_a_stop_at_the_stated_length_is_inside_the_recording():
    assert COMPARO_SLOW.is_dir()
    rec = open_recording(COMPARO_SLOW)
    assert rec.duration_s is not None and round(rec.duration_s, 3) == 421.765  # as the JSON says
    assert rec.duration_s < 421.765  # the exact length is a fraction of a millisecond shorter
    _, stop = parse_symptom_and_stop(None, "421.765", rec)
    assert stop is not None and stop - rec.start_s == pytest.approx(rec.duration_s)  # at its last moment
    with pytest.raises(InputError, match="outside the recording"):
        parse_symptom_and_stop(None, "421.766", rec)  # a millisecond past it: still refused


def test_a_refused_time_is_told_the_length_as_the_result_states_it():
    """Review 2026-11-28: 421.77 was refused as outside a recording said to last '(421.8 s)', which
    reads as if 421.77 were inside it. The refusal gives the length to the millisecond, as
    ``duration_s`` states it."""
    rec = open_recording(COMPARO_SLOW)
    with pytest.raises(InputError) as caught:
        parse_symptom_and_stop(None, "421.77", rec)
    message = str(caught.value)
    assert "which lasts 7 min 2 s (421.765 s)" in message, message
    assert "421.8 s" not in message
