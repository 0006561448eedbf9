"""An older stored result's safety line is said in today's words for its own stored level, and the
record keeps the words it was made with (knowledge 1.35.0, c6).

A check with sudden pain and feeling faint stored before knowledge 1.32.0 kept the general
``disposition_text``, "Go to an emergency department or call emergency services now.", and the FHIR
RiskAssessment's ``mitigation`` said it ("They must go to an emergency department ..."), which a person
with a leaking aneurysm may read as "drive yourself there" (EVIDENCE.md A.7, A.9 [A24]). Decided: a
stored result is a record (its level, its reasons, its chances and its "Disposition:" note are kept as
stored, and the RiskAssessment's method names the knowledge base that made it), but what must be done
now is a safety line, so ``mitigation`` says today's words for the same stored level and rules, and
then the stored words with the knowledge base that said them. The level is never changed, so a stored
warning is never lowered.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.integration.test_aneurysm_emergency_own_sources import ANEURYSM
from tests.integration.test_fhir_differential_words import _kind

from backstride.fhir import export_bundle
from backstride.knowledge import load_knowledge
from backstride.services.records import Records
from backstride.storage.db import Database, sqlite_url

OLDER = "1.31.0"
TODAY = "They must call emergency services now. Do not wait to see if it passes. Do not let them drive."
GENERAL_ABOUT = "They must go to an emergency department or call emergency services now."


def _document(path: Path, answers: dict[str, Any]) -> dict[str, Any]:
    records = Records(Database(sqlite_url(path)).migrate())
    check = records.start_assessment("person")
    records.answer(check.id, answers)
    records.result(check.id)
    return records.export_all()


def _stored_before(document: dict[str, Any]) -> dict[str, Any]:
    """As if the result had been stored by knowledge 1.31.0, with the general emergency words."""
    assessment = document["assessments"][0]
    assessment["knowledge_version"] = assessment["result"]["knowledge_version"] = OLDER
    assessment["result"]["disposition_text"] = load_knowledge().dispositions["emergency"].means
    return document


def _risk(document: dict[str, Any]) -> dict[str, Any]:
    (risk,) = _kind(export_bundle(document), "RiskAssessment")
    return risk


def test_an_old_aneurysm_result_says_todays_safety_words_and_keeps_its_own(tmp_path: Path) -> None:
    document = _stored_before(_document(tmp_path / "a.sqlite3", ANEURYSM["faint"]))
    risk = _risk(document)
    assert risk["mitigation"] == (
        f"{TODAY} (In the words of knowledge base {load_knowledge().version}. This check was made with "
        f"knowledge base {OLDER}, which said: {GENERAL_ABOUT})"
    )
    # the record: its level, its reasons and its words as stored, and which knowledge base made it
    (disposition,) = [n["text"] for n in risk["note"] if n["text"].startswith("Disposition:")]
    assert disposition.startswith("Disposition: emergency (because aortic_aneurysm_faint).")
    assert GENERAL_ABOUT in disposition
    assert f"knowledge base {OLDER}" in risk["method"]["text"]


def test_a_result_of_today_says_its_words_once(tmp_path: Path) -> None:
    risk = _risk(_document(tmp_path / "b.sqlite3", ANEURYSM["faint"]))
    assert risk["mitigation"] == TODAY


def test_the_stored_level_is_kept_whatever_today_would_say(tmp_path: Path) -> None:
    # a stored emergency stays an emergency even if today's words for its rules were unknown
    document = _stored_before(_document(tmp_path / "c.sqlite3", ANEURYSM["faint"]))
    document["assessments"][0]["result"]["disposition_because"] = ["a_rule_of_long_ago"]
    risk = _risk(document)
    assert risk["mitigation"].startswith(GENERAL_ABOUT)
    assert "emergency" in risk["mitigation"]
