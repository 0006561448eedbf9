"""The "Not finished" box says the one right way to answer the rest, and lists short items only.

A fresh-eyes review (2026-11-28): after ``backstride assess --save``, one answer and ``quit``, the box
said "Run backstride assess again to answer every question" while the lines under the result said
``backstride assess --continue 1``: starting again loses the check kept. The box now says the check's
own ``--continue ID`` when it was kept unfinished; with ``--answers FILE``, to add the missing answers
to the file; otherwise to run ``backstride assess`` again. And its list, headed "Go to an emergency
department now if you have any of these:", mixed short items ("A temperature of 38 °C or more") with a
warning rule's whole sentences ending "Go to an emergency department now."; those now follow the list.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from backstride.knowledge.questions import load_questions
from backstride.services.interview import (
    WARNING_SIGN_ADVICE,
    Interview,
    group_warning_signs,
    is_whole_sentence,
)
from backstride.web import views

ROOT = Path(__file__).resolve().parents[2]


def _assess(*args: str, typed: str = "") -> str:
    env = {"PYTHONPATH": str(ROOT / "src"), "COLUMNS": "500", "PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    done = subprocess.run(
        [sys.executable, "-m", "backstride", "assess", *args],
        input=typed,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return " ".join((done.stdout + done.stderr).split())


def _box(out: str) -> str:
    return out[out.index("NOT FINISHED") : out.index("PARTIAL RESULT")]


def test_a_check_kept_unfinished_is_gone_on_with_not_started_again(tmp_path: Path) -> None:
    db = tmp_path / "checks.sqlite3"
    box = _box(_assess("--save", "--db", str(db), typed="none\nquit\n"))
    assert f"To answer the questions left: backstride assess --continue 1 --db {db}" in box
    assert "again" not in box
    # going on and stopping again: the same check, again
    box = _box(_assess("--continue", "1", "--db", str(db), typed="none\nquit\n"))
    assert f"backstride assess --continue 1 --db {db}" in box


def test_an_answers_file_is_added_to(tmp_path: Path) -> None:
    file = tmp_path / "answers.json"
    file.write_text(json.dumps({"urinary_retention": False}), encoding="utf-8")
    box = _box(_assess("--answers", str(file)))
    assert f"To answer every question, add the missing answers to {file} and run it again." in box
    box = _box(_assess("--answers", str(file), "--save", "--db", str(tmp_path / "c.sqlite3")))
    assert f"add their answers to {file}, then: backstride assess --answers {file} --continue 1" in box


def test_typed_and_not_kept_is_started_again() -> None:
    box = _box(_assess(typed="none\nquit\n"))
    assert "To answer every question, run backstride assess again." in box


def test_the_list_holds_short_items_and_the_rules_sentences_follow_it() -> None:
    signs = Interview("person", {"urinary_retention": False}).unscreened_warning_signs()
    emergency = group_warning_signs(signs, WARNING_SIGN_ADVICE)[0]
    assert emergency.sentences, "the fever-and-numb-legs rule is said in its own sentence"
    assert all(not s.text.endswith(".") for s in emergency.listed)
    context = views.not_finished_context(signs, raised=False)["groups"][0]
    assert not any("Go to an emergency department now." in item for item in context["items"])
    assert any(s.endswith("Go to an emergency department now.") for s in context["sentences"])
    box = _box(_assess(typed="none\nquit\n"))
    listed = box[box.index("if you have any of these:") : box.index("Fever with back pain")]
    assert "Go to an emergency department now." not in listed and "•" in listed


def test_no_checklist_item_reads_as_a_whole_sentence() -> None:
    # what tells an item from a rule's sentence: a questions.yaml label never ends with a full stop
    for question in load_questions().questions:
        for label in question.labels.values():
            assert not is_whole_sentence(label), label
