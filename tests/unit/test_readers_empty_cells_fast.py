"""A table read whole (a phone export under 32 MB, a generic CSV under 4 MB) is looked at for empty or
blank cells by plain substring tests before the regular expression that marks them: the expression went
at ~35 MB/s and matched every table at its last line end, so it scanned each table twice (140 of the 200
ms of reading the 7-minute Sensor Logger sample). The numbers are the same as with the expression run
on every table, for tables with and without such cells."""

from __future__ import annotations

import re

import numpy as np
import pytest
from tests.walk_samples import FORMATS

from backstride.gait.readers import _common
from backstride.gait.readers._common import Table, parse_numbers, split_table

HEADER = "time,x,y,z"
BODIES = {
    "full": "0.0,1,2,3\n0.1,4,5,6\n0.2,7,8,9\n",
    "no last line end": "0.0,1,2,3\n0.1,4,5,6",
    "empty middle cell": "0.0,1,,3\n0.1,4,5,6\n",
    "empty last cell": "0.0,1,2,\n0.1,4,5,6\n",
    "empty first cell": ",1,2,3\n0.1,4,5,6\n",
    "empty last cell of the table": "0.0,1,2,3\n0.1,4,5,",
    "blank cell": "0.0,1, ,3\n0.1,4,5,6\n",
    "spaces around numbers": "0.0, 1, 2, 3\n0.1, 4, 5, 6\n",
    "quoted": '"0.0","1","2","3"\n"0.1","","5","6"\n',
    "empty line inside": "0.0,1,2,3\n\n0.1,4,5,6\n",
}


def _always_the_expression(table: Table, usecols: list[int]) -> np.ndarray:
    """``parse_numbers`` as it was: the expression run on every table."""
    saved = _common._may_have_empty_cells
    _common._may_have_empty_cells = lambda body, d: True  # type: ignore[assignment]
    try:
        return parse_numbers(table, usecols)
    finally:
        _common._may_have_empty_cells = saved


@pytest.mark.parametrize("name", sorted(BODIES))
@pytest.mark.parametrize("sep", [",", ";", "\t"])
def test_the_numbers_are_those_of_the_expression_run_on_every_table(name: str, sep: str) -> None:
    text = (HEADER + "\n" + BODIES[name]).replace(",", sep)
    table = split_table(text, "t.csv")
    try:
        expected = _always_the_expression(table, [0, 1, 2, 3])
    except Exception as exc:  # the same refusal, word for word
        with pytest.raises(type(exc)) as info:
            parse_numbers(table, [0, 1, 2, 3])
        assert str(info.value) == str(exc)
        return
    np.testing.assert_array_equal(parse_numbers(table, [0, 1, 2, 3]), expected)


def test_a_phone_table_without_empty_cells_is_not_scanned_by_the_expression(monkeypatch) -> None:
    folder = FORMATS / "sensor_logger" / "EricCabrol__Metro" / "Comparo_slow-2024-06-17_06-57-00"
    table = split_table((folder / "TotalAcceleration.csv").read_text(), "TotalAcceleration.csv")
    expected = _always_the_expression(table, [0, 2, 3, 4])
    scanned: list[int] = []
    search = re.search

    def counted(pattern, string, flags=0):  # type: ignore[no-untyped-def]
        if len(string) > 100_000:
            scanned.append(len(string))
        return search(pattern, string, flags)

    monkeypatch.setattr(_common.re, "search", counted)
    np.testing.assert_array_equal(parse_numbers(table, [0, 2, 3, 4]), expected)
    assert scanned == []
