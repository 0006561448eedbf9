"""Settings of the web app: where the database is. Read on demand, never at import."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from backstride.core.errors import InputError
from backstride.services.records import MAX_UPLOAD_BYTES
from backstride.storage.db import default_database_url

ALLOWED_HOSTS_ENV = "BACKSTRIDE_ALLOWED_HOSTS"
MAX_UPLOAD_MB_ENV = "BACKSTRIDE_MAX_UPLOAD_MB"
REQUIRE_PASSWORD_ENV = "BACKSTRIDE_REQUIRE_PASSWORD"  # "1": set by backstride serve for its workers
MB = 1024 * 1024


def allowed_hosts_from_env() -> tuple[str, ...]:
    """The host names in ``BACKSTRIDE_ALLOWED_HOSTS`` (comma-separated)."""
    return tuple(h.strip() for h in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip())


def max_upload_bytes_from_env() -> int:
    """``BACKSTRIDE_MAX_UPLOAD_MB`` (whole megabytes, 1 MB = 1024 * 1024 bytes) in bytes; else 1 GB."""
    text = os.environ.get(MAX_UPLOAD_MB_ENV, "").strip()
    if not text:
        return MAX_UPLOAD_BYTES
    try:
        megabytes = int(text)
    except ValueError:
        megabytes = 0
    if megabytes < 1:
        raise InputError(
            f"{MAX_UPLOAD_MB_ENV}={text!r} is not a size; expected whole megabytes, e.g. 2048 for 2 GB"
        )
    return megabytes * MB


@dataclass(frozen=True)
class Settings:
    """``database_url`` defaults to ``DATABASE_URL`` or a SQLite file in the user data directory.

    ``allowed_hosts``: host names the app answers to besides loopback names and IP addresses (the
    ``--host`` of ``backstride serve``; ``BACKSTRIDE_ALLOWED_HOSTS``, comma-separated, for workers).

    ``require_password``: the app is served to other computers and started only because a password
    was set (``backstride serve --host`` without ``--no-password``); should it be cleared while the
    app runs, every request is refused (503) until one is set again, never let through
    (``BACKSTRIDE_REQUIRE_PASSWORD=1`` for workers).

    ``max_upload_bytes``: the biggest walk file the app takes (``BACKSTRIDE_MAX_UPLOAD_MB``, default
    1 GB: a week-long 100 Hz Axivity .cwa is 400-500 MB). A bigger one is refused with 413 as soon as
    that much has come in.
    """

    database_url: str = field(default_factory=default_database_url)
    migrate_on_start: bool = True
    allowed_hosts: tuple[str, ...] = field(default_factory=allowed_hosts_from_env)
    max_upload_bytes: int = field(default_factory=max_upload_bytes_from_env)
    require_password: bool = field(default_factory=lambda: os.environ.get(REQUIRE_PASSWORD_ENV) == "1")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, read once; tests pass their own ``Settings`` instead."""
    return Settings()


__all__ = [
    "ALLOWED_HOSTS_ENV",
    "MAX_UPLOAD_MB_ENV",
    "REQUIRE_PASSWORD_ENV",
    "Settings",
    "allowed_hosts_from_env",
    "get_settings",
    "max_upload_bytes_from_env",
]
