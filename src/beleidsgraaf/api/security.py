"""Safety rules shared by the SPARQL endpoint and the graph store: write token, body limit, CORS, uploads.

- Writes need ``Authorization: Bearer <token>`` matching ``BELEIDSGRAAF_WRITE_TOKEN`` (compared in constant
  time); without a configured token the endpoint is read-only. Missing token → 401, wrong token → 403.
- A request body larger than ``BELEIDSGRAAF_MAX_BODY_BYTES`` is refused with 413, before it is read completely.
- CORS: reads may be made from the configured origins (default any), never with credentials; writes get no CORS
  headers, and a pre-flight that asks to send ``Authorization`` is refused, so a web page elsewhere can never
  write.
- Uploaded RDF/XML with a DOCTYPE or ENTITY declaration and JSON-LD with a remote ``@context`` are refused.
"""

from __future__ import annotations

import hmac
import json
import re
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from beleidsgraaf.settings import Settings


class HTTPProblem(Exception):
    """An HTTP error with a status, a short code and a bilingual message (turned into a JSON response)."""

    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None,
                 **extra: object) -> None:
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers or {}
        self.extra = extra
        super().__init__(message)

    def response(self) -> JSONResponse:
        """The JSON response for this problem."""
        return JSONResponse({"error": self.error, "message": self.message, **self.extra}, status_code=self.status,
                            headers=self.headers)


def settings_of(request: Request) -> Settings:
    """The settings of the running app."""
    settings: Settings = request.app.state.settings
    return settings


def require_write(request: Request, settings: Settings) -> None:
    """Allow a write only with the configured bearer token.

    Raises:
        HTTPProblem: 403 when the endpoint is read-only or the token is wrong, 401 when no token was sent.

    """
    if settings.write_token is None or not settings.write_token.get_secret_value():
        raise HTTPProblem(403, "read_only", "this endpoint is read-only: no write token is configured "
                          "(BELEIDSGRAAF_WRITE_TOKEN) / dit endpoint is alleen-lezen")
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPProblem(401, "unauthorized", "a write needs 'Authorization: Bearer <token>' / schrijven vraagt "
                          "om een token", headers={"WWW-Authenticate": 'Bearer realm="beleidsgraaf"'})
    expected = settings.write_token.get_secret_value().encode("utf-8")
    if not hmac.compare_digest(token.strip().encode("utf-8"), expected):
        raise HTTPProblem(403, "forbidden", "the write token is not valid / het token is ongeldig")


async def read_body(request: Request, settings: Settings) -> bytes:
    """Read the request body, refusing it as soon as it passes the configured maximum.

    Raises:
        HTTPProblem: 413 when the body is larger than ``max_body_bytes``.

    """
    limit = settings.max_body_bytes

    def too_large() -> HTTPProblem:
        return HTTPProblem(413, "body_too_large", f"the request body is larger than {limit} bytes "
                           f"(BELEIDSGRAAF_MAX_BODY_BYTES) / de body is groter dan {limit} bytes")

    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise too_large()
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large()
        chunks.append(chunk)
    return b"".join(chunks)


def content_type(request: Request) -> tuple[str, dict[str, str]]:
    """The media type of the request body (lower case, without parameters) and its parameters."""
    header = request.headers.get("content-type", "")
    media, *params = [p.strip() for p in header.split(";")]
    parsed: dict[str, str] = {}
    for param in params:
        key, _, value = param.partition("=")
        parsed[key.strip().lower()] = value.strip().strip('"')
    return media.lower(), parsed


def cors_read_headers(request: Request, settings: Settings) -> dict[str, str]:
    """CORS headers for a read response: the allowed origin (never with credentials), else none."""
    origin = request.headers.get("origin")
    if not origin:
        return {}
    allowed = settings.cors_origins
    if "*" in allowed:
        return {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": _EXPOSE}
    if origin in allowed:
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin", "Access-Control-Expose-Headers": _EXPOSE}
    return {}


_EXPOSE = "X-Result-Truncated, X-Result-Limit, X-Result-Streamed, Warning"


def preflight(request: Request, settings: Settings, methods: str) -> Response:
    """Answer a CORS pre-flight: reads from allowed origins only; asking to send credentials is refused."""
    headers = cors_read_headers(request, settings)
    asked = {h.strip().lower() for h in request.headers.get("access-control-request-headers", "").split(",")}
    if not headers or "authorization" in asked or "cookie" in asked:
        return Response(status_code=204)
    headers.update({"Access-Control-Allow-Methods": methods,
                    "Access-Control-Allow-Headers": "Content-Type, Accept",
                    "Access-Control-Max-Age": "600"})
    return Response(status_code=204, headers=headers)


_XML_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def check_upload(data: bytes, fmt: str) -> None:
    """Refuse uploads that could make the parser expand entities or fetch documents.

    Raises:
        HTTPProblem: 400 for RDF/XML with a DOCTYPE/ENTITY declaration or JSON-LD with a remote ``@context``.

    """
    if fmt == "rdfxml" and _XML_DECL.search(data):
        raise HTTPProblem(400, "forbidden_xml", "RDF/XML with a DOCTYPE or ENTITY declaration is not accepted "
                          "(entity expansion) / RDF/XML met DOCTYPE of ENTITY wordt geweigerd")
    if fmt == "jsonld":
        try:
            doc = json.loads(data)
        except ValueError as exc:
            raise HTTPProblem(400, "invalid_body", f"body: not valid JSON: {exc}") from exc
        remote = _remote_context(doc)
        if remote:
            raise HTTPProblem(400, "forbidden_context", f"JSON-LD with a remote @context ({remote}) is not accepted:"
                              " inline the context / JSON-LD met een externe @context wordt geweigerd")


def _remote_context(node: Any) -> str | None:
    """The first remote context reference (a string ``@context`` or ``@import``) anywhere in a JSON-LD document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                for ctx in value if isinstance(value, list) else [value]:
                    if isinstance(ctx, str):
                        return ctx
                    found = _remote_context(ctx)
                    if found:
                        return found
            elif key == "@import" and isinstance(value, str):
                return value
            else:
                found = _remote_context(value)
                if found:
                    return found
    elif isinstance(node, list):
        for item in node:
            found = _remote_context(item)
            if found:
                return found
    return None
