"""Numbers as a person types them (core.typed): one reading for the pages, the API's form fields and
the command line."""

from __future__ import annotations

import pytest

from backstride.core.typed import minutes_as_typed, typed_minutes_kept, typed_number, typed_whole


@pytest.mark.parametrize(("text", "value"), [("172", 172.0), (" 4,5 ", 4.5), ("-.5", -0.5), ("1e2", 100.0)])
def test_a_number_typed_in_ascii_digits_is_read(text: str, value: float) -> None:
    assert typed_number(text) == value


@pytest.mark.parametrize("text", ["1_0", "\u0663", "\uff13", "nan", "inf", "", "4,5,6", "1.2.3", "0x10"])
def test_anything_else_is_refused_not_read_as_another_number(text: str) -> None:
    with pytest.raises(ValueError, match="expected a number"):
        typed_number(text)


def test_a_whole_number_is_ascii_digits_only_and_not_endless() -> None:
    assert typed_whole(" -12 ") == -12
    for text in ("1_2", "12.0", "\u0661\u0662", "9" * 31):
        with pytest.raises(ValueError, match="expected a whole number"):
            typed_whole(text)


def test_minutes_are_kept_to_a_hundredth_when_typed_as_a_stopwatch_time() -> None:
    assert typed_minutes_kept("6:20") == typed_minutes_kept("6 min 20 s") == 6.33
    assert typed_minutes_kept("45 s") == 0.75
    assert typed_minutes_kept(" 6.333 ") == 6.333  # a plain number exactly as typed
    for text in ("six", "6:75", "6 min 75 s", ""):
        with pytest.raises(ValueError):
            typed_minutes_kept(text)


@pytest.mark.parametrize(
    ("kept", "shown"),
    [(6.33, "6:20"), (7.08, "7:05"), (0.75, "0:45"), (12.5, "12:30"), (0.1, "0:06"), (12.0, "12"), (0.0, "0")]
    + [(6.333333, "6.333333"), (6.999, "6.999"), (0.001, "0.001"), (599.99, "599.99")],
)
def test_minutes_kept_are_shown_as_a_stopwatch_time_only_when_read_back_unchanged(
    kept: float, shown: str
) -> None:
    assert minutes_as_typed(kept) == shown
    assert typed_minutes_kept(shown) == kept  # saved unchanged, it stays as it was
