"""The walk page's timeline axis: every tick's name stays inside the picture (web.charts.walk_timeline_svg,
its ticks from gait.time_axis)."""

from __future__ import annotations

import re

import pytest

from backstride.web.charts import TEXT_CHAR_PX, walk_timeline_svg


def _timeline(duration_s: float) -> str:
    chart = walk_timeline_svg(duration_s=duration_s, bouts=[], contacts_s=[], chart_id="w", title="", desc="")
    return str(chart)


TICK = re.compile(r'<text x="([\d.]+)" y="\d+" text-anchor="(start|middle|end)" fill="#222">([^<]*)</text>')


@pytest.mark.parametrize("duration_s", [12.0, 100.0, 725.0, 3_601.0, 5_405.0, 9_060.0, 86_400.0, 131_000.0])
def test_every_tick_name_fits_inside_the_timeline(duration_s: float) -> None:
    # a 2 h 31 min recording ended in a tick '2 h 30 min' centred 4 px from the axis's end, 20 px from the
    # picture's edge: its last letters were cut off ('2 h 30 m')
    svg = _timeline(duration_s)
    width = float(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))  # type: ignore[union-attr]
    ticks = [(float(x), anchor, words) for x, anchor, words in TICK.findall(svg) if re.match(r"\d", words)]
    assert len(ticks) >= 2
    for x, anchor, words in ticks:
        w = len(words) * TEXT_CHAR_PX
        left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        assert 0.0 <= left and left + w <= width, (words, x, anchor)


@pytest.mark.parametrize("duration_s", [5_400.0, 6_002.0, 9_060.0, 10_795.0, 40_000.0, 131_000.0])
def test_no_two_tick_names_touch(duration_s: float) -> None:
    # names kept inside the picture must not run into the one before: 1 h 30 min read
    # '... 1 h 15 min 1 h 30 min' with the last two touching, so fewer steps are taken
    svg = _timeline(duration_s)
    spans = []
    for x, _anchor, words in TICK.findall(svg):
        if re.match(r"\d", words):
            half = len(words) * TEXT_CHAR_PX / 2
            spans.append((float(x) - half, float(x) + half))
    assert len(spans) >= 3
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:], strict=False)), spans
