"""The examination note: a result says when an examination it did not have could raise it.

Person mode never asks examination findings, so a self-care result may rest on tests nobody did.
dev-028 (sacroiliac joint pain, gold routine) ends at self-care in person mode: with three or more
positive sacroiliac provocation tests and buttock pain on one side the engine says routine. Its
result must say that an examination could change it and name the sacroiliac joint tests in plain
words, with sources; the disposition itself stays the engine's. A result no examination could
raise (an emergency; urgent with nothing above it; clinician mode with the examination done) has no
note.

`.venv/bin/python -m tests.spec.test_interview_exam_note` prints which dev vignettes show the note
in each mode (a Markdown table).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from backstride.knowledge import DISPOSITION_RANK, load_knowledge
from backstride.knowledge.questions import load_questions
from backstride.services.assessment import assess
from backstride.services.interview import Interview

KB = load_knowledge()
EXAM_CODES = sorted(c for c, f in KB.findings.items() if f.who == "clinician")


def _vignettes(shared_dir: Path) -> dict[str, dict[str, Any]]:
    with (shared_dir / "data" / "vignettes" / "dev.jsonl").open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    return {v["id"]: v for v in rows}


def interview(findings: dict[str, Any], mode: str) -> Interview:
    """The interview to its end, each answer from ``findings`` ("don't know" when absent)."""
    session = Interview(mode=mode)
    while (question := session.next_question()) is not None:
        for code in question.codes:
            session.answer(code, findings.get(code))
    return session


@pytest.fixture(scope="module")
def vignettes(shared_dir: Path) -> dict[str, dict[str, Any]]:
    return _vignettes(shared_dir)


def test_dev_028_in_person_mode_says_an_examination_could_change_the_self_care_result(
    vignettes: dict[str, dict[str, Any]],
) -> None:
    result = interview(vignettes["dev-028"]["findings"], "person").result()
    assert result.disposition == "self_care"  # the engine's, unchanged
    note = result.examination_note
    assert note is not None
    assert (
        note.disposition == "self_care"
        and DISPOSITION_RANK[note.could_rise_to] > DISPOSITION_RANK["self_care"]
    )
    # the sacroiliac joint tests are named first, in plain words, with the cause's sources [B17]
    first = note.shown()[0]
    assert first.code == "exam_si_provocation_3plus"
    assert "sacroiliac joint tests" in first.text and "where your spine meets your pelvis" in first.text
    assert "sacroiliac_joint_pain" in first.causes
    assert "B17" in first.sources and "B17" in note.sources
    assert note.text == "An examination could change this."
    assert "see a clinician" in note.advice
    # and the same in the result's JSON (an extension of the contract's), the disposition unchanged
    doc = result.to_dict()
    assert doc["disposition"] == "self_care"
    assert doc["examination_note"]["exams"][0]["code"] == "exam_si_provocation_3plus"
    assert "B17" in doc["examination_note"]["sources"]


def test_every_exam_named_has_plain_words_from_the_knowledge_base() -> None:
    from backstride.services.exam_note import exam_words

    questions = load_questions().code_to_question()
    for code in EXAM_CODES:  # every examination finding has plain words (findings.yaml)
        finding = KB.findings[code]
        term, name = finding.term, finding.plain_name
        assert term is not None and name is not None, code
        assert term.lower() in questions[code].text.lower(), code  # the knowledge base's own term
        assert term.split()[0].lower() in name.lower(), code
        assert exam_words(code, KB).startswith(name), code  # what the note says


@pytest.mark.parametrize("vignette_id", ["dev-012", "dev-017", "dev-027"])
def test_an_emergency_has_no_examination_note(vignettes: dict[str, dict[str, Any]], vignette_id: str) -> None:
    result = interview(vignettes[vignette_id]["findings"], "person").result()
    assert result.disposition == "emergency"
    assert result.examination_note is None
    assert result.to_dict()["examination_note"] is None


@pytest.mark.parametrize("vignette_id", ["dev-007", "dev-037"])
def test_an_urgent_result_no_examination_could_raise_has_no_note(
    vignettes: dict[str, dict[str, Any]], vignette_id: str
) -> None:
    result = interview(vignettes[vignette_id]["findings"], "person").result()
    assert result.disposition == "urgent"
    assert result.examination_note is None


def test_clinician_mode_with_the_examination_done_has_no_note(vignettes: dict[str, dict[str, Any]]) -> None:
    # the examination the vignette describes, every other test done and normal
    findings = {**{c: False for c in EXAM_CODES}, **vignettes["dev-028"]["findings"]}
    session = interview(findings, "clinician")
    result = session.result()
    assert result.disposition == "routine"
    assert result.examination_note is None
    # the same person with the examination not done (each test "don't know") gets the note
    undone = interview({c: v for c, v in findings.items() if c not in EXAM_CODES}, "clinician").result()
    assert undone.examination_note is not None


def test_the_note_never_changes_the_result() -> None:
    findings = {"age_years": 34, "pain_low_back": True, "pain_leg": "none"}
    result = assess(findings)
    doc = result.to_dict()
    assert result.examination_note is not None
    without = {k: v for k, v in doc.items() if k != "examination_note"}
    plain = assess(findings).assessment
    assert without["disposition"] == plain.disposition
    assert [c["code"] for c in without["conditions"]] == [c.code for c in plain.conditions]


def _table(vignettes: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for mode in ("person", "clinician"):
        for vid, v in vignettes.items():
            result = interview(v["findings"], mode).result()
            note = result.examination_note
            named = ", ".join(e.code for e in note.shown()) if note else "-"
            rise = note.could_rise_to if note else "-"
            lines.append(
                f"| {vid} | {mode} | {v['gold_disposition']} | {result.disposition} | {rise} | {named} |"
            )
    return lines


if __name__ == "__main__":
    from tests.conftest import SHARED

    print("| vignette | mode | gold | result | could rise to | examinations named (first 3) |")
    print("|---|---|---|---|---|---|")
    print("\n".join(_table(_vignettes(SHARED))))
