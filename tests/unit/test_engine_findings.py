"""validate_findings: unknown codes and bad values raise errors naming the code and what was expected."""

from __future__ import annotations

import pytest

from backstride.assessment import validate_findings
from backstride.core.errors import FindingValueError, InputError, UnknownCodeError


def test_valid_findings_pass_and_none_is_dropped() -> None:
    out = validate_findings({"age_years": 71, "fever": False, "pain_leg": "below_knee", "onset": None})
    assert out == {"age_years": 71.0, "fever": False, "pain_leg": "below_knee"}


def test_unknown_code_is_named() -> None:
    with pytest.raises(UnknownCodeError, match="'fevr'"):
        validate_findings({"fevr": True})


def test_unknown_code_with_none_value_is_still_an_error() -> None:
    with pytest.raises(UnknownCodeError):
        validate_findings({"not_a_code": None})


@pytest.mark.parametrize("value", [1, 0, "yes", "true", 1.0])
def test_bool_must_be_a_real_bool(value: object) -> None:
    with pytest.raises(FindingValueError, match="fever: expected true or false"):
        validate_findings({"fever": value})


@pytest.mark.parametrize("value", [True, "71", [71]])
def test_number_must_be_a_real_number(value: object) -> None:
    with pytest.raises(FindingValueError, match="age_years: expected a number in years from 0 to 120"):
        validate_findings({"age_years": value})


@pytest.mark.parametrize("value", [-1, 121, float("nan"), float("inf")])
def test_number_out_of_range(value: float) -> None:
    with pytest.raises(FindingValueError, match="age_years"):
        validate_findings({"age_years": value})


def test_an_int_too_large_for_a_float_is_out_of_range_not_a_crash() -> None:
    # JSON and typed answers can hold integers of any size; float(10**400) raises OverflowError
    with pytest.raises(FindingValueError, match="age_years: expected a number in years from 0 to 120"):
        validate_findings({"age_years": 10**400})


@pytest.mark.parametrize("value", [60, "bad"])
def test_a_scale_is_named_once_not_as_a_unit(value: object) -> None:
    # it said "pain_severity_nrs: expected a number in 0-10 from 0 to 10"
    with pytest.raises(FindingValueError) as caught:
        validate_findings({"pain_severity_nrs": value})
    assert str(caught.value).startswith("pain_severity_nrs: expected a number from 0 to 10, got ")


def test_bad_enum_names_allowed_values() -> None:
    with pytest.raises(FindingValueError, match="pain_leg: expected one of none, above_knee, below_knee"):
        validate_findings({"pain_leg": "ankle"})


def test_errors_are_input_errors_and_value_errors() -> None:
    with pytest.raises(InputError):
        validate_findings({"fever": "no"})
    with pytest.raises(ValueError):
        validate_findings({"fever": "no"})


def test_non_mapping_is_rejected() -> None:
    with pytest.raises(FindingValueError, match="mapping"):
        validate_findings([("fever", True)])  # type: ignore[arg-type]


def test_numpy_and_pandas_values_are_read_as_the_numbers_and_booleans_they_are() -> None:
    # found in review: findings read with pandas hold numpy scalars; np.int64(71) was refused as
    # "age_years: expected a number in years from 0 to 120, got 71" and np.True_ as "expected true or
    # false, got True", messages that name no real problem
    np = pytest.importorskip("numpy")
    out = validate_findings(
        {
            "age_years": np.int64(71),
            "pain_severity_nrs": np.float32(6.5),
            "fever": np.True_,
            "chills": np.False_,
        }
    )
    assert out == {"age_years": 71.0, "pain_severity_nrs": 6.5, "fever": True, "chills": False}
    assert type(out["age_years"]) is float and type(out["fever"]) is bool
    with pytest.raises(FindingValueError, match="age_years"):
        validate_findings({"age_years": np.int64(130)})
    with pytest.raises(FindingValueError, match="age_years"):
        validate_findings({"age_years": np.float64("nan")})
    with pytest.raises(FindingValueError, match="fever"):
        validate_findings({"fever": np.int64(1)})  # a number is still not true or false
    with pytest.raises(FindingValueError, match="age_years"):
        validate_findings({"age_years": np.True_})  # nor a boolean a number


def test_an_interview_given_numpy_answers_reads_them_as_the_engine_does() -> None:
    np = pytest.importorskip("numpy")
    from backstride import Interview

    plain, from_pandas = Interview(), Interview()
    for question in plain.unscreened_questions():
        for code in question.codes:
            plain.answer(code, False)
            from_pandas.answer(code, np.False_)
    plain.answer("age_years", 40).answer("duration_weeks", 1).answer("onset", "sudden")
    from_pandas.answer("age_years", np.int64(40)).answer("duration_weeks", np.float64(1))
    from_pandas.answer("onset", np.str_("sudden"))
    assert from_pandas.result().to_dict() == plain.result().to_dict()
    assert from_pandas.unasked_warning_rules() == plain.unasked_warning_rules() != ()
    assert from_pandas.next_question() == plain.next_question()
