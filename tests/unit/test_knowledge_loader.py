"""Loader: every problem reported at once as `file: path.to.field: message`; lookup; caching."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backstride.core.errors import KnowledgeError, UnknownCodeError
from backstride.knowledge import DATA_DIR, load_knowledge, validate_knowledge


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_load_is_cached() -> None:
    assert load_knowledge() is load_knowledge()


def test_every_problem_is_reported_at_once(data_copy: Path) -> None:
    _edit(data_copy / "conditions.yaml", "finding: no_pain_seated,", "finding: no_pain_sitted,")
    _edit(
        data_copy / "conditions.yaml",
        'sources: [B1], note: "Age over 70"',
        'sources: [Z9], note: "Age over 70"',
    )
    _edit(
        data_copy / "red_flags.yaml",
        "disposition: emergency\n    when: {present: abdominal_pulsation}",
        "disposition: panic\n    when: {present: abdominal_pulsation}",
    )
    _edit(
        data_copy / "advice.yaml",
        "    evidence_grade: insufficient_evidence\n",
        "    evidence_grade: insufficient_evidence\n    colour: blue\n",
    )
    _edit(data_copy / "knowledge.yaml", "version: 1.", "version: v1.")
    problems = validate_knowledge(data_copy)
    joined = "\n".join(problems)
    assert len(problems) >= 5, joined
    assert "conditions.yaml: conditions.lumbar_spinal_stenosis.likelihood_ratios." in joined
    assert "unknown finding code 'no_pain_sitted'" in joined
    assert "unknown source key 'Z9'" in joined
    assert "red_flags.yaml: rules.aortic_aneurysm_pattern.disposition:" in joined
    assert "advice.yaml: advice.cold_pack.colour:" in joined
    assert "knowledge.yaml: version:" in joined


def test_load_raises_knowledge_error_listing_problems(data_copy: Path) -> None:
    _edit(data_copy / "red_flags.yaml", "{present: abdominal_pulsation}", "{present: belly_throb}")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge(data_copy)
    assert any("belly_throb" in p for p in err.value.problems)


def test_expression_type_errors_are_caught(data_copy: Path) -> None:
    _edit(data_copy / "red_flags.yaml", "{eq: [onset, sudden]}", "{eq: [onset, suddenly]}")
    _edit(data_copy / "red_flags.yaml", "{gte: [pain_severity_nrs, 8]}", "{gte: [fever, 8]}")
    joined = "\n".join(validate_knowledge(data_copy))
    assert "'onset' expects one of" in joined
    assert "'fever' is not a number finding" in joined


def test_seed_coverage_naming_a_missing_item_is_a_problem(data_copy: Path) -> None:
    _edit(data_copy / "seed_coverage.yaml", "items: [knee_to_chest]", "items: [knee_hug]")
    assert any("unknown knowledge item 'knee_hug'" in p for p in validate_knowledge(data_copy))


def test_an_examination_that_can_raise_a_disposition_needs_short_plain_words(data_copy: Path) -> None:
    findings = data_copy / "findings.yaml"
    # every problem at once: a gloss without a name, plain words on a person's finding, too long,
    # a full stop, a name that drops its term
    _edit(
        findings,
        'term: "sacroiliac", plain_name: "the sacroiliac joint tests", plain_gloss: "pressing',
        'plain_gloss: "pressing',
    )
    _edit(findings, 'plain_name: "a hip test"', f'plain_name: "a hip test{" that is far too long" * 3}"')
    _edit(
        findings,
        'plain_gloss: "standing with your feet together and eyes closed"',
        'plain_gloss: "eyes shut."',
    )
    _edit(
        findings, 'who: person, means: "Pain in the lower back', 'who: person, plain_name: "x", means: "Pain'
    )
    _edit(findings, 'plain_name: "feeling the pulses in your feet"', 'plain_name: "feeling your feet"')
    problems = validate_knowledge(data_copy)
    joined = "\n".join(problems)
    assert (
        "findings.yaml: findings.exam_si_provocation_3plus: Value error, plain_gloss and term need a"
        in joined
    )
    assert (
        "findings.yaml: findings.pain_low_back: Value error, plain_name, plain_gloss and term are for"
        in joined
    )
    assert (
        "findings.exam_hip_ir_limited.plain_name: too long for plain words (at most 60 characters)" in joined
    )
    assert "findings.exam_romberg_positive.plain_gloss: no full stop at the end" in joined
    assert "findings.exam_pulses_reduced: Value error, the plain_name must keep the word 'pulses'" in joined


def test_a_raising_examination_without_a_plain_name_is_a_problem(data_copy: Path) -> None:
    _edit(
        data_copy / "findings.yaml",
        ',\n    term: "sacroiliac", plain_name: "the sacroiliac joint tests", '
        'plain_gloss: "pressing and moving the joint where your spine meets your pelvis"}',
        "}",
    )
    _edit(
        data_copy / "findings.yaml",
        ',\n    term: "leg muscle", plain_name: "a strength test of your leg muscles"}',
        "}",
    )
    problems = validate_knowledge(data_copy)
    missing = "plain_name: missing; an examination that can raise a disposition"
    need = "needs a plain name for the person's result"
    assert problems == [
        f"findings.yaml: findings.exam_si_provocation_3plus.{missing} "
        f"(condition sacroiliac_joint_pain) {need}",
        f"findings.yaml: findings.exam_weakness_myotomal.{missing} (rule fever_with_nerve_symptoms, "
        f"rule cancer_with_nerve_symptoms, rule measured_weakness, condition lumbar_radiculopathy) {need}",
    ]


def test_missing_file_is_a_problem(data_copy: Path) -> None:
    (data_copy / "advice.yaml").unlink()
    assert any(p.startswith("advice.yaml: file is missing") for p in validate_knowledge(data_copy))


def test_lookup_finds_every_kind_of_item() -> None:
    kb = load_knowledge()
    assert kb.lookup("lumbar_spinal_stenosis").code == "lumbar_spinal_stenosis"
    assert kb.lookup("cauda_equina_signs").disposition == "emergency"
    assert kb.lookup("walking_cane").evidence_grade == "not_supported"
    assert kb.lookup("fever").kind == "bool"
    assert kb.lookup("B1").kind == "SR"


def test_lookup_unknown_code_names_it() -> None:
    with pytest.raises(UnknownCodeError, match="'nope'"):
        load_knowledge().lookup("nope")
