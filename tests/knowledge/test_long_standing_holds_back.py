"""The validator checks a long-standing clause's ``holds_back`` as it checks a rule's (1.17.0)."""

from __future__ import annotations

import shutil
from pathlib import Path

from backstride.knowledge import DATA_DIR, load_knowledge, validate_knowledge


def _with_holds_back(tmp_path: Path, advice: str, sources: str) -> str:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "conditions.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        advice: [knee_to_chest, cat_cow, exercise_programme]\n"
    assert old in text
    text = text.replace(old, f"        advice: [{advice}]\n", 1)
    text = text.replace("        sources: [A1, A22]\n", f"        sources: [{sources}]\n", 1)
    path.write_text(text, encoding="utf-8")
    return "\n".join(validate_knowledge(data))


def test_the_broken_bone_clause_holds_back_the_loaded_stretches() -> None:
    hold = load_knowledge().conditions["vertebral_fracture"].long_standing
    assert hold is not None and hold.holds_back is not None
    rule = load_knowledge().red_flag_rules["suspected_fracture"].holds_back
    assert rule is not None and hold.holds_back.advice == rule.advice  # the same items as the rule's


def test_unknown_advice_safety_advice_and_unknown_sources_are_reported(tmp_path: Path) -> None:
    where = "conditions.yaml: conditions.vertebral_fracture.long_standing.holds_back"
    said = _with_holds_back(tmp_path, "knee_to_chest, knee_hug, warning_signs", "A1, Z99")
    assert f"{where}.advice: unknown advice item 'knee_hug'" in said
    assert f"{where}.advice: safety advice is never left out" in said
    assert f"{where}.sources: unknown source key 'Z99'" in said
