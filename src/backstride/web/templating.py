"""The pages' Jinja2 templates and the knowledge base they word results with.

Kept apart from ``pages`` (which needs FastAPI) so that ``backstride report`` can draw the report
page without importing the web framework.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from backstride import __version__


@lru_cache(maxsize=1)
def template_env() -> Environment:
    """The pages' templates (also the report's, ``backstride.web.report``)."""
    env = Environment(
        loader=PackageLoader("backstride.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["static"] = lambda name: f"/static/{name}?v={__version__}"
    env.filters["first_upper"] = lambda text: str(text)[:1].upper() + str(text)[1:]
    return env


@lru_cache(maxsize=1)
def knowledge_base() -> Any:
    from backstride.knowledge.loader import load_knowledge

    return load_knowledge()


__all__ = ["knowledge_base", "template_env"]
