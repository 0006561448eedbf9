"""Whose records a page shows, and whose a form writes to (several people: a clinic).

A database keeps the records of one person at home ("Me") and of many in a clinic
(``services.people``). The pages choose the person like this:

* a page that lists or adds records (``/``, ``/walks``, ``/diary``, ...) shows the person asked for
  with ``?person=N`` (which also sets the cookie ``backstride_person``), else the cookie's person,
  else, with one person, that person; with several and no (or a stale) choice it sends the browser to
  the People page ("Choose whose records to open"), never to somebody picked for it;
* a form that writes carries a hidden ``person_id`` of the person its page showed, and the handler
  uses that one, never the cookie: the cookie is shared by every tab, so a form rendered for A in one
  tab, sent after B was opened in another, must still write to A;
* a page of one record (``/check/{id}``, ``/walks/{id}``) finds it by its id and shows its owner.

With one person, nothing of this shows on the pages (no "Records of" line, links without
``?person=``); only the forms carry the hidden field, which no one sees.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from backstride.core.acting import current_actor
from backstride.core.errors import InputError, NotFoundError, PersonNeededError
from backstride.core.voice import about_them_text
from backstride.services.people import FIRST_PERSON_LABEL, no_such_person
from backstride.services.records import Records

if TYPE_CHECKING:  # no FastAPI at run time: the report (backstride report) imports this module
    from fastapi import Request
    from fastapi.responses import Response

PERSON_COOKIE = "backstride_person"
CHOOSE_URL = "/people?choose=1"


@dataclass(frozen=True)
class Whose:
    """The person a page is about and whether the database keeps several people.

    ``records`` are theirs: scoped to them (``Records.for_person``) when there are several people or
    a form named them; with one person (or nobody yet: the first write makes "Me") the app's unscoped
    ``Records``, which mean the one person and refuse (``PersonNeededError``) should a second be
    added meanwhile. ``label`` is read only when there are several people (only then is it shown).
    """

    records: Records
    person_id: int | None
    several: bool
    label: str | None = None
    chosen: bool = False  # asked for with ?person=N: the response sets the cookie to them

    @property
    def shown(self) -> bool:
        """Whether pages say whose records these are (several people)."""
        return self.several and self.person_id is not None and self.label is not None

    @property
    def param(self) -> str:
        """``person=N`` for this page's links when there are several people, else ``""``."""
        return f"person={self.person_id}" if self.shown else ""

    @property
    def query(self) -> str:
        """``?person=N`` (see ``param``) or ``""``."""
        return f"?{self.param}" if self.param else ""

    def url(self, path: str) -> str:
        """``path`` with this person's ``person=N`` added when there are several people."""
        if not self.param:
            return path
        return f"{path}{'&' if '?' in path else '?'}{self.param}"

    @property
    def about_them(self) -> bool:
        """Whether the page speaks about the person, not to them: a clinic's page of one of several
        people, or anyone signed in as a staff member (a clinician looks at the person's records)."""
        return self.shown or current_actor().staff is not None

    def said(self, text: str) -> str:
        """A page's words to the person (``text``), said about them when a clinician reads the page
        (``about_them``; the one rule, ``core.voice.about_them_text``), else as they are."""
        return about_them_text(text) if self.about_them else text

    @property
    def named(self) -> bool:
        """Whether a title may name them ("Diary of Ana", "Ana's walk"): several people, and a label that
        is a name, not the automatic "Me" of a home install ("Me's walk", "Diary of Me"). Their pages'
        line "Records of Me" still says whose records are open."""
        return self.shown and self.label != FIRST_PERSON_LABEL

    @property
    def persons(self) -> str:
        """Whose, before a record's name: "Ana's" (``named``), "" for the automatic "Me" (the title
        leaves it out: "Walk from ..."), else "the person's"."""
        if self.shown:
            return f"{self.label}'s" if self.named else ""
        return "the person's"

    def context(self) -> dict[str, Any]:
        """What every page's template needs: ``whose`` (shown only with several people); the hidden
        field's ``person_id`` and ``person_field`` (the field itself); ``person_query`` and
        ``person_param`` for the links; ``api_query`` (``?person_id=N``) for the API's downloads;
        ``clinician_reads`` (``Whose.about_them``) and ``persons`` ("Ana's", else "the person's") for the
        pages that then say "their walk", "Ana's walk"."""
        return {
            "clinician_reads": self.about_them,
            "persons": self.persons,
            "whose": {"id": self.person_id, "label": self.label, "named": self.named} if self.shown else None,
            "person_id": self.person_id,
            "person_query": self.query,
            "person_param": self.param,
            "api_query": f"?person_id={self.person_id}" if self.shown else "",
            "person_field": person_field(self.person_id) if self.person_id is not None else "",
            "several_people": self.several,
        }

    def remember(self, response: Response, *, secure: bool = False) -> Response:
        """Set the cookie when this person was asked for with ``?person=N`` (``secure``: over HTTPS)."""
        if self.chosen and self.person_id is not None:
            remember_person(response, self.person_id, secure=secure)
        return response


def person_field(person_id: int) -> Markup:
    """The hidden field a writing form carries: whose page it was sent from."""
    return Markup('<input type="hidden" name="person_id" value="{}">').format(person_id)


def remember_person(response: Response, person_id: int, *, secure: bool = False) -> None:
    """The cookie of the person last opened: this browser only (HttpOnly, SameSite=Strict; Secure when
    the app is reached over HTTPS, as the sign-in cookie)."""
    response.set_cookie(
        PERSON_COOKIE, str(person_id), path="/", httponly=True, samesite="strict", secure=secure
    )


def _number(text: str, name: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise InputError(f"{name} must be a whole number (a person's id), got {text!r}") from None


def only_person(records: Records) -> tuple[int | None, bool]:
    """(the id of the database's one person, or None; whether there are several): ``People.only``, one
    small query, not the list of everyone with their counts (50 ms for 1,000 people with a year of
    diary each, on every page)."""
    return records.people.only()


def _one_of_several(records: Records, person_id: int, *, chosen: bool = False) -> Whose:
    """One of several people, by id (``NotFoundError`` if there is no such person)."""
    return Whose(records.for_person(person_id), person_id, True, records.people.label(person_id), chosen)


def page_person(request: Request, records: Records) -> Whose | None:
    """The person a list page shows (see the module docstring); None: there are several people and
    none was chosen, so the page must send the browser to ``CHOOSE_URL``."""
    only, several = only_person(records)
    asked = request.query_params.get("person")
    if asked is not None:
        person_id = _number(asked, "person")
        if several:
            return _one_of_several(records, person_id, chosen=True)
        if person_id != only:
            raise no_such_person(person_id)
        return Whose(records, only, several=False, chosen=True)
    if not several:  # no choice needed (a cookie of a person deleted since does not matter)
        return Whose(records, only, several=False)
    remembered = request.cookies.get(PERSON_COOKIE, "").strip()
    if remembered.isdigit():
        try:
            return _one_of_several(records, int(remembered))
        except NotFoundError:
            pass  # deleted since (ids are never given again): as if nobody was chosen
    return None


def posted_person(records: Records, person_id: str) -> Whose:
    """The person a form writes to: its hidden ``person_id`` (checked to exist: else a 404); without
    one (a page from before people were kept), the one person, and with several a refusal."""
    if person_id.strip():
        chosen = _number(person_id, "person_id")
        if only_person(records)[1]:
            return _one_of_several(records, chosen)  # NotFoundError when they no longer exist
        return Whose(records.for_person(chosen), chosen, several=False)
    only, several = only_person(records)
    if several:
        raise PersonNeededError(
            "this form did not say whose records it is for, and this backstride keeps the records of "
            "several people, so nothing was saved. Please open the person's records again (People) "
            "and send the form from there"
        )
    return Whose(records, only, several=False)


def owner_of(
    records: Records,
    person_id: int,
    *,
    several: bool | None = None,
    read: tuple[bool, str | None] | None = None,
) -> Whose:
    """The owner of a record found by its id (the record's pages show them and link to their lists).
    ``several``: whether the database keeps several people, when the caller has just read it; ``read``:
    that and the owner's label (None with one person), read with the record
    (``Records.result_check_and_owner``): nothing more is read."""
    if read is not None:
        several, label = read
        if several:
            return Whose(records.for_person(person_id), person_id, True, label)
        return Whose(records, person_id, several=False)
    if several if several is not None else only_person(records)[1]:
        return _one_of_several(records, person_id)
    return Whose(records, person_id, several=False)  # the one person's record


__all__ = [
    "CHOOSE_URL",
    "PERSON_COOKIE",
    "Whose",
    "only_person",
    "owner_of",
    "page_person",
    "person_field",
    "posted_person",
    "remember_person",
]
