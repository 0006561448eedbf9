"""Every exception class the public API can raise is exported by ``backstride``, so a researcher can
catch it by its public name (``except backstride.RecordingOptionError``), not only by a parent's.

Two ways: each of the API's calls is given a bad input and the class it raises is looked up in
``backstride``; and the modules behind the API (the engine, the interview, the gait readers and
pipeline) are read for every class of ``core.errors`` they raise, so one added later is not missed.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from tests.conftest import MOBILISED_LAB

import backstride
from backstride.core import errors
from backstride.core.errors import BackstrideError

IMU_001 = MOBILISED_LAB / "HA" / "001" / "TimeMeasure1_Test5_Trial1" / "imu.csv"  # units not in the header
MAT_001 = MOBILISED_LAB / "original" / "data" / "lab" / "HA" / "001" / "data.mat"
SRC = Path(backstride.__file__).parent
BEHIND_THE_API = [  # what assess, Interview, read_recording and analyze_gait run
    SRC / "assessment",
    SRC / "knowledge",
    SRC / "gait",
    SRC / "services" / "assessment.py",
    SRC / "services" / "interview.py",
]


def _exported(exc: BaseException) -> None:
    name = type(exc).__name__
    assert name in backstride.__all__, f"{name} is raised by the API but not in backstride.__all__"
    assert getattr(backstride, name) is type(exc)


def _raises(call: object, *args: object, **kwargs: object) -> BaseException:
    with pytest.raises(backstride.BackstrideError) as info:
        call(*args, **kwargs)  # type: ignore[operator]
    return info.value


def test_read_recording_s_errors_are_public() -> None:
    _exported(_raises(backstride.read_recording, IMU_001))  # RecordingOptionError: units unsaid
    _exported(_raises(backstride.read_recording, IMU_001.with_name("no-such.csv")))  # RecordingNotFoundError
    _exported(_raises(backstride.read_recording, MAT_001, trial="Test99/Trial9"))  # no such trial
    _exported(_raises(backstride.read_recording, IMU_001, format="no-such-format"))  # RecordingError


def test_analyze_gait_s_errors_are_public() -> None:
    rec = backstride.read_recording(IMU_001, acc_unit="m/s^2", gyr_unit="deg/s")
    _exported(_raises(backstride.analyze_gait, rec, height_cm=1.72))  # FieldError
    _exported(_raises(backstride.analyze_gait, rec, sensor_height_m=95))  # FieldError
    _exported(_raises(backstride.analyze_gait, rec, symptom_at_s=10_000))  # TimePointError


def test_assess_and_interview_s_errors_are_public() -> None:
    _exported(_raises(backstride.assess, {"no_such_code": True}))  # UnknownCodeError
    _exported(_raises(backstride.assess, {"age_years": "old"}))  # FindingValueError
    _exported(_raises(backstride.Interview().check_new_answer, "exam_slr_positive"))  # ClinicianOnly


def test_the_named_classes_are_caught_by_their_public_names() -> None:
    with pytest.raises(backstride.RecordingOptionError):
        backstride.read_recording(IMU_001)
    rec = backstride.read_recording(IMU_001, acc_unit="m/s^2", gyr_unit="deg/s")
    with pytest.raises(backstride.TimePointError):
        backstride.analyze_gait(rec, stop_at_s=-5)
    with pytest.raises(backstride.FieldError):
        backstride.analyze_gait(rec, height_cm=1.72)


def _raised_error_classes(path: Path) -> set[str]:
    """The names of ``core.errors`` classes that ``path`` makes (raised there, or made by a helper such
    as the readers' ``fail_option`` for its caller to raise)."""
    ours = {n for n, v in vars(errors).items() if inspect.isclass(v) and issubclass(v, BackstrideError)}
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in ours:
                found.add(name)
    return found


def test_every_error_class_raised_behind_the_api_is_exported() -> None:
    raised: dict[str, str] = {}
    for place in BEHIND_THE_API:
        for path in [place] if place.is_file() else sorted(place.rglob("*.py")):
            for name in _raised_error_classes(path):
                raised.setdefault(name, str(path.relative_to(SRC)))
    assert {"RecordingOptionError", "TimePointError", "FieldError", "ClinicianOnlyError"} <= set(raised)
    missing = {name: where for name, where in raised.items() if name not in backstride.__all__}
    assert not missing, f"raised behind the public API but not exported: {missing}"
