"""The condition language is three-valued: unknown answers stay unknown."""

from __future__ import annotations

import pytest

from backstride.knowledge import Expr, compile_expr, witnesses


def ev(expr: dict, findings: dict) -> bool | None:
    return compile_expr(Expr.model_validate(expr))(findings)


@pytest.mark.parametrize(
    ("expr", "findings", "expected"),
    [
        ({"present": "fever"}, {"fever": True}, True),
        ({"present": "fever"}, {"fever": False}, False),
        ({"present": "fever"}, {}, None),
        ({"absent": "fever"}, {"fever": False}, True),
        ({"unknown": "fever"}, {}, True),
        ({"unknown": "fever"}, {"fever": False}, False),
        ({"eq": ["onset", "sudden"]}, {"onset": "gradual"}, False),
        ({"in": ["trend", ["stable", "improving"]]}, {"trend": "stable"}, True),
        ({"gte": ["age_years", 70]}, {"age_years": 70.0}, True),
        ({"lte": ["age_years", 59]}, {"age_years": 60.0}, False),
        ({"gte": ["age_years", 70]}, {}, None),
        ({"all": [{"present": "fever"}, {"present": "chills"}]}, {"fever": True}, None),
        ({"all": [{"present": "fever"}, {"present": "chills"}]}, {"fever": False}, False),
        ({"any": [{"present": "fever"}, {"present": "chills"}]}, {"chills": True}, True),
        ({"any": [{"present": "fever"}, {"present": "chills"}]}, {"chills": False}, None),
        ({"any": [{"present": "fever"}, {"present": "chills"}]}, {"chills": False, "fever": False}, False),
        ({"not": {"present": "fever"}}, {}, None),
        ({"not": {"present": "fever"}}, {"fever": False}, True),
    ],
)
def test_three_valued_logic(expr: dict, findings: dict, expected: bool | None) -> None:
    assert ev(expr, findings) is expected


def test_exactly_one_operator() -> None:
    with pytest.raises(ValueError):
        Expr.model_validate({"present": "fever", "absent": "chills"})
    with pytest.raises(ValueError):
        Expr.model_validate({})


def test_witnesses_name_the_findings_that_fired() -> None:
    expr = Expr.model_validate(
        {
            "all": [
                {"present": "fever"},
                {"any": [{"present": "foot_drop"}, {"present": "leg_numbness_tingling"}]},
            ]
        }
    )
    assert witnesses(expr, {"fever": True, "foot_drop": True, "leg_numbness_tingling": False}) == [
        "fever",
        "foot_drop",
    ]
