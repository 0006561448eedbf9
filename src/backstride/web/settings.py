"""Settings of the web app: where the database is. Read on demand, never at import."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from backstride.storage.db import default_database_url


@dataclass(frozen=True)
class Settings:
    """``database_url`` defaults to ``DATABASE_URL`` or a SQLite file in the user data directory."""

    database_url: str = field(default_factory=default_database_url)
    migrate_on_start: bool = True


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment, read once; tests pass their own ``Settings`` instead."""
    return Settings()


__all__ = ["Settings", "get_settings"]
