"""A check worked out with an older knowledge base is exported with its own words, or says whose.

The FHIR export took a CarePlan's "supported by how it works and by studies for <causes>" and the
QuestionnaireResponse's question texts from today's knowledge base, while the stored result may come
from an older one: a record read as if the check had been said in today's words. Now a cause is named
as the stored result named it, and what the stored result does not keep (which causes an advice is for,
the question texts) says which knowledge version its words come from.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.integration.test_fhir_differential_words import _bundle, _kind

from backstride.fhir import export_bundle
from backstride.knowledge import load_knowledge
from backstride.knowledge.questions import load_questions

OLDER = "0.9.0"


def _mechanism_notes(bundle: dict[str, Any]) -> list[tuple[str, str]]:
    (plan,) = _kind(bundle, "CarePlan")
    return [
        (a["detail"]["code"]["coding"][0]["code"], a["progress"][0]["text"])
        for a in plan["activity"]
        if "(supported_mechanism)" in a.get("progress", [{}])[0].get("text", "")
    ]


def _older(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` as if its check had been worked out with knowledge base 0.9.0, which named the
    causes otherwise."""
    assessment = document["assessments"][0]
    assessment["knowledge_version"] = assessment["result"]["knowledge_version"] = OLDER
    for cause in assessment["result"]["conditions"]:
        cause["name"] = f"Older name of {cause['code']}"
    return document


def test_an_older_check_names_causes_as_it_did_and_says_whose_words_the_rest_are(tmp_path: Path) -> None:
    kb, questions = load_knowledge(), load_questions()
    document, today = _bundle(tmp_path / "o.sqlite3", ("person", "dev-005"))
    assert _mechanism_notes(today), "dev-005 (narrow spinal canal) gets advice supported by how it works"
    bundle = export_bundle(_older(document))
    weighed = {c["code"] for c in document["assessments"][0]["result"]["conditions"]}
    for code, text in _mechanism_notes(bundle):
        causes = kb.advice[code].for_conditions
        named = " and ".join(f"Older name of {c}" if c in weighed else kb.conditions[c].name for c in causes)
        assert (
            f"supported by how it works and by studies for {named}, codes {' and '.join(causes)}, as "
            f"knowledge base {kb.version} lists them (this check was made with knowledge base {OLDER}) "
            "(supported_mechanism)."
        ) in text
        assert not any(kb.conditions[c].name in text for c in causes if c in weighed)
    (plan,) = _kind(bundle, "CarePlan")
    notes = " ".join(n["text"] for n in plan["note"])
    assert (
        f"come from knowledge base {kb.version}, the one this export was made with; this check was made "
        f"with knowledge base {OLDER}." in notes
    )
    (answers,) = _kind(bundle, "QuestionnaireResponse")
    (tag,) = [t for t in answers["meta"]["tag"] if t["code"] == "question_words_of_now"]
    assert tag["display"] == (
        f"The questions and answer labels here are worded as backstride's questions {questions.version} "
        f"(knowledge base {kb.version}) word them; this check was made with knowledge base {OLDER}, "
        "whose words may differ"
    )


def test_a_check_of_todays_knowledge_says_nothing_of_versions(tmp_path: Path) -> None:
    _, bundle = _bundle(tmp_path / "t.sqlite3", ("person", "dev-005"))
    (answers,) = _kind(bundle, "QuestionnaireResponse")
    assert [t["code"] for t in answers["meta"]["tag"]] == ["mode_person"]
    (plan,) = _kind(bundle, "CarePlan")
    assert not any("this check was made with" in n["text"] for n in plan["note"])
    assert all(", as knowledge base" not in text for _, text in _mechanism_notes(bundle))
