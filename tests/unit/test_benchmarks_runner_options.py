"""``python -m benchmarks bench_web --scenario result_page`` (the form the benchmarks' notes use) gives
``--scenario result_page`` to bench_web alone; it used to take the options for more names to filter by
and ran every scenario of bench_web, and every other module whose name holds "scenario"."""

from __future__ import annotations

from typing import Any

import pytest
from benchmarks import __main__ as runner
from benchmarks import bench_assessment, bench_gait_long, bench_web


def test_options_after_the_name_go_to_that_benchmark_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    given: list[Any] = []
    monkeypatch.setattr(bench_web, "main", lambda argv=None: given.append(argv))
    assert runner.main(["bench_web", "--scenario", "result_page", "--duration-s", "5"]) == 0
    assert given == [["--scenario", "result_page", "--duration-s", "5"]]
    assert "## bench_web" in capsys.readouterr().out
    given.clear()
    assert runner.main(["web", "--scenario", "result_page"]) == 0  # "web" is bench_web's own name
    assert given == [["--scenario", "result_page"]]


def test_without_options_a_name_still_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[str] = []
    for name in ("bench_gait", "bench_gait_cli", "bench_gait_long"):
        module = __import__(f"benchmarks.{name}", fromlist=["main"])
        monkeypatch.setattr(module, "main", lambda argv=None, name=name: ran.append(name))
    assert runner.main(["bench_gait"]) == 0
    assert ran == ["bench_gait", "bench_gait_cli", "bench_gait_long"]  # as docs/gait.md says


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--scenario", "result_page"], "name it before them"),  # no benchmark named
        (["gait_", "--runs", "1"], "bench_gait_cli, bench_gait_long"),  # more than one
        (["bench_assessment", "--runs", "1"], "bench_assessment takes no options"),
    ],
)
def test_options_no_one_benchmark_takes_are_refused(
    argv: list[str], said: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[str] = []
    monkeypatch.setattr(bench_assessment, "main", lambda: ran.append("assessment"))
    monkeypatch.setattr(bench_gait_long, "main", lambda argv=None: ran.append("gait_long"))
    assert runner.main(argv) == 2
    assert said in capsys.readouterr().err
    assert ran == []
