"""Who may use the app when it is exposed: one guard for the UI, REST and OpenAI endpoints.

Credentials: a shared token (`HOIDAP_AUTH_TOKEN`, sent as `Authorization: Bearer …` or as the
password of HTTP Basic, which is how a browser sends it) and/or a users file of
`name:pbkdf2_sha256$iterations$salt$hash[:role=admin][:groups=a,b]` lines (`hoidap users add
NAME`). Each principal carries its access groups (``index.access``): what it may read. Browsers
ask for Basic credentials themselves, so the same check covers the chat page, its assets, the
APIs and any WebSocket. Secrets are never logged.

The guard fails closed: once credentials are asked for (a token or a users file), a request
without valid ones is refused, even when the users file holds no user. Password hashes are
checked in worker threads, a few at a time, so a flood of wrong passwords cannot stall the event
loop; a verified header is remembered briefly so a browser does not pay one PBKDF2 per asset; an
unknown user name costs the same hash as a known one (no user-name oracle); and repeated failures
from one address or for one user name are answered 429 without hashing.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import math
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import replace as _replace
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
import anyio.to_thread
from starlette.datastructures import MutableHeaders

from ui.config import ServerConfig
from ui.errors import error_response

if TYPE_CHECKING:  # `index` loads the store: `hoidap users` must not wait for it
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from index import SearchFilters

ITERATIONS = 200_000
OPEN_PATHS = frozenset({"/healthz"})  # a load balancer's probe carries no credentials
MIN_TOKEN_CHARS = 16
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",  # no clickjacking with a browser's cached Basic credentials
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # Only framing is restricted: Gradio's page needs its inline scripts and styles.
    "Content-Security-Policy": "frame-ancestors 'none'",
}
_CHALLENGE = {"WWW-Authenticate": 'Basic realm="hoidap", charset="UTF-8"'}
_MAX_HEADER_BYTES = 4096  # a longer Authorization value is malformed, not hashed
# Basic credentials come with every request; one counts as a sign-in when its user made no
# request for this long (a browser's first request of the day, say).
SIGN_IN_GAP_S = 30 * 60
# (user name, client address, succeeded): told of each sign-in and each refused password.
SignInCallback = Callable[[str, str, bool], None]


ADMIN = "admin"
USER = "user"
EVALUATOR = "evaluator"  # sees the dashboard ("Thống kê"), reads only their groups' documents
ROLES = (USER, ADMIN, EVALUATOR)
# The ASGI scope's state key under which the guard leaves who is asking (a ``Principal``).
PRINCIPAL_KEY = "hoidap_principal"


@dataclass(frozen=True)
class Principal:
    """Who a request comes from, as the guard established it."""

    name: str
    role: str = USER
    groups: tuple[str, ...] = ()  # access groups (``index.access``); admins see all anyway

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def sees_dashboard(self) -> bool:
        return self.role in (ADMIN, EVALUATOR)

    @property
    def reader_groups(self) -> tuple[str, ...] | None:
        """What ``SearchFilters.groups`` gets for this principal: None (all) for an admin."""
        return None if self.is_admin else self.groups


# Loopback without credentials: the one person at this machine, who may manage documents.
LOCAL_ADMIN = Principal("máy này", ADMIN)


def reader_groups_of(who: Principal | None) -> tuple[str, ...] | None:
    """The access groups a request reads with: the principal's (None, all, for an admin); None
    too when no guard ran (routes mounted without ``create_server``, as tests do: a server
    always has a guard, and without one there are no readers to tell apart)."""
    return None if who is None else who.reader_groups


def for_reader(
    filters: SearchFilters | None,
    groups: tuple[str, ...] | None,
    default: Callable[[], SearchFilters],
) -> SearchFilters | None:
    """A request's filters narrowed to what a reader in ``groups`` may read: the groups are
    the reader's, whatever the request said, so a client's filter never widens them. For a
    reader who sees everything the filters are left as they are (None: the engine's default);
    else a request without filters gets ``default()`` (the policy's) with the groups."""
    if groups is None:  # ``index.access.ALL_GROUPS``
        return filters
    return _replace(filters if filters is not None else default(), groups=tuple(groups))


@dataclass(frozen=True)
class Account:
    """One line of the users file: ``name:pbkdf2_sha256$…[:role=admin][:groups=a,b]``; an
    older ``name:hash`` line is a plain user in no group (reads the documents for everyone)."""

    stored: str
    role: str = USER
    groups: tuple[str, ...] = ()


class AuthConfigError(ValueError):
    """The users file cannot be read or has a malformed line (message in Vietnamese)."""


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations).hex()
    return f"pbkdf2_sha256${iterations}${salt}${digest}"


def _verify(password: bytes, stored: str) -> bool:
    """PBKDF2 of the UTF-8 bytes the client sent against a stored hash (runs in a thread)."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        found = hashlib.pbkdf2_hmac("sha256", password, salt.encode(), int(iterations))
    except ValueError:
        return False
    return hmac.compare_digest(found.hex().encode(), digest.encode())


def read_users(path: Path) -> dict[str, str]:
    """Each user's password hash (see ``read_accounts`` for the roles)."""
    return {name: account.stored for name, account in read_accounts(path).items()}


def _account(fields: list[str], where: str) -> Account:
    role = USER
    groups: tuple[str, ...] = ()
    for extra in fields[1:]:
        key, sep, value = extra.partition("=")
        if key == "role" and sep and value in ROLES:
            role = value
        elif key == "groups" and sep:
            from index.access import InvalidGroup, parse_groups

            try:
                groups = parse_groups(value)
            except InvalidGroup as error:
                raise AuthConfigError(f"{where}: {error}") from None
        else:
            raise AuthConfigError(
                f"{where}: trường `{extra[:40]}` không hợp lệ (chỉ có "
                f"role={'|'.join(ROLES)} và groups=nhóm-1,nhóm-2)"
            )
    return Account(fields[0], role, groups)


def read_accounts(path: Path) -> dict[str, Account]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AuthConfigError(f"không đọc được tệp người dùng {path}: {error}") from error
    users: dict[str, Account] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, stored = line.partition(":")
        if not sep or not name or not stored.startswith("pbkdf2_sha256$"):
            raise AuthConfigError(f"{path}:{number}: cần dạng `tên:pbkdf2_sha256$…`")
        # The hash holds no ":" (``$``-separated), so what follows it are extra fields.
        users[name] = _account(stored.split(":"), f"{path}:{number}")
    return users


def load_authenticator(config: ServerConfig) -> Authenticator | None:
    """The authenticator the server will enforce, or None when no credentials were asked for
    (neither a token nor a users file). Raises AuthConfigError for an unreadable users file."""
    if not config.auth_token and not config.users_file:
        return None
    accounts = read_accounts(config.users_file) if config.users_file else {}
    return Authenticator(
        config.auth_token,
        {name: account.stored for name, account in accounts.items()},
        roles={name: account.role for name, account in accounts.items()},
        token_role=ADMIN if config.token_is_admin else USER,
        groups={name: account.groups for name, account in accounts.items() if account.groups},
        token_groups=config.token_groups,
    )


@dataclass(frozen=True)
class Credentials:
    scheme: str  # "bearer" or "basic"
    name: str  # the Basic user name ("" for Bearer)
    secret: bytes  # the token or password, as the client's bytes


def parse_authorization(value: bytes) -> Credentials | None:
    """An Authorization header value → credentials, or None when it is malformed. Works on the
    raw bytes: a non-ASCII or non-UTF-8 value is just a wrong credential, never an error."""
    if len(value) > _MAX_HEADER_BYTES:
        return None
    scheme, _, rest = value.strip().partition(b" ")
    rest = rest.strip()
    if not rest:
        return None
    if scheme.lower() == b"bearer":
        return Credentials("bearer", "", rest)
    if scheme.lower() != b"basic":
        return None
    try:
        name, colon, password = base64.b64decode(rest, validate=True).partition(b":")
        if not colon:
            return None
        return Credentials("basic", name.decode("utf-8"), password)
    except (binascii.Error, UnicodeDecodeError):
        return None


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after_s: int = 0  # > 0: refused because of too many failures (429)
    principal: Principal | None = None  # who, when allowed


_DENY = Verdict(False)


class Authenticator:
    def __init__(
        self,
        token: str | None,
        users: dict[str, str],
        *,
        failures_per_address: int = 20,
        failures_per_user: int = 10,
        failure_window_s: float = 60.0,
        cache_ttl_s: float = 60.0,
        hash_slots: int = 2,
        roles: dict[str, str] | None = None,
        token_role: str = USER,
        groups: dict[str, tuple[str, ...]] | None = None,
        token_groups: tuple[str, ...] = (),
    ) -> None:
        self.token = token or None
        self.users = users
        self.roles = roles or {}
        self.groups = groups or {}  # each user's access groups (``index.access``)
        # The token is shared by scripts and people alike: not an admin unless configured.
        self._token_principal = Principal("mã truy cập", token_role, tuple(token_groups))
        self._token = token.encode() if token else None
        # Unknown users are checked against this, so they cost one PBKDF2 like known ones.
        self._dummy = hash_password(secrets.token_urlsafe(16))
        self._cache_key = secrets.token_bytes(32)  # per process: the cache holds no secret
        self._verified: OrderedDict[bytes, tuple[float, Principal]] = OrderedDict()
        self._failures: dict[str, deque[float]] = {}
        self._limits = {"addr": failures_per_address, "user": failures_per_user}
        self._window_s = failure_window_s
        self._cache_ttl_s = cache_ttl_s
        self._hash_slots = hash_slots
        self._hashing: anyio.Semaphore | None = None  # made on the server's event loop
        # Told (in a worker thread) of sign-ins and refused passwords: the server's audit log.
        self.on_sign_in: SignInCallback | None = None
        self._last_seen: dict[str, float] = {}

    @property
    def configured(self) -> bool:
        """Whether anyone can log in at all (a token, or at least one user)."""
        return bool(self.token or self.users)

    def _is_token(self, secret: bytes) -> bool:
        # Bytes, not str: compare_digest refuses non-ASCII strings (it raised → 500).
        return self._token is not None and hmac.compare_digest(secret, self._token)

    async def authenticate(self, header: bytes | None, client: str) -> Verdict:
        credentials = parse_authorization(header) if header else None
        if credentials is None:
            return _DENY
        if self._is_token(credentials.secret):
            # Bearer, or Basic with the token as password (any user name)
            await self._seen(self._token_principal.name, client)
            return Verdict(True, principal=self._token_principal)
        if credentials.scheme == "bearer" or not self.users:
            return _DENY
        assert header is not None
        key = hmac.new(self._cache_key, header, hashlib.sha256).digest()
        now = time.monotonic()
        expires, known = self._verified.get(key, (0.0, None))
        if known is not None and expires > now:
            await self._seen(known.name, client)
            return Verdict(True, principal=known)
        keys = (f"addr:{client}", f"user:{credentials.name}")
        if wait := self._backoff(keys, now):
            return Verdict(False, wait)
        if self._hashing is None:
            self._hashing = anyio.Semaphore(self._hash_slots)
        async with self._hashing:
            # Checked again: requests that queued for a slot may since have hit the limit.
            if wait := self._backoff(keys, time.monotonic()):
                return Verdict(False, wait)
            stored = self.users.get(credentials.name)
            matches = await anyio.to_thread.run_sync(
                _verify, credentials.secret, stored or self._dummy
            )
        if matches and stored is not None:
            principal = Principal(
                credentials.name,
                self.roles.get(credentials.name, USER),
                self.groups.get(credentials.name, ()),
            )
            self._remember(key, principal)
            await self._seen(principal.name, client)
            return Verdict(True, principal=principal)
        self._fail(keys)
        await self._tell(credentials.name, client, False)  # rate-limited above: bounded
        return _DENY

    async def _seen(self, name: str, client: str) -> None:
        """An allowed request of ``name``: a sign-in when they made none for a while."""
        now = time.monotonic()
        last = self._last_seen.get(name)
        self._last_seen[name] = now  # names of known users (and the token): a bounded table
        if last is None or now - last > SIGN_IN_GAP_S:
            await self._tell(name, client, True)

    async def _tell(self, name: str, client: str, succeeded: bool) -> None:
        if self.on_sign_in is not None:
            await anyio.to_thread.run_sync(self.on_sign_in, name, client, succeeded)

    def _remember(self, key: bytes, principal: Principal) -> None:
        self._verified[key] = (time.monotonic() + self._cache_ttl_s, principal)
        self._verified.move_to_end(key)
        while len(self._verified) > 4096:
            self._verified.popitem(last=False)

    def _backoff(self, keys: tuple[str, ...], now: float) -> int:
        """Seconds until one more hashed attempt is allowed for these keys (0: allowed now)."""
        wait = 0.0
        for key in keys:
            times = self._failures.get(key)
            if not times:
                continue
            while times and times[0] <= now - self._window_s:
                times.popleft()
            limit = self._limits[key.partition(":")[0]]
            if len(times) >= limit:
                wait = max(wait, times[len(times) - limit] + self._window_s - now)
        return math.ceil(wait) if wait > 0 else 0

    def _fail(self, keys: tuple[str, ...]) -> None:
        now = time.monotonic()
        for key in keys:
            self._failures.setdefault(key, deque()).append(now)
        if len(self._failures) > 10_000:  # attacker-chosen names: keep the table bounded
            for key in [k for k, v in self._failures.items() if v[-1] <= now - self._window_s]:
                del self._failures[key]
            while len(self._failures) > 10_000:
                del self._failures[next(iter(self._failures))]


class AuthGuard:
    """Pure ASGI middleware: every `http` request (but `/healthz`) and every `websocket`
    handshake needs credentials. (Starlette's BaseHTTPMiddleware sees HTTP only.)"""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket") or (kind == "http" and scope["path"] in OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        client = scope["client"][0] if scope.get("client") else ""
        verdict = await self.authenticator.authenticate(header, client)
        if verdict.allowed:
            scope.setdefault("state", {})[PRINCIPAL_KEY] = verdict.principal
            await self.app(scope, receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # before accept: HTTP 403
        elif verdict.retry_after_s:
            await error_response(
                429,
                f"đăng nhập sai quá nhiều lần; thử lại sau {verdict.retry_after_s} giây",
                headers={"Retry-After": str(verdict.retry_after_s)},
            )(scope, receive, send)
        else:
            await error_response(
                401, "cần đăng nhập (Basic) hoặc mã truy cập (Bearer)", headers=_CHALLENGE
            )(scope, receive, send)


class LocalAdmin:
    """Pure ASGI middleware for a server without credentials (loopback only): every request
    is the local user's, who is an admin."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            scope.setdefault("state", {})[PRINCIPAL_KEY] = LOCAL_ADMIN
        await self.app(scope, receive, send)


def principal_of(state: object) -> Principal | None:
    """Who the guard let in, from a request's ``state`` (Starlette's or Gradio's); None when
    no guard ran."""
    found = getattr(state, PRINCIPAL_KEY, None)
    return found if isinstance(found, Principal) else None


def principal_of_request(request: object | None) -> Principal | None:
    """Who the guard let in, from a Gradio event's ``gr.Request`` (None: no request, or no
    guard ran)."""
    return principal_of(getattr(request, "state", None)) if request is not None else None


class SecurityHeaders:
    """Pure ASGI middleware adding SECURITY_HEADERS to every HTTP response (401s included)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_hardened)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
