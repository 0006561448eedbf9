"""``Records.checks_before(check, person_id=)`` takes the check's person from the caller, who has read
the check from these records already (the result page), so it is not read again. One person's records
(``for_person``: a clinic's person, a home with several people) never give another person's checks,
whatever person the caller names: it says the check is not one of theirs, as without ``person_id``."""

from __future__ import annotations

import pytest
from tests.integration.test_check_changes import STENOSIS, finish

from backstride.core.errors import NotFoundError
from backstride.services.records import Records


def test_one_persons_records_never_give_another_persons_checks(records: Records) -> None:
    ann = records.people.add("Ann").id
    bob = records.people.add("Bob").id
    bob_records = records.for_person(bob)
    first, last = finish(bob_records, STENOSIS), finish(bob_records, STENOSIS)
    assert [c.id for c in bob_records.checks_before(last, person_id=bob)] == [first]
    ann_records = records.for_person(ann)
    with pytest.raises(NotFoundError, match="not one of person"):
        list(ann_records.checks_before(last))
    with pytest.raises(NotFoundError, match="not one of person"):
        list(ann_records.checks_before(last, person_id=bob))
