"""Read the files a person gives the CLI, with messages that name the file and what was expected.

Every problem raises ``InputError`` (or a subclass); the command turns it into ``error: ...`` on
stderr and exit status 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from backstride.core import json_text
from backstride.core.errors import InputError, NotFoundError
from backstride.core.json_text import Written

FINDINGS_SHAPE = 'a JSON object: {"findings": {...}} or the findings object itself'


def typed_path(typed: str | None, name: str, expected: str) -> Path | None:
    """A file name as typed (None: not given). An empty one is refused naming ``name``: as a ``Path``
    it would be '.', this folder."""
    if typed is None:
        return None
    if not typed.strip():
        raise InputError(f"{name} is empty; expected a file holding {expected}")
    return Path(typed)


def read_bytes(path: Path, expected: str) -> bytes:
    """A file's bytes; a missing or unreadable file, or a folder, raises ``InputError``."""
    if not path.exists():
        raise NotFoundError(f"{path}: file not found; expected {expected}")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; expected a file holding {expected}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror}); expected {expected}") from None


def read_text(path: Path, expected: str) -> str:
    """A text file's text; a missing, unreadable or non-UTF-8 file raises ``InputError``."""
    try:
        return read_bytes(path, expected).decode("utf-8-sig")  # a byte-order mark (Notepad) is fine
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text; expected {expected}") from None


def read_json(path: Path, expected: str, *, exact: bool = False) -> Any:
    """Parse a JSON file; a missing, unreadable or malformed file, or one giving a key twice in an
    object, raises ``InputError``. ``exact``: a number with a '.' or an exponent is kept to its last
    digit, as written (``Written``), not as the float nearest it."""
    text = read_text(path, expected)
    if not text.strip():  # json would say "Expecting value (line 1, column 1)"
        raise InputError(f"{path}: is empty; expected {expected}")
    try:
        return json_text.loads(text, parse_float=Written if exact else None)
    except json_text.RepeatedKeyError as exc:
        raise InputError(
            f"{path}: gives {exc.key!r} twice (which one is meant?); expected each name once in {expected}"
        ) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); expected {expected}"
        ) from None
    except ValueError:  # a number with thousands of digits
        raise InputError(f"{path}: holds a number with too many digits; expected {expected}") from None
    except RecursionError:
        raise InputError(f"{path}: is nested too deeply to read; expected {expected}") from None


def type_name(value: Any) -> str:
    """How a JSON value's type reads in a message ("a list", "a string", ...)."""
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, int | float) else type(value).__name__
    )


def read_answers(path: Path) -> dict[str, Any]:
    """The answers of an answers file, in file order; ``None`` where it gives ``null`` ("don't know")."""
    return read_answers_and_ignored(path)[0]


def read_answers_and_ignored(path: Path) -> tuple[dict[str, Any], list[str]]:
    """``read_answers``, and the keys beside "findings" that were not read (a line of the vignette
    file: its id, narrative, gold_...), for the command to name once the answers are good."""
    data = read_json(path, FINDINGS_SHAPE, exact=True)
    if not isinstance(data, dict):
        raise InputError(f"{path}: expected {FINDINGS_SHAPE}, got {type_name(data)}")
    ignored: list[str] = []
    if "findings" in data:
        ignored = sorted(set(data) - {"findings"})
        _check_beside_findings(path, ignored)
        data = data["findings"]
        if not isinstance(data, dict):
            raise InputError(
                f'{path}: "findings" must be an object of finding codes to values, got {type_name(data)}'
            )
    from backstride.knowledge import load_knowledge

    findings = load_knowledge().findings
    return {str(code): _as_read(value, findings.get(code)) for code, value in data.items()}, ignored


def _as_read(value: Any, finding: Any) -> Any:
    """A file's answer to ``finding`` (None: not a finding code) as the interview reads it, from its
    digits (``services.interview.number_as_written``: 11.99999999999999999 weeks is 11.9, under 12,
    though its nearest float is 12.0; a number the finding cannot take is said as the file wrote it)."""
    from backstride.services.interview import number_as_written

    return number_as_written(value, finding)


def _check_beside_findings(path: Path, extra: list[str]) -> None:
    """A finding code beside "findings" is refused: it was meant as an answer, and leaving it out
    would change the result without a word (other keys are left out, and the command says so)."""
    if not extra:
        return
    from backstride.knowledge import load_knowledge

    codes = [key for key in extra if key in load_knowledge().findings]
    if codes:
        raise InputError(
            f"{path}: the finding code{'s' if len(codes) > 1 else ''} {', '.join(codes)} "
            f'{"are" if len(codes) > 1 else "is"} beside "findings", not in it: move '
            f'{"them" if len(codes) > 1 else "it"} into "findings"; expected {FINDINGS_SHAPE}'
        )


__all__ = [
    "FINDINGS_SHAPE",
    "read_answers",
    "read_answers_and_ignored",
    "read_bytes",
    "read_json",
    "read_text",
    "type_name",
    "typed_path",
]
