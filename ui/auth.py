"""Who may use the app when it is exposed: one guard for the UI, REST and OpenAI endpoints.

Credentials: a shared token (`HOIDAP_AUTH_TOKEN`, sent as `Authorization: Bearer …` or as the
password of HTTP Basic) and/or a users file of `name:pbkdf2_sha256$iterations$salt$hash` lines
(`hoidap users add NAME`). Browsers ask for Basic credentials themselves, so the same check
covers the chat page, its assets and the APIs. Secrets are never logged.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

ITERATIONS = 200_000
OPEN_PATHS = frozenset({"/healthz"})  # a load balancer's probe carries no credentials


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def _verify(password: str, stored: str) -> bool:
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        found = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(found.hex(), digest)


def read_users(path: Path) -> dict[str, str]:
    users: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not name or not stored.startswith("pbkdf2_sha256$"):
            raise ValueError(f"{path}:{number}: cần dạng `tên:pbkdf2_sha256$…`")
        users[name] = stored
    return users


class Authenticator:
    def __init__(self, token: str | None, users: dict[str, str]) -> None:
        self.token = token or None
        self.users = users

    @property
    def configured(self) -> bool:
        return bool(self.token or self.users)

    def check(self, authorization: str | None) -> bool:
        if not self.configured:
            return True
        if not authorization:
            return False
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer":
            return bool(self.token) and hmac.compare_digest(value.strip(), self.token or "")
        if scheme.lower() != "basic":
            return False
        try:
            name, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        if self.token and hmac.compare_digest(password, self.token):
            return True
        stored = self.users.get(name)
        return stored is not None and _verify(password, stored)

    async def middleware(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path in OPEN_PATHS or self.check(request.headers.get("authorization")):
            return await call_next(request)
        return JSONResponse(
            {"error": "cần đăng nhập (Basic) hoặc mã truy cập (Bearer)"},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="hoidap", charset="UTF-8"'},
        )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
