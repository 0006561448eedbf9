"""Settings of the web app: where the database is. Read on demand, never at import."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

from backstride.storage.db import default_database_url

ALLOWED_HOSTS_ENV = "BACKSTRIDE_ALLOWED_HOSTS"


def _allowed_hosts_from_env() -> tuple[str, ...]:
    return tuple(h.strip() for h in os.environ.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip())


@dataclass(frozen=True)
class Settings:
    """``database_url`` defaults to ``DATABASE_URL`` or a SQLite file in the user data directory.

    ``allowed_hosts``: host names the app answers to besides loopback names and IP addresses (the
    ``--host`` of ``backstride serve``; ``BACKSTRIDE_ALLOWED_HOSTS``, comma-separated, for workers).
    """

    database_url: str = field(default_factory=default_database_url)
    migrate_on_start: bool = True
    allowed_hosts: tuple[str, ...] = field(default_factory=_allowed_hosts_from_env)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, read once; tests pass their own ``Settings`` instead."""
    return Settings()


__all__ = ["ALLOWED_HOSTS_ENV", "Settings", "get_settings"]
