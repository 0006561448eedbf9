"""The one exception tree of backstride.

Every error a user can cause derives from ``BackstrideError``. Adapters (CLI, web) map the tree to
exit status 2 / HTTP 4xx; anything else is a bug and surfaces as exit status 1 / HTTP 500.

    BackstrideError
    ├── InputError                 bad input from a person, a file or a request (exit 2, HTTP 422)
    │   ├── UnknownCodeError       a finding / condition / advice code that does not exist
    │   │                          (also a KeyError and a ValueError)
    │   ├── FindingValueError      a value of the wrong type or outside its range (also a ValueError)
    │   │   └── ClinicianOnlyError     an examination answer in a person's check; each interface
    │   │                              names its own way to start a clinician's check
    │   ├── RecordingError         a recording that cannot be read (empty, corrupt, wrong columns, units)
    │   │   └── RecordingOptionError   ... that needs a reader option (units, trial) or cannot take one;
    │   │                              each interface names the option its own way (flag, form field)
    │   ├── TimePointError         a symptom or stop time that cannot be used (gait.time_points);
    │   │                          each interface names the time its own way (flag, form field)
    │   ├── FieldError             a field's value that cannot be kept; each interface names the
    │   │                          field its own way (JSON key, option)
    │   ├── NotFoundError          an id or file that does not exist (HTTP 404)
    │   │   └── RecordingNotFoundError  a recording's path that does not exist (also a RecordingError)
    │   ├── NotAllowedError        who acts may not do this, e.g. no longer a staff admin (HTTP 403)
    │   └── StorageError           a database that cannot be used: unknown kind, driver missing,
    │                              server not reachable, not a database file, damaged, another
    │                              program's, made by a newer version, read-only, busy, disk full
    │                              (exit 2, HTTP 503; a write that failed saved nothing)
    ├── KnowledgeError             the packaged knowledge base failed validation (a bug in the data)
    └── ExportError                an export could not be made valid (e.g. FHIR R4 the models reject):
                                   a bug in the mapping, not the person's input (exit 1, HTTP 500)
"""

from __future__ import annotations

import string
from collections.abc import Mapping


class BackstrideError(Exception):
    """Root of every error backstride raises on purpose."""


class InputError(BackstrideError):
    """Bad input: the message names the problem and what was expected."""


class UnknownCodeError(InputError, KeyError, ValueError):
    """A code that is not in the vocabulary: a KeyError (a lookup that failed; older callers catch
    that) and a ValueError (a bad argument, like a bad finding value: ``Interview.answer`` promises
    ValueError for a bad code or value)."""

    def __str__(self) -> str:  # KeyError quotes its message; we want it plain.
        return str(self.args[0]) if self.args else "unknown code"


class FindingValueError(InputError, ValueError):
    """A finding value of the wrong type or out of range."""


class RecordingError(InputError):
    """A recording that cannot be read or holds no usable IMU data. ``plain``: when set, what is wrong
    in a person's words (reading age ~12), which a page says before the exact problem (a wrong file on
    the Walks page said only "the first line ... is not a header of several columns")."""

    plain: str = ""


class OptionTemplate(InputError):
    """A message kept as a ``template`` that names options by ``{placeholders}``, so each interface
    (command line, API, web page) can name them in its own words: ``phrased(names)``; ``names`` are the
    words ``str()`` uses. The base of the errors that name an option or a place to look
    (RecordingOptionError, TimePointError, PersonNotFoundError, AmbiguousPersonError).
    """

    template: str
    names: Mapping[str, str]

    def __init__(self, template: str) -> None:
        self.template = template
        super().__init__(self.phrased())

    @staticmethod
    def literal(text: str) -> str:
        """``text`` made safe to put in a template (braces doubled)."""
        return text.replace("{", "{{").replace("}", "}}")

    def phrased(self, names: Mapping[str, str] | None = None) -> str:
        """The message with the options named by ``names`` (else by ``self.names``)."""
        return self.template.format_map({**self.names, **(names or {})})

    def _placeholders(self) -> frozenset[str]:
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.template) if name)


class RecordingOptionError(OptionTemplate, RecordingError):
    """A recording that needs a reader option, or got one it cannot use.

    ``template`` names the option by placeholders, so each interface can say it in its own words:
    ``{give_acc_unit}`` / ``{give_gyr_unit}`` (how to give a unit), ``{give_units}`` (how to give both,
    said once: "pass --acc-unit m/s^2|g and --gyr-unit deg/s|rad/s"), ``{units}`` (the unit options),
    ``{trial}`` (the trial option) and ``{trial_eg}`` (what comes before an example trial). ``str()``
    uses the command line's flags (``CLI_NAMES``); ``phrased(names)`` another interface's words, and
    ``named(names)`` the same error speaking them (``read_recording`` names its own arguments,
    ``PYTHON_NAMES``, as a researcher calls it from Python).
    """

    CLI_NAMES: Mapping[str, str] = {
        "give_acc_unit": "pass --acc-unit m/s^2|g",
        "give_gyr_unit": "pass --gyr-unit deg/s|rad/s",
        "give_units": "pass --acc-unit m/s^2|g and --gyr-unit deg/s|rad/s",
        "units": "--acc-unit/--gyr-unit",
        "trial": "--trial",
        "trial_eg": "--trial ",
        "worn_at": "--worn-at",
    }
    PYTHON_NAMES: Mapping[str, str] = {
        "give_acc_unit": 'give read_recording acc_unit="m/s^2" or acc_unit="g"',
        "give_gyr_unit": 'give read_recording gyr_unit="deg/s" or gyr_unit="rad/s"',
        "give_units": 'give read_recording acc_unit ("m/s^2" or "g") and gyr_unit ("deg/s" or "rad/s")',
        "units": "the acc_unit/gyr_unit arguments",
        "trial": "the trial argument",
        "trial_eg": "trial=",
        "worn_at": "the worn_at argument",
    }
    names = CLI_NAMES

    @property
    def options(self) -> frozenset[str]:
        """The placeholders the message uses (which option it is about)."""
        return self._placeholders()

    def replaced(self, old: str, new: str) -> RecordingOptionError:
        """The same error with ``old`` replaced by ``new`` in its text (e.g. a temporary file's path)."""
        return type(self)(self.template.replace(self.literal(old), self.literal(new))).named(self.names)

    def named(self, names: Mapping[str, str]) -> RecordingOptionError:
        """The same error, its ``str()`` naming the options by ``names`` (those it lacks: as before)."""
        said = type(self)(self.template)
        said.names = {**self.names, **names}
        said.args = (said.phrased(),)
        said.plain = self.plain
        return said


class TimePointError(OptionTemplate, InputError):
    """A symptom or stop time that cannot be used (``gait.time_points``).

    ``template`` names the options by placeholders (``{symptom_at}``, ``{stop_at}``, or the field the
    parser was given); ``names`` are the words used when it was raised; ``fields`` says which ones the
    message is about.
    """

    def __init__(self, template: str, names: Mapping[str, str]) -> None:
        self.names = dict(names)
        super().__init__(template)

    @property
    def fields(self) -> frozenset[str]:
        """The placeholders the message uses (which time it is about)."""
        return self._placeholders()


class FieldError(OptionTemplate, InputError):
    """A value of a named field that cannot be kept (a person's birth date, height, clinic number ...).

    ``template`` names each field by a placeholder of its own key (``{birth_date}``), so the API
    says the key as its JSON has it ("birth_date") and the command line the option that was typed
    ("--birth-date"): ``phrased(names)``. ``str()`` uses the keys.
    """

    names: Mapping[str, str] = {}

    @property
    def fields(self) -> frozenset[str]:
        """The keys of the fields the message is about."""
        return self._placeholders()

    def phrased(self, names: Mapping[str, str] | None = None) -> str:
        return self.template.format_map({**{key: key for key in self.fields}, **(names or {})})


class ClinicianOnlyError(OptionTemplate, FindingValueError):
    """An examination answer (``who: clinician``) given to a check in person mode. ``{clinician_mode}``
    in ``template`` says how to start a check in clinician mode, in each interface's words (the command
    line's ``--mode clinician``); ``str()`` uses the API's (``"mode": "clinician"``)."""

    names: Mapping[str, str] = {"clinician_mode": '"mode": "clinician" (POST /api/assessments)'}


class NotFoundError(InputError):
    """A file, record or id that does not exist."""


class RecordingNotFoundError(NotFoundError, RecordingError):
    """A recording's path that does not exist: a ``RecordingError`` as every other problem with a
    recording is (``read_recording`` says so), and a ``NotFoundError``."""


class NotAllowedError(InputError):
    """Who acts may not do this (a staff member who is no longer an admin, or was removed): HTTP 403."""


class PersonNotFoundError(OptionTemplate, NotFoundError):
    """Nobody has that person id or label. ``{people_list}`` in ``template`` says where everyone is
    listed, so each interface can point to its own list (a page links it; the command line names
    ``backstride people list``)."""

    names: Mapping[str, str] = {"people_list": "the list of people"}


class AmbiguousPersonError(OptionTemplate, InputError):
    """A reference that could mean two people (one's id is another's label); ``{rename}`` in
    ``template`` says how to rename one, in each interface's words."""

    names: Mapping[str, str] = {"rename": "Rename one"}


class PersonNeededError(InputError):
    """The database keeps records for several people and the request did not say whose; ``people``
    is how many (each interface names its own way of saying whose)."""

    def __init__(self, message: str, *, people: int | None = None) -> None:
        super().__init__(message)
        self.people = people


class TooManyGuessesError(InputError):
    """Too many wrong passwords were tried lately from this computer, or for this name: wait
    ``wait_s`` seconds, then try again (HTTP 429, ``Retry-After``)."""

    def __init__(self, message: str, *, wait_s: float = 60.0) -> None:
        super().__init__(message)
        self.wait_s = wait_s


class StorageError(InputError):
    """The database cannot be used (at start or while running); the message names the URL (password
    hidden) and the problem in plain words."""


class KnowledgeError(BackstrideError):
    """The knowledge base is inconsistent; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("knowledge base is invalid:\n" + "\n".join(f"  - {p}" for p in self.problems))


class ExportError(BackstrideError):
    """An export could not be made valid (e.g. a FHIR resource the R4 models reject); the message names
    the resource and the problem. A bug in the mapping, not bad input."""


__all__ = [
    "BackstrideError",
    "ClinicianOnlyError",
    "ExportError",
    "FieldError",
    "FindingValueError",
    "InputError",
    "KnowledgeError",
    "NotAllowedError",
    "NotFoundError",
    "RecordingNotFoundError",
    "RecordingError",
    "RecordingOptionError",
    "OptionTemplate",
    "PersonNeededError",
    "StorageError",
    "TimePointError",
    "TooManyGuessesError",
    "UnknownCodeError",
]
