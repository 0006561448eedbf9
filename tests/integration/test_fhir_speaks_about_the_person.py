"""The FHIR export's texts from backstride speak about the person to the clinicians who read them
(review R4, after bbff0a0 changed the not-a-diagnosis lines).

A clinic's system is read by clinicians, for whom "you" is themselves, yet the Bundle kept the
knowledge's words to the person: the RiskAssessment's "Take this summary with you" and "a strength
test of your leg muscles", the gait factors' "Your steps were 0.33 times your height", the CarePlan's
"Tighten your tummy muscles gently while walking". They are said about the person by the report's
rule (``about_them_text``), in every resource that carries a backstride text; the questions keep the
words the person was asked, and what the person wrote stays their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from tests.integration.test_fhir_export import bundle, document, records  # noqa: F401

SECOND_PERSON = re.compile(r"\b(you|your|yourself)\b", re.IGNORECASE)


def _texts(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key != "data":  # the report's PDF, base64
                yield from _texts(item, f"{path}.{key}")
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item, path)
    elif isinstance(value, str):
        yield path, value


def test_backstrides_texts_in_the_bundle_speak_about_the_person(bundle: dict[str, Any]) -> None:  # noqa: F811
    said: dict[str, list[str]] = {}
    for entry in bundle["entry"]:
        resource = entry["resource"]
        for path, text in _texts(resource):
            said.setdefault(resource["resourceType"], []).append(text)
            if resource["resourceType"] == "QuestionnaireResponse":
                continue  # the questions as the person was asked them ("How old are you?")
            assert not SECOND_PERSON.search(text), (resource["resourceType"], path, text)
    risk = " ".join(said["RiskAssessment"])
    assert "Give them a copy of this summary." in risk and "a strength test of their leg muscles" in risk
    plan = " ".join(said["CarePlan"])
    # "Do not let them drive." begins its sentence in an aneurysm's emergency (knowledge 1.31.0)
    assert (
        "Tighten their tummy muscles gently while walking" in plan and "do not let them drive" in plan.lower()
    )
    assert re.search(r"Their steps were \d", " ".join(said["Observation"]))
    # the questions keep the words the person read
    assert "How old are you, in years?" in said["QuestionnaireResponse"]


def test_the_person_keeps_their_own_words_in_the_json_export(document: dict[str, Any]) -> None:  # noqa: F811
    plans = [a["result"]["plan"] for a in document["assessments"] if a.get("result")]
    assert any("Take this summary with you." in str(plan) for plan in plans)
