"""The interview scan can draw warning signs as a yes (``--warning-yes P``, session 18).

``tools/knowledge_scans/interview_vs_all_answers.py`` answered every warning sign "no", so it could
never find an interview that loses an emergency or a visit today (review R1 found one by hand: numb
legs hidden after "Neither leg" beside a fever). With ``--warning-yes P`` each warning sign drawn is a
yes with chance P; at 0 (the default) the people are the same as before the option.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from types import ModuleType

from tests.conftest import REPO_ROOT

from backstride.knowledge.questions import load_questions

SCRIPT = REPO_ROOT / "tools" / "knowledge_scans" / "interview_vs_all_answers.py"


def _scan() -> ModuleType:
    spec = importlib.util.spec_from_file_location("interview_vs_all_answers", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_warning_signs_drawn_are_yes_with_the_chance_given_and_the_rest_as_before() -> None:
    scan = _scan()
    screening = {c for q in load_questions().questions if q.screen for c in q.codes}
    before = scan.people(200, 1, "any")
    never = scan.people(200, 1, "any", 0.0)
    always = scan.people(200, 1, "any", 1.0)
    assert before == never  # the default draws the same people as before the option
    assert not any(v is True for _, a in never for c, v in a.items() if c in screening)
    drawn = [(c, v) for _, a in always for c, v in a.items() if c in screening]
    assert drawn and all(v is True for _, v in drawn)


def test_the_scan_with_warning_signs_yes_finds_no_interview_below_what_its_mode_can_ask() -> None:
    done = _run("--count", "30", "--seed", "1", "--warning-yes", "0.5")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "warning signs yes with chance 0.5" in out.splitlines()[0], out
    yes = [int(n) for n in re.findall(r"people with a warning sign yes: (\d+)", out)]
    assert len(yes) == 2 and sum(yes) > 0, out
    askable = re.findall(r"the mode can ask: equal (\d+), higher (\d+), lower (\d+)", out)
    assert len(askable) == 2 and all(h == "0" and lo == "0" for _, h, lo in askable), out


def test_a_chance_outside_0_to_1_is_refused_by_name() -> None:
    done = _run("--count", "1", "--warning-yes", "1.5")
    assert done.returncode == 2 and "--warning-yes: a chance from 0 to 1, not 1.5" in done.stderr, done.stderr
