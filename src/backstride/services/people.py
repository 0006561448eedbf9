"""The people whose records a database keeps: one ("Me") at home, many in a clinic.

Every check, walk and diary entry belongs to one person (``storage.models.Person``). ``People`` lists,
adds, renames and deletes them; ``Records.for_person`` gives the use cases of one of them. When a
request does not say whose records it means, the one person is meant; with several, it is refused
(``PersonNeededError``) rather than guessed: a note in the wrong person's record is worse than a
question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from backstride.core.errors import (
    AmbiguousPersonError,
    FieldError,
    InputError,
    OptionTemplate,
    PersonNeededError,
    PersonNotFoundError,
)
from backstride.core.names import name_key
from backstride.core.units import HEIGHT_MAX_CM, HEIGHT_MIN_CM, checked_height
from backstride.fhir.r4 import GENDERS
from backstride.services.activity import note
from backstride.services.form_tokens import (
    IdempotencyKey,
    added_with_form,
    keep_form_token,
    keep_idempotency_key,
    row_sent_before,
)
from backstride.storage.db import Database
from backstride.storage.models import (
    ID_LIMIT,
    Assessment,
    DiaryEntry,
    EverydayWalkingDay,
    GaitRecording,
    Person,
    stored_time,
)

literal = OptionTemplate.literal

LABEL_MAX_CHARS = 80
FIRST_PERSON_LABEL = "Me"  # the one person of a home install (migration 0004 makes them)
RECORD_KINDS: tuple[tuple[str, Any], ...] = (
    ("assessments", Assessment),
    ("gait_recordings", GaitRecording),
    ("diary_entries", DiaryEntry),
)
RECORD_KEYS = tuple(name for name, _ in RECORD_KINDS)  # the kinds in ``counts``, in the order named

# What a clinic may add to match a person's record to its own (``Person``, migration 0014), each
# optional: the full name, the birth date, the gender (FHIR R4's administrative gender codes) and a
# clinic identifier (a medical record number) with the URI of the system that gives it.
IDENTITY_FIELDS = ("name", "birth_date", "gender", "mrn", "mrn_system")
NAME_MAX_CHARS, MRN_MAX_CHARS, MRN_SYSTEM_MAX_CHARS = 200, 64, 255
EARLIEST_BIRTH_DATE = date(1900, 1, 1)
# an absolute URI (RFC 3986: a scheme, then the rest), as FHIR's Identifier.system is:
# "urn:oid:1.2.36.146.595.217.0.1", "https://hospital.example/mrn"
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+")


@dataclass(frozen=True)
class PersonView:
    """A person, how many records of each kind they have (``counts``: checks, walks, diary entries)
    and their days of everyday walking (``everyday_days``; imported, not written, so counted apart)."""

    id: int
    label: str
    height_cm: float | None
    created_at: datetime
    counts: dict[str, int] = field(default_factory=dict)
    everyday_days: int = 0
    name: str | None = None
    birth_date: date | None = None
    gender: str | None = None
    mrn: str | None = None
    mrn_system: str | None = None

    def identity(self) -> dict[str, str | None]:
        """The details a clinic matches the record by (``IDENTITY_FIELDS``), as JSON: the birth date
        as ``YYYY-MM-DD``; None for each not given."""
        return identity_of(self)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "height_cm": self.height_cm,
            "created_at": self.created_at.isoformat(),
            "counts": dict(self.counts),
            "everyday_days": self.everyday_days,
            **self.identity(),
        }

    def records_in_words(self, *, diary: tuple[str, str] = ("diary entry", "diary entries")) -> str:
        """``3 checks, 1 walk and 5 diary entries; 40 days of everyday walking`` (``records_in_words``)."""
        return records_in_words({**self.counts, "everyday_days": self.everyday_days}, diary=diary)


def clean_label(label: Any) -> str:
    """A person's label as kept: spaces trimmed and joined; refused when empty, too long or not text."""
    if not isinstance(label, str):
        raise InputError(f"label must be text (a name, initials or a clinic number), got {label!r}")
    cleaned = " ".join(label.split())
    if not cleaned:
        raise InputError("label is empty; expected a name, initials or a clinic number")
    if len(cleaned) > LABEL_MAX_CHARS:
        raise InputError(f"label is {len(cleaned)} characters long; expected at most {LABEL_MAX_CHARS}")
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise InputError("label holds a control character; expected plain text")
    return cleaned


def identity_of(person: Any) -> dict[str, str | None]:
    """``person``'s (a ``Person`` row or a ``PersonView``) details of ``IDENTITY_FIELDS`` as JSON."""
    values: dict[str, str | None] = {key: getattr(person, key) for key in IDENTITY_FIELDS}
    born = getattr(person, "birth_date", None)
    values["birth_date"] = None if born is None else born.isoformat()
    return values


def _said(value: Any) -> str:
    """``repr(value)`` made safe to put in a ``FieldError``'s template."""
    return FieldError.literal(repr(value))


def _text(value: Any, what: str, most: int, example: str, *, exact: bool = False) -> str | None:
    """Plain text of at most ``most`` characters, spaces trimmed (``exact``: only at its ends, as an
    identifier is matched character by character); None when empty (not given). ``what``: the key of
    the field, named in a ``FieldError``."""
    if not isinstance(value, str):
        raise FieldError(f"{{{what}}} must be text ({FieldError.literal(example)}), got {_said(value)}")
    cleaned = value.strip() if exact else " ".join(value.split())
    if not cleaned:
        return None
    if len(cleaned) > most:
        raise FieldError(f"{{{what}}} is {len(cleaned)} characters long; expected at most {most}")
    if any(unicodedata.category(ch).startswith("C") for ch in cleaned):
        raise FieldError(f"{{{what}}} holds a control character; expected plain text")
    return cleaned


def _birth_date(value: Any, today: date) -> date | None:
    if isinstance(value, datetime) or not isinstance(value, str | date):
        raise FieldError(f"{{birth_date}} must be a date as YYYY-MM-DD, like 1961-04-23, got {_said(value)}")
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise FieldError(f"{{birth_date}} {_said(text)} is not a date as YYYY-MM-DD, like 1961-04-23")
        try:
            value = date.fromisoformat(text)
        except ValueError:
            raise FieldError(
                f"{{birth_date}} {_said(text)} is not a day of the calendar (YYYY-MM-DD)"
            ) from None
    if value > today:
        raise FieldError(
            f"{{birth_date}} {value.isoformat()} is in the future; expected {today.isoformat()} or earlier"
        )
    if value < EARLIEST_BIRTH_DATE:
        raise FieldError(
            f"{{birth_date}} {value.isoformat()} is too early; expected {EARLIEST_BIRTH_DATE} or later"
        )
    return value


def _gender(value: Any) -> str | None:
    text = _text(value, "gender", 10, f"one of {', '.join(GENDERS)}")
    if text is None:
        return None
    if text.lower() not in GENDERS:
        raise FieldError(
            f"{{gender}} {_said(text)} is not a known code; expected one of {', '.join(GENDERS)}"
        )
    return text.lower()


def _mrn_system(value: Any) -> str | None:
    text = _text(value, "mrn_system", MRN_SYSTEM_MAX_CHARS, "a URI such as urn:oid:1.2.3.4")
    if text is not None and not _URI.fullmatch(text):
        raise FieldError(
            f"{{mrn_system}} {_said(text)} is not a URI; expected the clinic's identifier system, like "
            "urn:oid:1.2.36.146.595.217.0.1 or https://hospital.example/mrn"
        )
    return text


def checked_identity(values: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    """The details of ``IDENTITY_FIELDS`` in ``values`` as kept (an empty text or None: not given,
    None), checked all at once: an ``InputError`` naming every problem (an unknown key, a birth date
    not as YYYY-MM-DD, in the future or before 1900, a gender that is no code of ``GENDERS``, a
    system that is not a URI). Keys not in ``values`` are left out. A system without a number is
    refused once the details are put together (``system_without_number``)."""
    checks: dict[str, Callable[[Any], Any]] = {
        "name": lambda v: _text(v, "name", NAME_MAX_CHARS, "the person's full name"),
        "birth_date": lambda v: _birth_date(v, today),
        "gender": _gender,
        "mrn": lambda v: _text(v, "mrn", MRN_MAX_CHARS, "the clinic's number for the person", exact=True),
        "mrn_system": _mrn_system,
    }
    kept: dict[str, Any] = {}
    problems = [
        FieldError.literal(f"{key} is not a detail backstride keeps") for key in values if key not in checks
    ]
    for key, check in checks.items():  # in the order of IDENTITY_FIELDS, whatever the order given
        if key not in values:
            continue
        try:
            kept[key] = None if values[key] is None else check(values[key])
        except FieldError as exc:
            problems.append(exc.template)
    if problems:
        raise FieldError("; ".join(problems))
    return kept


# a FieldError's template (each interface names the fields its own way), and its words in the API's keys
SYSTEM_WITHOUT_NUMBER_TEMPLATE = (
    "{mrn_system} is given without {mrn}; give the clinic's number for the person too"
)
SYSTEM_WITHOUT_NUMBER = FieldError(SYSTEM_WITHOUT_NUMBER_TEMPLATE).phrased()


def system_without_number(identity: Mapping[str, Any]) -> bool:
    """Whether ``identity`` (a person's details, all of them) names a system but no number in it."""
    return identity.get("mrn_system") is not None and identity.get("mrn") is None


def same_mrn(session: Session, mrn: str | None, system: str | None, other_than: int | None) -> Person | None:
    """The person who has this clinic number in this system already (None: nobody else)."""
    if mrn is None:
        return None
    query = select(Person).where(Person.mrn == mrn)
    query = query.where(Person.mrn_system.is_(None) if system is None else Person.mrn_system == system)
    if other_than is not None:
        query = query.where(Person.id != other_than)
    return session.scalars(query).first()


def _same_label(session: Session, label: str, other_than: int | None = None) -> Person | None:
    """The person whose label is ``label`` in any case and script (``core.names.name_key``, the rule
    staff names follow too; kept in ``people.label_key``, so SQLite and PostgreSQL compare alike)."""
    query = select(Person).where(Person.label_key == name_key(label))
    if other_than is not None:
        query = query.where(Person.id != other_than)
    return session.scalars(query).first()


def same_label(one: str, other: str) -> bool:
    """Whether two labels are the same label (any case, any script, spaces trimmed), as ``People``
    compares them: a file's "made for" with a person's label, for example."""
    return name_key(one) == name_key(other)


def counts_in_words(
    counts: dict[str, int], *, diary: tuple[str, str] = ("diary entry", "diary entries")
) -> str:
    """``3 checks, 1 walk and 5 diary entries`` (every kind, also when none); ``diary``: how the page
    or command names one diary entry and several."""
    names = dict(zip(RECORD_KEYS, (("check", "checks"), ("walk", "walks"), diary), strict=True))
    parts = []
    for key in RECORD_KEYS:
        n = int(counts.get(key, 0))
        one, many = names[key]
        parts.append(f"{n} {one if n == 1 else many}")
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def records_in_words(
    counts: dict[str, int], *, diary: tuple[str, str] = ("diary entry", "diary entries")
) -> str:
    """``0 checks, 0 walks and 3 diary entries; 2 days of everyday walking`` (``counts_in_words``, and
    the days of everyday walking when there are any; ``diary``: as for ``counts_in_words``)."""
    days = int(counts.get("everyday_days", 0))
    more = f"; {days} {'day' if days == 1 else 'days'} of everyday walking" if days else ""
    return counts_in_words(counts, diary=diary) + more


def file_suffix(person_id: int | None) -> str:
    """``-person-N`` for the file name of one person's report or download (empty for nobody named), so
    two people's files of one day never share a name in a folder. The id, not the label: a label may
    be a name, which a file name shows to anyone who sees the folder."""
    return "" if person_id is None else f"-person-{person_id}"


def lock_walks(session: Session, person_id: int | None) -> None:
    """Lock the walks of ``person_id`` (PostgreSQL; SQLite's write lock is held already) before anything
    of theirs is deleted: working out a check's result locks its walk, then the check, as
    ``Records.delete_walk`` does. Deleting the checks first and the walks after waited for the one while
    holding the other: a deadlock, and one of them ended with an error."""
    session.execute(
        select(GaitRecording.id)
        .where(GaitRecording.person_id == (person_id if person_id is not None else -1))
        .with_for_update()
    ).all()


RESTORE_LOCK_KEY = 0x6261636B  # PostgreSQL advisory lock of a restore ("back")
IMPORT_LOCK_KEY = 0x65766479  # PostgreSQL advisory lock of an everyday walking import ("evdy")


def lock_restores(session: Session) -> None:
    """Wait for a restore under way (``services.restore``) and keep the next one out until ``session``'s
    transaction ends: PostgreSQL's advisory lock, which a restore holds from its start to its end
    (SQLite's write lock already lets one writer in at a time). Taken first, before any row is locked,
    by a restore and by whatever deletes a person's records: a delete sent while a restore was adding
    them deleted nothing of them (not there yet for it), the restore ended after it, and its key,
    never marked, answered its retry with what it had added."""
    if session.get_bind().dialect.name != "sqlite":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RESTORE_LOCK_KEY})


def lock_adders(session: Session) -> None:
    """Wait for a restore and an everyday walking import under way (``services.everyday``, which holds
    its own advisory lock from start to end), and keep the next out until ``session``'s transaction
    ends: what deletes a person's records takes it first, so that it deletes what they add too (an
    import ending after the delete kept its days, or failed with a server error when the person went).
    Always the restore's lock first: nobody takes them the other way round."""
    lock_restores(session)
    if session.get_bind().dialect.name != "sqlite":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK_KEY})


def get_person(session: Session, person_id: Any) -> Person:
    """The person with this id in ``session``, else a ``NotFoundError`` naming it."""
    if isinstance(person_id, bool) or not isinstance(person_id, int):
        raise InputError(f"person_id must be a whole number, got {person_id!r}")
    if not -ID_LIMIT <= person_id < ID_LIMIT:
        raise no_such_person(person_id)  # no id is that big
    person = session.get(Person, person_id)
    if person is None:
        raise no_such_person(person_id)
    return person


def no_such_person(person_id: int) -> PersonNotFoundError:
    """The refusal for a person id nobody has (deleted meanwhile, or never made)."""
    return PersonNotFoundError(f"person {person_id} does not exist; see {{people_list}}")


@lru_cache(maxsize=1)
def _first_two_query() -> Any:
    return select(Person.id).order_by(Person.id).limit(2)  # built once: most pages ask it


def first_people(session: Session) -> list[int]:
    """The ids of the first two people: none, the only one, or two of several (one small query)."""
    return list(session.scalars(_first_two_query()).all())


def the_one_person(session: Session, *, create: bool) -> int | None:
    """The id of the database's only person: made ("Me") when there is none and ``create``, None when
    there is none and not; ``PersonNeededError`` when there are several (never a guess)."""
    ids = first_people(session)
    if len(ids) == 1:
        return ids[0]
    if len(ids) > 1:
        total = session.scalar(select(func.count()).select_from(Person))
        raise PersonNeededError(
            f"this database keeps records for {total} people; say whose records you mean (person_id)",
            people=total,
        )
    if not create:
        return None
    person = Person(label=FIRST_PERSON_LABEL, height_cm=None, created_at=datetime.now(UTC))
    try:
        with session.begin_nested():
            session.add(person)
    except IntegrityError:  # another request made them first (PostgreSQL lets both try): theirs counts
        return the_one_person(session, create=False)
    return person.id


# how the activity list names each detail ("birth date set"; never the value: it is not a record)
IDENTITY_WORDS = {
    "name": "full name",
    "birth_date": "birth date",
    "gender": "gender",
    "mrn": "clinic number",
    "mrn_system": "clinic number's system",
}


def _check_identity(session: Session, identity: Mapping[str, Any], person_id: int | None) -> None:
    """Refuse details that cannot be kept together: a system without a number, or a clinic number
    another person has in the same system (two people's records would be matched as one)."""
    if system_without_number(identity):
        raise FieldError(SYSTEM_WITHOUT_NUMBER_TEMPLATE)
    same = same_mrn(session, identity.get("mrn"), identity.get("mrn_system"), person_id)
    if same is not None:
        raise _mrn_taken(same)


def _mrn_taken(same: Person) -> InputError:
    where = "" if same.mrn_system is None else " in this system"  # a number without one: in none
    return InputError(
        f"{same.label!r} (person {same.id}) has the clinic number {same.mrn!r}{where} already; "
        "nothing was saved"
    )


def _kept_out(
    db: Database, label: str | None, identity: Mapping[str, Any], person_id: int | None
) -> InputError:
    """What a unique key refused when another request saved the same label or clinic number first
    (both passed the look-up: PostgreSQL lets both try), in the look-up's own words. Looked up in a
    session of its own: the refused flush may have ended the transaction it ran in."""
    with db.session() as session:
        same = same_mrn(session, identity.get("mrn"), identity.get("mrn_system"), person_id)
        if same is not None:
            return _mrn_taken(same)
    if label is not None:
        return InputError(f"there is already a person called {label!r}")
    return InputError("someone else changed the same person at the same moment; nothing was saved")


class People:
    """List, add, rename and delete the people of one ``Database``."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db = db
        self.clock = clock

    def _note(self, session: Session, action: str, person: Person, detail: str = "") -> None:
        note(session, action, at=self.clock(), person_id=person.id, person_label=person.label, detail=detail)

    def _counts(self, session: Session, person_ids: list[int]) -> dict[int, dict[str, int]]:
        counts = {pid: dict.fromkeys((name for name, _ in RECORD_KINDS), 0) for pid in person_ids}
        for name, model in RECORD_KINDS:
            query = select(model.person_id, func.count()).where(model.person_id.in_(person_ids))
            rows = session.execute(query.group_by(model.person_id))
            for pid, n in rows:
                counts[pid][name] = int(n)
        return counts

    @staticmethod
    def _everyday_days(session: Session, person_ids: list[int]) -> dict[int, int]:
        query = select(EverydayWalkingDay.person_id, func.count()).where(
            EverydayWalkingDay.person_id.in_(person_ids)
        )
        return {int(pid): int(n) for pid, n in session.execute(query.group_by(EverydayWalkingDay.person_id))}

    def _views(self, session: Session, people: Sequence[Person]) -> list[PersonView]:
        """Each person with their record counts and days of everyday walking (a query per kind)."""
        ids = [p.id for p in people]
        counts, days = self._counts(session, ids), self._everyday_days(session, ids)
        return [
            PersonView(
                id=p.id,
                label=p.label,
                height_cm=p.height_cm,
                created_at=stored_time(p.created_at),
                counts=counts[p.id],
                everyday_days=days.get(p.id, 0),
                **{key: getattr(p, key) for key in IDENTITY_FIELDS},
            )
            for p in people
        ]

    def list(self) -> list[PersonView]:
        """Everyone, in the order they were added, with their record counts."""
        with self.db.session() as session:
            return self._views(session, session.scalars(select(Person).order_by(Person.id)).all())

    def get(self, person_id: int) -> PersonView:
        with self.db.session() as session:
            return self._views(session, [get_person(session, person_id)])[0]

    def only(self) -> tuple[int | None, bool]:
        """(the id of the database's one person, or None when there is nobody or several; whether there
        are several), in one small query: not everyone's counts, which grow with every record."""
        with self.db.session() as session:
            ids = first_people(session)
        return (ids[0] if len(ids) == 1 else None), len(ids) > 1

    def count(self) -> int:
        """How many people the database keeps (one small query, no counts of their records)."""
        with self.db.session() as session:
            return session.scalar(select(func.count()).select_from(Person)) or 0

    def label(self, person_id: int) -> str:
        """A person's label (``NotFoundError`` if there is no such person), without their counts."""
        with self.db.session() as session:
            return get_person(session, person_id).label

    def identity(self, person_id: int) -> dict[str, str | None]:
        """A person's details a clinic matches by (``identity_of``), without their counts."""
        with self.db.session() as session:
            return identity_of(get_person(session, person_id))

    def find(self, reference: str | int, *, what: str = "person") -> PersonView:
        """The one person ``reference`` means, as typed on a command line: their id (a whole number)
        or their label (any case). Nobody is a ``NotFoundError``; two people (one's id is another's
        label, "4") an ``InputError`` naming both: never a guess. ``what`` names the option in messages."""
        if isinstance(reference, int) and not isinstance(reference, bool):
            return self.get(reference)
        text = " ".join(str(reference).split())
        if not text:
            raise InputError(f"{what} is empty; give a person's id or label")
        as_id = int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
        as_id = as_id if as_id is not None and as_id < ID_LIMIT else None  # no id is that big
        with self.db.session() as session:
            by_label = _same_label(session, text)
            by_id = session.get(Person, as_id) if as_id is not None else None
            matches = {p.id: p for p in (by_label, by_id) if p is not None}
            if not matches:
                raise PersonNotFoundError(
                    literal(f"{what} {text!r}: nobody in this database has that id or label")
                    + "; see {people_list}"
                )
            if len(matches) > 1:
                both = " or ".join(f"{p.label!r} (person {p.id})" for _, p in sorted(matches.items()))
                raise AmbiguousPersonError(
                    literal(f"{what} {text!r} could mean {both}; nothing was done.")
                    + " {rename} so that labels and ids cannot be mixed up"
                )
            return self._views(session, list(matches.values()))[0]

    def _today(self) -> date:
        return stored_time(self.clock()).astimezone().date()  # the local day, as the diary's

    def add(
        self,
        label: Any,
        *,
        height_cm: Any = None,
        identity: Mapping[str, Any] | None = None,
        form_token: str | None = None,
        idempotency_key: str | None = None,
    ) -> PersonView:
        """Add a person; a label already used (in any case) is refused, so two people never look alike.
        ``identity``: what a clinic matches the record by (``IDENTITY_FIELDS``, ``checked_identity``).
        ``form_token``: the People page's form's one-time token, kept with the person added
        (``services.form_tokens``), so the same form sent again finds them (``added_with_form``).
        ``idempotency_key``: the API's ``Idempotency-Key``: the same request sent again with it (a
        client retrying) is answered with the person it added, never "already someone called"; sent
        with another request, an ``IdempotencyKeyReusedError`` naming it (``form_tokens.sent_before``)."""
        sent = IdempotencyKey.of(idempotency_key, "person", label, height_cm, dict(identity or {}))
        try:
            return self._add(label, height_cm, identity, form_token, sent)
        except (InputError, IntegrityError):
            if sent is None:
                raise
            earlier = self._sent_before(sent)  # sent twice at once: the other kept the key first
            if earlier is None:
                raise
            return earlier

    def _sent_before(self, sent: IdempotencyKey) -> PersonView | None:
        """The person ``sent``'s key added with the same request (``form_tokens.sent_before``)."""
        with self.db.session() as session:
            return self._added_with_key(session, sent)

    def _added_with_key(self, session: Session, sent: IdempotencyKey | None) -> PersonView | None:
        person = row_sent_before(session, sent, "person", Person, stored_time(self.clock()))
        return None if person is None else self._views(session, [person])[0]

    def _add(
        self,
        label: Any,
        height_cm: Any,
        identity: Mapping[str, Any] | None,
        form_token: str | None,
        sent: IdempotencyKey | None,
    ) -> PersonView:
        cleaned = clean_label(label)
        height = checked_height(height_cm)
        details = checked_identity(identity or {}, today=self._today())
        with self.db.session(write=True) as session:
            earlier = self._added_with_key(session, sent)
            if earlier is not None:
                return earlier
            same = _same_label(session, cleaned)
            if same is not None:
                raise InputError(f"there is already a person called {same.label!r} (person {same.id})")
            _check_identity(session, details, None)
            person = Person(
                label=cleaned,
                height_cm=height,
                created_at=stored_time(self.clock()).astimezone(UTC),
                **details,
            )
            try:
                with session.begin_nested():
                    session.add(person)
            except IntegrityError:  # added meanwhile by another request with the same label or number
                raise _kept_out(self.db, cleaned, details, None) from None
            given = [f"{IDENTITY_WORDS[key]} set" for key, value in details.items() if value is not None]
            self._note(session, "person_added", person, "; ".join(given))  # which ones, never the values
            session.flush()
            keep_form_token(session, form_token, "person", person.id, stored_time(self.clock()))
            keep_idempotency_key(session, sent, "person", person.id, stored_time(self.clock()))
            return self._views(session, [person])[0]

    def added_with_form(
        self,
        form_token: str | None,
        label: Any,
        *,
        height_cm: Any = None,
        identity: Mapping[str, Any] | None = None,
    ) -> PersonView | None:
        """The person the form ``form_token`` added a short while ago (``services.form_tokens``) with
        exactly these values: the same form sent twice (a double click on Add), to be answered as the
        first was. None for another form, one sent again later, or other values (the person there is
        not what was typed: the page says the name is taken, as for anyone else)."""
        try:
            cleaned = clean_label(label)
            height = checked_height(height_cm)
            details = checked_identity(identity or {}, today=self._today())
        except InputError:
            return None
        with self.db.session() as session:
            person_id = added_with_form(session, form_token, "person", stored_time(self.clock()))
            person = None if person_id is None else session.get(Person, person_id)
            if person is None or (person.label, person.height_cm) != (cleaned, height):
                return None
            if any(getattr(person, key) != value for key, value in details.items()):
                return None
            return self._views(session, [person])[0]

    def update(
        self,
        person_id: int,
        *,
        label: Any = None,
        height_cm: Any = ...,
        identity: Mapping[str, Any] | None = None,
    ) -> PersonView:
        """Rename a person and/or change their height (``height_cm=None`` forgets it) and/or the details
        in ``identity`` (``IDENTITY_FIELDS``; None or an empty text forgets one, a key left out keeps it)."""
        cleaned = None if label is None else clean_label(label)
        height = ... if height_cm is ... else checked_height(height_cm)
        details = checked_identity(identity or {}, today=self._today())
        with self.db.session(write=True) as session:
            person = get_person(session, person_id)
            changes = []
            if cleaned is not None:
                same = _same_label(session, cleaned, other_than=person.id)
                if same is not None:
                    raise InputError(f"there is already a person called {same.label!r} (person {same.id})")
                if cleaned != person.label:
                    changes.append(f"renamed from {person.label!r}")
                person.label = cleaned
            if height is not ... and height != person.height_cm:
                changes.append("height forgotten" if height is None else f"height set to {height:g} cm")
                person.height_cm = height
            identity_now = {**identity_of(person), **details}
            _check_identity(session, identity_now, person.id)
            for key, value in details.items():  # the activity list says what changed, never the value
                if value != getattr(person, key):
                    changes.append(f"{IDENTITY_WORDS[key]} {'forgotten' if value is None else 'set'}")
                    setattr(person, key, value)
            try:
                with session.begin_nested():
                    session.flush()
            except IntegrityError:  # given to someone else meanwhile (PostgreSQL lets both try)
                raise _kept_out(self.db, cleaned, identity_now, person_id) from None  # not person.id: expired
            if changes:
                self._note(session, "person_changed", person, "; ".join(changes))
            return self._views(session, [person])[0]

    def delete(self, person_id: int) -> dict[str, int]:
        """Delete a person and every record of theirs in one transaction; how many of each went (and
        ``everyday_days``, their days of everyday walking)."""
        with self.db.session(write=True) as session:
            # a restore or an import into them under way ends first: what it adds goes too
            lock_adders(session)
            person = get_person(session, person_id)
            counts = self._counts(session, [person.id])[person.id]
            counts["everyday_days"] = self._everyday_days(session, [person.id]).get(person.id, 0)
            lock_walks(session, person.id)  # before the checks, in the order a result locks them
            for model in (*(m for _, m in RECORD_KINDS), EverydayWalkingDay):  # not only by ON DELETE CASCADE
                session.execute(model.__table__.delete().where(model.person_id == person.id))
            session.delete(person)
            self._note(session, "person_deleted", person, records_in_words(counts))
        if self.db.is_sqlite:
            self.db.vacuum()
        return counts


__all__ = [
    "FIRST_PERSON_LABEL",
    "HEIGHT_MAX_CM",
    "HEIGHT_MIN_CM",
    "GENDERS",
    "IDENTITY_FIELDS",
    "IDENTITY_WORDS",
    "checked_identity",
    "identity_of",
    "same_mrn",
    "system_without_number",
    "ID_LIMIT",
    "LABEL_MAX_CHARS",
    "People",
    "PersonView",
    "checked_height",
    "clean_label",
    "RECORD_KEYS",
    "counts_in_words",
    "records_in_words",
    "same_label",
    "file_suffix",
    "first_people",
    "get_person",
    "IMPORT_LOCK_KEY",
    "lock_adders",
    "lock_restores",
    "lock_walks",
    "RESTORE_LOCK_KEY",
    "the_one_person",
]
