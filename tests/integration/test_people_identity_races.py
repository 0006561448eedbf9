"""A clinic number kept as one person's, as typed (review R4).

Two requests that give the same clinic number at the same moment: the look-up before a write
(``services.people._check_identity``) cannot see a person another request is adding at the same
moment; on PostgreSQL both pass it. The database then decides, by a unique index on the number in
its system and one on a number without a system (SQL NULLs differ, so the first index alone let two
people have the same number without a system), and the request that loses is told in the same words
as when the look-up finds it: whose number it is, exit 2 / HTTP 422, nothing written. Before, a
number with a system was refused as "there is already a person called 'Di'" (a label nobody had;
"called None" on a change), and one without a system was kept twice. The race is made by switching
the look-up off, as test_people_label_case.py does for labels. And the number is kept as typed
inside (its spaces), not tidied as a name is.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text

from backstride.core.errors import InputError
from backstride.services.records import Records

SYSTEM = "urn:oid:1.2.36.146.595.217.0.1"


def _people(records: Records) -> list[tuple[Any, ...]]:
    with records.db.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text("SELECT * FROM people ORDER BY id"))]


def _race(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both requests passed the look-up: the database is left to decide."""
    monkeypatch.setattr("backstride.services.people._check_identity", lambda *_a, **_k: None)


def test_the_same_clinic_number_saved_at_once_is_refused_in_its_own_words(
    records: Records, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = records.people.add("Ann", identity={"mrn": "MRN-1", "mrn_system": SYSTEM})
    cy = records.people.add("Cy", identity={"mrn": "77"})  # a number without a system
    bob = records.people.add("Bob", height_cm=180)
    before = _people(records), records.activity.list(limit=50)
    _race(monkeypatch)
    ann_said = rf"'Ann' \(person {ann.id}\) has the clinic number 'MRN-1' in this system already"
    cy_said = rf"'Cy' \(person {cy.id}\) has the clinic number '77' already; nothing"  # no system to name
    with pytest.raises(InputError, match=ann_said):
        records.people.add("Di", identity={"mrn": "MRN-1", "mrn_system": SYSTEM})
    with pytest.raises(InputError, match=ann_said):
        records.people.update(bob.id, height_cm=175, identity={"mrn": "MRN-1", "mrn_system": SYSTEM})
    with pytest.raises(InputError, match=cy_said):
        records.people.add("Di", identity={"mrn": "77"})
    with pytest.raises(InputError, match=cy_said):
        records.people.update(bob.id, identity={"mrn": "77"})
    assert (_people(records), records.activity.list(limit=50)) == before  # nothing written
    # the same number in another system, or another number, is still someone's own
    di = records.people.add("Di", identity={"mrn": "77", "mrn_system": SYSTEM})
    assert records.people.update(bob.id, identity={"mrn": "78"}).mrn == "78"
    assert (di.mrn, di.mrn_system) == ("77", SYSTEM)


def test_the_api_refuses_a_clinic_number_saved_at_once_with_a_422_naming_it(
    api: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ann = api.post("/api/people", json={"label": "Ann", "mrn": "77"}).json()
    _race(monkeypatch)
    refused = api.post("/api/people", json={"label": "Di", "mrn": "77"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith(f"'Ann' (person {ann['id']}) has the clinic number '77'")
    assert [p["label"] for p in api.get("/api/people").json()] == ["Me", "Ann"]


def test_a_clinic_number_is_kept_as_typed_inside_and_a_tab_or_line_break_in_it_is_named(
    records: Records,
) -> None:
    """The number is what the clinic's system matches by: spaces at its ends are trimmed, but two
    spaces inside were made one, and a tab or a line break inside became a space, in silence: a
    number the clinic's system would not find. Now the spaces inside stay; a tab or line break is
    named (a full name still has its spaces tidied)."""
    ann = records.people.add("Ann", identity={"mrn": "  AB  0045 ", "name": " Ana   Ruiz "})
    assert (ann.mrn, ann.name) == ("AB  0045", "Ana Ruiz")
    before = _people(records)
    for typed in ("AB\t0045", "AB\n0045"):
        with pytest.raises(InputError, match="mrn holds a control character"):
            records.people.add("Bob", identity={"mrn": typed})
    assert _people(records) == before
