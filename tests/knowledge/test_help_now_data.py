"""The "get help now" signs are knowledge data (help_now.yaml, knowledge 1.32.0), checked by the loader.

Each sign stands for emergency rules of red_flags.yaml and cites known sources; the first group (the
cauda equina signs) is said whole, in view, by the strip on every page. A mistake is named as
``help_now.yaml: path: message``, with every other problem of the knowledge base.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backstride.knowledge import DATA_DIR, load_knowledge, validate_knowledge
from backstride.knowledge.models import HelpNowGroup


def test_each_sign_stands_for_emergency_rules() -> None:
    kb = load_knowledge()
    for sign in kb.help_now.signs:
        for rule in sign.rules:
            assert kb.red_flag_rules[rule].disposition == "emergency", (sign.code, rule)
        assert set(sign.sources) <= set(kb.sources)
    # the shorter form is asked for by a surface that needs it, and says why
    assert "375 x 667" in kb.help_now.short_why


def _problems(tmp_path: Path, old: str, new: str) -> str:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "help_now.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return "\n".join(validate_knowledge(data))


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("rules: [major_trauma]", "rules: [weight_loss]", "'weight_loss' is not an emergency"),
        ("rules: [major_trauma]", "rules: [no_such_rule]", "unknown red-flag rule 'no_such_rule'"),
        ("sources: [A1]", "sources: [Z99]", "unknown source key 'Z99'"),
        ("in_view: true", "in_view: false", "the first signs are said without a tap"),
        (
            "words: feel numb between your legs",
            "words: feel numb between your legs\n        short: numb",
            "a sign in view is said whole",
        ),
        ("code: bad_fall", "code: both_legs", "duplicate code 'both_legs'"),
        ("heading: Get help now", "heading: Get help now\ncolour: red", "colour: Extra inputs"),
        # knowledge 1.34.0: a sign of the long form only says why; the cauda equina signs in view stay
        (
            "        in_strip: false\n        not_in_strip_why: *fold",
            "        in_strip: false\n        not_in_strip_why: ' '",
            "not_in_strip_why: a sign left out of the strip says why",
        ),
        (
            "words: feel numb between your legs",
            "words: feel numb between your legs\n        in_strip: false\n        not_in_strip_why: small",
            "in_strip: a sign in view is said in the strip",
        ),
        (
            "rules: [cancer_with_nerve_symptoms]",
            "rules: [aortic_aneurysm_pattern]",
            "emergency rule 'cancer_with_nerve_symptoms' is named by no sign",
        ),
        (
            "not_listed:\n  fever_with_infection_risk:",
            "not_listed:\n  fever_or_chills: urgent\n  fever_with_infection_risk:",
            "not_listed.fever_or_chills: not an emergency rule",
        ),
    ],
)
def test_a_mistake_in_the_signs_is_named(tmp_path: Path, old: str, new: str, said: str) -> None:
    problems = _problems(tmp_path, old, new)
    assert said in problems, problems
    assert "help_now.yaml" in problems


def test_the_knowledge_as_shipped_has_no_problem_in_the_signs() -> None:
    assert not [p for p in validate_knowledge() if "help_now.yaml" in p]
    # HelpNowGroup is the model a group of signs is read into
    assert all(isinstance(g, HelpNowGroup) for g in load_knowledge().help_now.groups)
