"""A question's "Why we ask" says "emergency" when an answer to it can fire an emergency rule.

Found in a new-user test: the bladder question said "That needs a hospital check the same day", the
leg-weakness question "It needs a check soon" and the infection question "It needs treatment soon",
though a yes to each can fire an emergency rule (cauda equina signs, progressive weakness, fever
with an infection risk; EVIDENCE.md A.9's first row: emergency now). The text shows on every
question page, in ``backstride assess``, in the API's ``next_question.why`` and in ``explain``.
The question bank's validator now refuses such a text.
"""

from __future__ import annotations

import yaml

from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import _read_raw, load_questions, validate_questions

OLD_WHY = {
    "rf_bladder_bowel": "These can mean the nerves at the bottom of the spine are being squeezed. "
    "That needs a hospital check the same day.",
    "rf_leg_nerves": "Weakness that keeps getting worse means a nerve is under pressure. "
    "It needs a check soon.",
    "rf_infection": "With back pain, these can point to an infection in the spine. It needs treatment soon.",
}


def test_the_packaged_questions_say_emergency_where_an_answer_can_be_one() -> None:
    assert validate_questions() == []
    bank = load_questions()
    for qid in OLD_WHY:
        assert "emergency" in bank.by_id(qid).why.lower()


def test_the_validator_refuses_the_old_texts() -> None:
    raw = yaml.safe_load(yaml.safe_dump(_read_raw()))  # a copy
    for q in raw["questions"]:
        if q["id"] in OLD_WHY:
            q["why"] = OLD_WHY[q["id"]]
    joined = "\n".join(validate_questions(raw, load_knowledge()))
    for qid in OLD_WHY:
        assert f"({qid}): why: an answer can be an emergency" in joined
    assert "urinary_retention" in joined and "leg_weakness_progressive" in joined and "fever" in joined


def test_only_warning_sign_questions_are_held_to_it() -> None:
    # the onset and leg-side questions feed emergency rules only beside a warning sign
    bank = load_questions()
    assert not bank.by_id("onset").screen and "emergency" not in bank.by_id("onset").why.lower()
    assert validate_questions() == []
