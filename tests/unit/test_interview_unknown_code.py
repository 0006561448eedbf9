"""An unknown finding code given to ``Interview.answer`` is a clear error that is a ValueError too
(as the method's docstring promises), in the BackstrideError tree, naming the code; callers that
caught KeyError keep working."""

from __future__ import annotations

import pytest

from backstride import Interview
from backstride.core.errors import BackstrideError, InputError, UnknownCodeError


def test_an_unknown_code_is_a_value_error_naming_the_code() -> None:
    with pytest.raises(ValueError) as info:  # was a KeyError subclass only: escaped `except ValueError`
        Interview().answer("knee_pain", True)
    error = info.value
    assert isinstance(error, UnknownCodeError) and isinstance(error, InputError)
    assert isinstance(error, BackstrideError)
    assert isinstance(error, KeyError)  # the callers that caught KeyError still do
    assert "'knee_pain'" in str(error) and "unknown finding code" in str(error)
    assert not str(error).startswith('"')  # plain, not KeyError's quoted repr


def test_an_unknown_code_with_a_close_code_suggests_it() -> None:
    with pytest.raises(ValueError, match="did you mean 'fever'"):
        Interview().answer("fevr", True)


def test_a_value_error_handler_catches_it_like_a_bad_value() -> None:
    caught = []
    for code, value in (("knee_pain", True), ("fever", "maybe")):
        try:
            Interview().answer(code, value)
        except ValueError as exc:
            caught.append(str(exc))
    assert len(caught) == 2 and "knee_pain" in caught[0] and "fever" in caught[1]


def test_assess_and_an_answers_file_suggest_a_close_code_too() -> None:
    from backstride import assess

    with pytest.raises(ValueError, match="did you mean 'fever'") as info:
        assess({"fevr": True})
    assert isinstance(info.value, UnknownCodeError) and "'fevr'" in str(info.value)


@pytest.mark.parametrize(
    ("code", "meant"), [("AGE_YEARS", "age_years"), ("Fever", "fever"), ("age-years", "age_years")]
)
def test_a_code_written_in_capitals_or_with_hyphens_suggests_the_code(code: str, meant: str) -> None:
    # found in review (R2): 'AGE_YEARS' and 'age-years' were "unknown" with no hint, though 'fevr' had one
    from backstride import assess

    with pytest.raises(ValueError, match=f"did you mean '{meant}'"):
        Interview().answer(code, True)
    with pytest.raises(ValueError, match=f"did you mean '{meant}'"):
        assess({code: True})
