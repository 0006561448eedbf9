"""FastAPI dependencies shared by the REST API and the HTML pages."""

from __future__ import annotations

from fastapi import Request

from backstride.services.records import Records


def get_records(request: Request) -> Records:
    """The app's ``Records`` service (built by ``create_app``; one per app, none at import)."""
    records: Records = request.app.state.records
    return records


__all__ = ["get_records"]
