"""Figures in the docs are reproducible from a clean clone: no doc sends the reader to a scratch
script outside the repository (docs/knowledge-base.md and docs/gait.md cited /work/scratch/...
scripts, most of them gone), and the knowledge scans the docs cite now are in tools/ and run."""

from __future__ import annotations

import os
import re
import subprocess
import sys

from tests.conftest import REPO_ROOT

SCRATCH = "/work/scratch/"


def test_no_doc_cites_a_scratch_script_outside_the_repository() -> None:
    docs = [REPO_ROOT / "README.md", *sorted((REPO_ROOT / "docs").glob("*.md"))]
    docs += sorted((REPO_ROOT / "tools").rglob("*.md")) + sorted((REPO_ROOT / "benchmarks").glob("*.py"))
    citing = [str(p.relative_to(REPO_ROOT)) for p in docs if SCRATCH in p.read_text(encoding="utf-8")]
    assert not citing, citing
    # the benchmark table keeps its measured rows as history, and says so
    table = (REPO_ROOT / "benchmarks" / "README.md").read_text(encoding="utf-8")
    assert "never in the repository" in table and "those figures are history" in table


def _run(script: str, *args: str) -> str:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, script, *args], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_knowledge_scans_the_docs_cite_are_in_the_repository_and_run() -> None:
    text = (REPO_ROOT / "docs" / "knowledge-base.md").read_text(encoding="utf-8")
    cited = sorted(set(re.findall(r"tools/knowledge_scans/\w+\.py", text)))
    assert cited == [
        "tools/knowledge_scans/interview_vs_all_answers.py",
        "tools/knowledge_scans/long_standing_follow_up_scan.py",
        "tools/knowledge_scans/long_standing_scan.py",
        "tools/knowledge_scans/symptom_yes_scan.py",
    ]
    for script in cited:
        assert (REPO_ROOT / script).is_file(), script


def test_the_long_standing_clause_moves_only_long_stable_episodes() -> None:
    """What the scan's doc figure says ("all over 12 weeks and not worsening"), on a small sample."""
    out = _run("tools/knowledge_scans/long_standing_scan.py", "--count", "2000", "--seed", "1")
    moved = re.search(r"moved by a long_standing clause: (\d+)\n((?:  .*\n)*)", out)
    assert moved is not None and int(moved.group(1)) > 0, out
    for line in moved.group(2).splitlines():
        assert "urgent -> routine" in line and "12 weeks or more" in line and "worsening" not in line, line


def test_the_symptom_scan_runs_and_counts_its_falls() -> None:
    out = _run("tools/knowledge_scans/symptom_yes_scan.py", "--count", "40", "--seed", "5")
    assert out.startswith("knowledge ") and re.search(r"^falls: \d+ ", out, re.M), out


def test_the_interview_scan_runs_and_no_interview_ends_above_what_its_mode_can_ask() -> None:
    """What the doc says of the interview scan, on its first 40 people: against the answers the mode
    can ask, no interview ends higher or lower; what differs is the examinations person mode never asks."""
    out = _run("tools/knowledge_scans/interview_vs_all_answers.py", "--count", "40", "--seed", "1")
    assert out.startswith("knowledge "), out
    askable = re.findall(r"the mode can ask: equal (\d+), higher (\d+), lower (\d+)", out)
    assert len(askable) == 2 and all(h == "0" and lo == "0" for _, h, lo in askable), out
    assert sum(int(e) for e, _, _ in askable) == 40, out


def test_the_long_standing_follow_up_scan_finds_no_interview_that_stops_without_asking() -> None:
    """What the doc says of the broken bone's length-and-direction follow-up, on 200 people."""
    out = _run("tools/knowledge_scans/long_standing_follow_up_scan.py", "--count", "200", "--seed", "3")
    cases = re.search(r"with 20 stable weeks: (\d+)\n  .*: (\d+)$", out.strip(), re.M)
    assert cases is not None and int(cases.group(1)) > 0 and cases.group(2) == "0", out
