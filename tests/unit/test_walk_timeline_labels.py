"""The walk page's timeline numbers every walk the table lists: it labelled "Walk 1, 2, 4, 5, 7" of
eight (a label that would run over the one before was left out), under a table that says it is
"the same as the chart"."""

from __future__ import annotations

import re

import pytest

from backstride.web.charts import TEXT_CHAR_PX, Bout, walk_timeline_svg


def _labels(svg: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m.group(1))
        for m in re.finditer(r'<g class="bout"><title>[^<]*</title><rect[^>]*/>(.*?)</g>', svg)
    ]


def _svg(starts: list[float], duration_s: float = 140.0) -> str:
    bouts = [Bout(s, s + 4.0, f"Walk {i}") for i, s in enumerate(starts, start=1)]
    return str(
        walk_timeline_svg(
            duration_s=duration_s, bouts=bouts, contacts_s=[], chart_id="t", title="t", desc="d"
        )
    )


def test_walks_far_apart_keep_their_full_labels() -> None:
    svg = _svg([0.0, 40.0, 80.0, 120.0])
    assert _labels(svg) == ["Walk 1", "Walk 2", "Walk 3", "Walk 4"]
    assert "Walking (hatched boxes)" in svg


@pytest.mark.parametrize("gap_s", [9.0, 5.0])
def test_eight_close_walks_are_all_numbered_as_in_the_table(gap_s: float) -> None:
    starts = [5.0 + i * gap_s for i in range(8)]  # "Walk N" labels run over each other
    svg = _svg(starts)
    assert _labels(svg) == [str(i) for i in range(1, 9)]
    assert "numbers as in the table" in svg
    # no label runs over another in its row
    placed = [
        (float(m.group(1)), float(m.group(2)), m.group(3))
        for m in re.finditer(r'<text x="([\d.]+)" y="([\d.]+)" fill="#222">(\d+)</text>', svg)
    ]
    for (x0, y0, t0), (x1, y1, _t1) in zip(placed, placed[1:], strict=False):
        same_row = [x for x, y, _ in placed if y == y0]
        assert same_row == sorted(same_row)
        if y1 == y0:
            assert x1 >= x0 + len(t0) * TEXT_CHAR_PX


def test_walks_too_close_even_for_numbers_say_so() -> None:
    svg = _svg([10.0 + i * 0.5 for i in range(8)])
    assert "some too close to number" in svg
    assert "Walking (hatched boxes)" not in svg
