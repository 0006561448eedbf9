"""The web app factory: ``create_app(settings=None)``.

No import-time singletons: the database, its engine and the ``Records`` service are made here, per
app. Migrations run at start-up (``alembic upgrade head``). Errors of the ``BackstrideError`` tree
become HTTP 4xx with ``{"detail": message}``: 404 for ``NotFoundError``, 422 for other input errors.
The OpenAPI document is served at ``/api/openapi.json`` and rendered locally at ``/api/docs``; no
page loads anything from another machine.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from backstride import __version__
from backstride.core.errors import BackstrideError, InputError, NotFoundError, StorageError
from backstride.services.records import Records
from backstride.storage.db import Database
from backstride.web.settings import Settings, get_settings


def status_for(exc: BackstrideError) -> int:
    """The HTTP status of a domain error."""
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, StorageError):
        return 503  # the database cannot be reached or opened: not the request's fault
    if isinstance(exc, InputError):
        return 422
    return 500  # KnowledgeError: a bug in the packaged data, not the person's fault


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        where = ".".join(str(p) for p in loc if p not in ("body", "query", "path", "form"))
        if not where:
            where = "request body" if loc[:1] == ("body",) else "request"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app: database + migrations, services, REST API under ``/api`` and the pages."""
    settings = settings or get_settings()
    db = Database(settings.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        db.dispose()

    if settings.migrate_on_start:
        db.migrate()

    app = FastAPI(
        title="backstride",
        version=__version__,
        description=(
            "Local API of backstride: assessments and answers, walks (gait recordings), diary entries, "
            "results and plans, export and delete-all. Runs on this computer only. Not a diagnosis."
        ),
        openapi_url="/api/openapi.json",
        docs_url=None,  # FastAPI's default docs load scripts from a CDN; ours are rendered locally
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.db = db
    app.state.records = Records(db)

    @app.exception_handler(BackstrideError)
    async def _domain_error(_request: Request, exc: BackstrideError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=status_for(exc))

    @app.exception_handler(RequestValidationError)
    async def _request_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse({"detail": _validation_message(exc)}, status_code=422)

    from backstride.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    return app


__all__ = ["create_app", "status_for"]
