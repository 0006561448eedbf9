"""The activity list says which details a clinic matches by a person was added with (review R4).

A change says "birth date set", never the value; adding a person with details said nothing of them,
so the list could not tell when a clinic number first came to be someone's. Now it names them.
"""

from __future__ import annotations

from tests.integration.test_people_identity import ANA

from backstride.services.records import Records


def test_adding_a_person_with_details_says_which_in_the_activity_list(records: Records) -> None:
    records.people.add("Room 4", identity={**ANA, "gender": ""})
    records.people.add("Bob")  # none: no words, as before
    added = [e.detail for e in records.activity.list(limit=5) if e.action == "person_added"]
    assert added == ["", "full name set; birth date set; clinic number set; clinic number's system set"]
