"""API routes read a JSON body with each key once (``core.json_text``).

Starlette's ``Request.json`` keeps the last of two equal keys, so ``{"answers": {"fever": true,
"fever": false}}`` stored ``false`` with a 200. The routes of the API use ``JSONOnceRoute``; FastAPI
then turns the ``RepeatedKeyError`` into its body-parse error (400), which ``app._body_message``
words with the key. A number's digits are kept (``json_text.Written``) for the answers' lengths of
time, which the API reads from them as every other interface does.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from backstride.core import json_text


class _JSONOnceRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            # each float keeps its digits: a length of time is read from them (``read_as_written``)
            self._json = json_text.loads(await self.body(), parse_float=json_text.Written)
        return self._json


class JSONOnceRoute(APIRoute):
    """An API route whose JSON body refuses a key given twice in an object."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def each_key_once(request: Request) -> Response:
            return await handler(_JSONOnceRequest(request.scope, request.receive))

        return each_key_once
