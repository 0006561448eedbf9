"""The plan's "Know the warning signs" names every emergency and same-day rule, at the rule's level.

Review k4 (2026-11-27, knowledge 1.21.1): the safety item every plan carries left out one-sided
sciatica that spreads to both legs (``sciatica_spread_to_both_legs``, an emergency here [A16]), a big
fall or accident (``major_trauma``, emergency [A1][A22]) and the aneurysm signs
(``aortic_aneurysm_pattern``, emergency [A24]), all of which EVIDENCE.md C.1 asks the list to add;
and it said "go to an emergency department at once" for a new weakness, a foot that slaps and any
fever with back pain, which the rules here make a same-day visit (``new_foot_drop``,
``fever_or_chills``). Each rule is mapped to the words that name it and the part of the text that
matches its level, or exempted with a reason, so a new rule cannot be forgotten.
"""

from __future__ import annotations

from backstride.knowledge import load_knowledge

SAME_DAY = "See a doctor the same day"

# rule code -> words of "Know the warning signs" that name it (in its level's part of the text)
NAMED = {
    "cauda_equina_signs": ("trouble passing urine", "leaking urine or stool"),
    "saddle_numbness_sign": ("numbness between your legs",),
    "new_sexual_dysfunction": ("new problems with sex",),
    "sudden_bilateral_sciatica": ("sudden, bad pain or numbness in both legs",),
    "sciatica_spread_to_both_legs": ("spreads to your other leg",),
    "new_bilateral_leg_symptoms": ("pain or numbness in both legs",),
    "progressive_leg_weakness": ("leg weakness that gets worse",),
    "bilateral_foot_drop": ("weakness in both legs",),
    "major_trauma": ("a bad fall or an accident",),
    "fever_with_nerve_symptoms": ("a fever if you also have numb or weak legs",),
    "fever_with_infection_risk": ("inject drugs", "a weak immune system"),
    "cancer_with_nerve_symptoms": ("if you have had cancer",),
    "aortic_aneurysm_pattern": ("throbbing feeling in your belly", "tearing pain through to your back"),
    "aortic_aneurysm_faint": ("sudden, bad pain with feeling faint",),
    "fever_or_chills": ("a fever with back pain",),
    "new_foot_drop": ("a foot that slaps",),
    "unsteady_walking": ("unsteady walking",),
    "foot_short_of_blood": ("a foot that hurts at rest", "a sore that does not heal", "turns cold or pale"),
}

# rule code -> why "Know the warning signs" does not name it
EXEMPT = {
    "infection_risk": "a fact about the person (drugs, immune system, a recent infection), asked in the "
    "check, not a sign that starts later; the fever it leads to is named",
    "cancer_history": "a fact about the person, asked in the check, not a sign that starts later; the "
    "numbness or weakness it makes an emergency is named",
    "suspected_fracture": "reads how the pain began and the person's age, steroids and bones, all asked "
    "in the check; not a sign that starts later",
    "measured_weakness": "found only by a clinician's examination; the weakness a person notices is named",
}


def _parts() -> dict[str, str]:
    text = load_knowledge().advice["warning_signs"].text
    assert text.count(SAME_DAY) == 1
    emergency, same_day = text.split(SAME_DAY)
    return {"emergency": emergency.lower(), "urgent": same_day.lower()}


def test_every_emergency_and_same_day_rule_is_named_or_exempted() -> None:
    every = load_knowledge().red_flag_rules
    rules = {c for c, r in every.items() if r.disposition in ("emergency", "urgent")}
    assert rules == set(NAMED) | set(EXEMPT), "map a new rule to its words, or exempt it with a reason"
    assert not set(NAMED) & set(EXEMPT)


def test_each_rule_is_named_at_its_own_level() -> None:
    parts = _parts()
    rules = {r.code: r.disposition for r in load_knowledge().red_flag_rules.values()}
    for code, words in NAMED.items():
        level = rules[code]
        for word in words:
            assert word in parts[level], (code, level, word)
    # never "emergency" for what the rules make a same-day visit, nor the reverse
    assert "a foot that slaps" not in parts["emergency"]
    assert "a fever with back pain" not in parts["emergency"]


def test_the_sources_cover_the_signs_named() -> None:
    sources = set(load_knowledge().advice["warning_signs"].sources)
    assert {"A16", "A1", "A22", "A24", "A18", "A19", "A23"} <= sources
