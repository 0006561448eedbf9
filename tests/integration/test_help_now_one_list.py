"""The "get help now" signs are one list of knowledge data, said by every surface (knowledge 1.33.0).

They were written by hand three times: the terminal's "Not a diagnosis" box (``cli/render.py``), the
strip on every web page (``base.html``) and the report's box (``web/report.py``), and the copies had
drifted (the strip did not name the aneurysm's faintness [A24], the terminal said "new trouble
peeing"). Now ``knowledge/data/help_now.yaml`` holds the signs, with their sources and the emergency
rules each stands for, and all three say every sign of it: the terminal and the report in the long
words, the strip in its short words with the long words folded. A sign added to the data is said
everywhere, with nothing else to change.
"""

from __future__ import annotations

import dataclasses
import re

from fastapi.testclient import TestClient

from backstride.cli.render import safety_net
from backstride.knowledge import load_knowledge
from backstride.knowledge.models import HelpNowSign
from backstride.services.wording import about_them_text
from backstride.web.report import help_now


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",").replace(" .", ".")


def _strip(page: str) -> tuple[str, str]:
    """The strip's words in view (its first paragraph) and its folded words."""
    found = re.search(r'<aside class="help-now"[^>]*>(.*?)</aside>', page, flags=re.S)
    assert found is not None
    shown, _, folded = found.group(1).partition("<details")
    return _text(shown), _text(folded)


def _report_box(page: str) -> str:
    found = re.search(r'<p class="help-now">(.*?)</p>', page, flags=re.S)
    assert found is not None
    return _text(found.group(1))


def _every_surface_says_every_sign(api: TestClient, kb) -> None:
    signs = kb.help_now.signs
    assert api.post("/api/diary", json={"entry_date": "2026-11-20", "pain_0_10": 4}).status_code in (201, 409)
    terminal = safety_net(kb)
    report = help_now(kb)
    shown, folded = _strip(api.get("/diary").text)
    report_page = _report_box(api.get("/report").text)
    for sign in signs:
        assert sign.words in terminal, sign.code
        assert about_them_text(sign.words) in report["text"], sign.code
        assert about_them_text(sign.words) in report_page, sign.code
        assert sign.words in folded, (sign.code, folded)
        if sign.in_strip:
            assert sign.short_words in shown, (sign.code, shown)  # in view, without a tap
        else:  # the long form only: the strip in view does not grow on a small phone
            assert sign.words not in shown and (sign.short or sign.words) not in shown, (sign.code, shown)
        for key in sign.sources:
            assert key in report["sources"] and key in terminal and key in folded, (sign.code, key)
            assert key in shown or not sign.in_strip, (sign.code, key)
    assert "Get emergency help now" in shown and "Where to go, in full" in folded


def test_every_surface_says_every_sign_of_the_data(api: TestClient) -> None:
    kb = load_knowledge()
    assert len(kb.help_now.signs) >= 10
    _every_surface_says_every_sign(api, kb)


def test_a_sign_added_to_the_data_is_said_everywhere(api: TestClient, monkeypatch) -> None:
    kb = load_knowledge()
    added = HelpNowSign(
        code="test_sign",
        words="hear a bell ring in your ears",
        short="a bell in your ears",
        rules=("major_trauma",),
        sources=("A22",),
    )
    groups = list(kb.help_now.groups)
    groups[-1] = groups[-1].model_copy(update={"signs": (*groups[-1].signs, added)})
    more = dataclasses.replace(kb, help_now=kb.help_now.model_copy(update={"groups": tuple(groups)}))
    monkeypatch.setattr("backstride.web.templating.knowledge_base", lambda: more)
    monkeypatch.setattr("backstride.web.report.knowledge_base", lambda: more)
    _every_surface_says_every_sign(api, more)
    assert "a bell in your ears" in _strip(api.get("/").text)[0]


def test_the_cauda_equina_signs_are_in_view_in_their_whole_words(api: TestClient) -> None:
    kb = load_knowledge()
    assert kb.help_now.groups[0].in_view
    # the groups in view (since 1.35.1 two: a sentence each, for plain language, one short lead)
    in_view = [sign for group in kb.help_now.groups if group.in_view for sign in group.signs]
    assert {"cauda_equina_signs", "saddle_numbness_sign", "progressive_leg_weakness"} <= {
        rule for sign in in_view for rule in sign.rules
    }
    shown, _ = _strip(api.get("/").text)
    for sign in in_view:
        assert sign.short is None and sign.words in shown


# Knowledge 1.34.0: four emergency rules were named on no "get help now" surface. Three are in A.9's
# emergency row and a person can notice them (a cauda equina sign [A15, A16]; fever with a nerve sign
# [A18, A20, A22]; known cancer with a nerve sign [A23]): said in the long form (the terminal, the
# report, the strip's fold), not in the strip in view. The fourth (fever with an infection risk) is
# A.9's urgent row, raised to an emergency by the check as a judgement: not listed, with why.
NOW_NAMED = {
    "new_sexual_dysfunction": "have new problems with sex",
    "fever_with_nerve_symptoms": "have a fever and new numbness or weakness in your legs",
    "cancer_with_nerve_symptoms": "have had cancer and now have numbness or weakness in your legs",
}


def test_every_emergency_rule_is_named_on_every_surface_or_said_why_not(api: TestClient) -> None:
    kb = load_knowledge()
    named = {rule for sign in kb.help_now.signs for rule in sign.rules}
    emergencies = {code for code, rule in kb.red_flag_rules.items() if rule.disposition == "emergency"}
    assert emergencies - named == set(kb.help_now.not_listed) == {"fever_with_infection_risk"}
    assert all(why.strip() for why in kb.help_now.not_listed.values())
    terminal = safety_net(kb)
    report = help_now(kb)["text"]
    shown, folded = _strip(api.get("/").text)
    for words in NOW_NAMED.values():
        assert words in terminal and words in folded, words
        assert about_them_text(words) in report, words
        assert words not in shown, words  # the strip in view is as it was


def test_the_strip_in_view_cites_only_the_signs_it_says() -> None:
    kb = load_knowledge()
    assert kb.help_now.strip_sources == ("A15", "A16", "A22", "A1", "A24")  # as before 1.34.0
    assert {"A18", "A20", "A23"} <= set(kb.help_now.sources)  # cited in the long form
