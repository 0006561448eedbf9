"""The packaged knowledge base against the shared contract and the evidence base."""

from __future__ import annotations

import re

import pytest
import yaml

from backstride.knowledge import DISPOSITION_ORDER, load_knowledge, validate_knowledge


@pytest.fixture(scope="module")
def contract(shared_dir) -> dict:
    return yaml.safe_load((shared_dir / "spec" / "findings.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def evidence_keys(shared_dir) -> set[str]:
    text = (shared_dir / "clinical" / "EVIDENCE.md").read_text(encoding="utf-8")
    return set(re.findall(r"`\[([A-F]\d+b?)\]`", text))


def test_packaged_knowledge_is_valid() -> None:
    assert validate_knowledge() == []
    assert re.fullmatch(r"\d+\.\d+\.\d+", load_knowledge().version)


def test_every_contract_finding_is_accepted_unchanged(contract: dict) -> None:
    kb = load_knowledge()
    for group, items in contract["groups"].items():
        for code, spec in items.items():
            f = kb.findings.get(code)
            assert f is not None, f"{code} missing from the packaged vocabulary"
            assert f.group == group and f.kind == spec["kind"] and f.who == spec["who"], code
            assert f.means == spec["means"], code
            assert f.unit == spec.get("unit"), code
            assert (f.min, f.max) == (spec.get("min"), spec.get("max")), code
            assert list(f.values) == spec.get("values", []), code


def test_every_contract_condition_is_scored(contract: dict) -> None:
    kb = load_knowledge()
    assert set(contract["conditions"]) <= set(kb.conditions)
    for code, means in contract["conditions"].items():
        c = kb.conditions[code]
        assert c.means == means
        assert 0 < c.prior < 1 and c.likelihood_ratios, code


def test_dispositions_match_contract(contract: dict) -> None:
    kb = load_knowledge()
    assert tuple(reversed(list(contract["dispositions"]))) == DISPOSITION_ORDER
    for code, means in contract["dispositions"].items():
        assert kb.dispositions[code].means == means


def test_every_source_key_is_in_evidence(evidence_keys: set[str]) -> None:
    kb = load_knowledge()
    unknown = sorted(k for k in kb.sources if k not in evidence_keys)
    assert not unknown, f"source keys not cited in EVIDENCE.md: {unknown}"


def test_published_figures_carry_a_source_and_judgements_are_marked() -> None:
    kb = load_knowledge()
    judged = published = 0
    for c in kb.conditions.values():
        for lr in c.likelihood_ratios:
            assert lr.sources and lr.note
            judged += lr.judgement
            published += not lr.judgement
    assert judged > 0 and published > 0


@pytest.mark.parametrize(
    ("condition", "finding", "value", "lr"),
    [
        ("lumbar_spinal_stenosis", "no_pain_seated", True, 7.4),
        ("lumbar_spinal_stenosis", "relief_flexion", True, 6.4),
        ("lumbar_spinal_stenosis", "leg_symptoms_side", "both_sides", 6.3),
        ("lumbar_spinal_stenosis", "worse_walking", False, 0.23),
        ("sacroiliac_joint_pain", "exam_si_provocation_3plus", True, 4.3),
        ("piriformis_syndrome", "exam_fair_positive", True, 5.2),
        ("lumbar_radiculopathy", "exam_crossed_slr_positive", True, 2.8),
        ("spinal_malignancy", "history_of_cancer", True, 16.0),
    ],
)
def test_published_likelihood_ratios_are_copied_exactly(condition, finding, value, lr) -> None:
    """Spot checks against EVIDENCE.md B.1, B.5, B.4, B.7, A.3 (non-judgement figures)."""
    entries = [
        x
        for x in load_knowledge().conditions[condition].likelihood_ratios
        if x.finding == finding and x.value == value and not x.judgement
    ]
    assert [x.lr for x in entries] == [lr]


def test_every_advice_item_has_grade_note_and_sources() -> None:
    kb = load_knowledge()
    for a in kb.advice.values():
        assert a.evidence_grade and a.note and a.sources, a.code
    assert kb.advice["walking_cane"].evidence_grade == "not_supported"
    assert "trial" in kb.advice["walking_cane"].note
    assert kb.advice["cold_pack"].evidence_grade == "insufficient_evidence"
    assert kb.advice["supportive_footwear"].evidence_grade == "not_supported"


def test_red_flag_rules_cover_a9_emergencies() -> None:
    kb = load_knowledge()
    emergency_conditions = {r.condition for r in kb.red_flag_rules.values() if r.disposition == "emergency"}
    assert {
        "cauda_equina_syndrome",
        "vertebral_fracture",
        "spinal_infection",
        "spinal_malignancy",
        "abdominal_aortic_aneurysm",
    } <= emergency_conditions


def test_codes_are_unique_so_lookup_is_unambiguous() -> None:
    kb = load_knowledge()
    tables = [kb.conditions, kb.red_flag_rules, kb.advice, kb.findings, kb.dispositions, kb.gait_factors]
    total = sum(len(t) for t in tables) + len(kb.sources)
    assert len(kb.all_codes()) == total
