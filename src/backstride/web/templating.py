"""The pages' Jinja2 templates and the knowledge base they word results with.

Kept apart from ``pages`` (which needs FastAPI) so that ``backstride report`` can draw the report
page without importing the web framework.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from backstride import __version__
from backstride.core.acting import current_actor

# True while a page is drawn for a browser signed in with a password (web.auth): it shows "Sign out"
SIGNED_IN: ContextVar[bool] = ContextVar("backstride_signed_in", default=False)
# True while a page is drawn by an app that others may open (a password is set, or the browser is on
# another computer): then the pages do not say "stays on this computer" (web.auth sets it)
SHARED: ContextVar[bool] = ContextVar("backstride_shared", default=False)
# True while a page is drawn for a staff admin (web.auth): the header links to the Staff page
STAFF_ADMIN: ContextVar[bool] = ContextVar("backstride_staff_admin", default=False)


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The pages' templates (also the report's, ``backstride.web.report``)."""
    env = Environment(
        loader=PackageLoader("backstride.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # installed with the package: never changed while it runs, so never checked
    )
    env.globals["static"] = lambda name: f"/static/{name}?v={__version__}"
    env.globals["signed_in"] = SIGNED_IN.get
    env.globals["signed_in_as"] = lambda: current_actor().staff  # a staff member's name (web.auth)
    env.globals["shared_app"] = SHARED.get
    env.globals["staff_admin"] = STAFF_ADMIN.get
    env.filters["first_upper"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    return env


@lru_cache(maxsize=1)
def knowledge_base() -> Any:
    from backstride.knowledge.loader import load_knowledge

    return load_knowledge()


__all__ = ["SHARED", "SIGNED_IN", "STAFF_ADMIN", "knowledge_base", "template_env"]
