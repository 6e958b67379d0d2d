"""The one error body every route answers with: ``{"error": <Vietnamese message>, "reasons":
[...]}`` — the API's handlers and the auth guard alike."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.responses import JSONResponse


def error_response(
    status: int, error: str, reasons: Iterable[str] = (), headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse({"error": error, "reasons": list(reasons)}, status, headers=headers)
