"""Request limits for every route: the size of the request headers (431) and of the request body (413).

The SPARQL endpoint and the graph store already refuse a large body themselves (:func:`~beleidsgraaf.api.security.
read_body`); this ASGI middleware applies the same ``BELEIDSGRAAF_MAX_BODY_BYTES`` to *every* route (for example
the review forms, which are parsed by the framework), and refuses request headers larger than
``BELEIDSGRAAF_MAX_HEADER_BYTES`` with 431 before any route runs. A body announced by ``Content-Length`` is
refused before it is read; a body without one (chunked) is counted while it is read and refused as soon as it
passes the limit.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class _BodyTooLarge(Exception):
    """Raised inside ``receive`` when a streamed body passes the limit."""


def _problem(status: int, error: str, message: str) -> tuple[dict[str, Any], bytes]:
    body = json.dumps({"error": error, "message": message}).encode("utf-8")
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                         (b"connection", b"close")]}
    return start, body


class RequestLimits:
    """ASGI middleware: 431 for headers over ``max_header_bytes``, 413 for bodies over ``max_body_bytes``."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, max_header_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the limits, then run the app."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
        size = sum(len(k) + len(v) + 4 for k, v in headers)
        if size > self.max_header_bytes:
            await self._refuse(send, 431, "headers_too_large",
                               f"the request headers are {size} bytes, more than "
                               f"{self.max_header_bytes} (BELEIDSGRAAF_MAX_HEADER_BYTES) / de headers zijn te groot")
            return
        length = next((v for k, v in headers if k.lower() == b"content-length"), None)
        if length is not None and length.strip().isdigit() and int(length) > self.max_body_bytes:
            await self._refuse(send, 413, "body_too_large", self._body_message())
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message.get("type") == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message.get("type") == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _BodyTooLarge:
            if started:  # the response is already under way; the connection is closed by the server
                raise
            await self._refuse(send, 413, "body_too_large", self._body_message())

    def _body_message(self) -> str:
        return (f"the request body is larger than {self.max_body_bytes} bytes (BELEIDSGRAAF_MAX_BODY_BYTES) / "
                f"de body is groter dan {self.max_body_bytes} bytes")

    @staticmethod
    async def _refuse(send: Send, status: int, error: str, message: str) -> None:
        start, body = _problem(status, error, message)
        await send(start)
        await send({"type": "http.response.body", "body": body})
