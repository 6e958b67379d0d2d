"""The server: security headers, the auth guard, the REST + OpenAI API and the chat page on one
FastAPI app (``create_server``), and ``serve``: the auth start-up checks, then uvicorn."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

import gradio as gr
from fastapi import FastAPI

from assistant import Assistant, Library
from ui.api import add_routes
from ui.app import build_app
from ui.assets import CSS, JS
from ui.audit import EXPORT, AuditLog
from ui.auth import (
    MIN_TOKEN_CHARS,
    AuthConfigError,
    Authenticator,
    AuthGuard,
    LocalAdmin,
    SecurityHeaders,
    is_loopback,
    load_authenticator,
)
from ui.config import ServerConfig
from ui.dashboard import Dashboard, QuestionSource
from ui.database import Database
from ui.feedback import FeedbackStore
from ui.history import History
from ui.manage import DocumentManager, Intake


def create_server(
    config: ServerConfig,
    assistant: Assistant,
    library: Library,
    *,
    authenticator: Authenticator | None = None,
    intake: Intake | None = None,
    dashboard: Callable[[QuestionSource], Dashboard] | None = None,
) -> FastAPI:
    """The whole server: security headers, auth guard, REST + OpenAI API, the chat UI at ``/``.

    Once credentials are asked for (a token or a users file) the guard is always installed,
    and it fails closed: a users file without a valid user lets nobody in."""
    auth = authenticator or load_authenticator(config)
    # One app database: history, feedback and the audit log (SQLite, or PostgreSQL).
    database = Database.open(config.data_dir, config.database_url)
    feedback = FeedbackStore(config.data_dir, database)
    audit = AuditLog(database)
    history = History(database, audit, config.audit_question_text)
    if auth is not None:
        auth.on_sign_in = audit.sign_in
    server = FastAPI(title="hoidap", docs_url=None, redoc_url=None, openapi_url=None)
    # Adding and removing documents needs the ingest side, which the composition root hands in.
    manager = DocumentManager(intake, audit, library) if intake else None

    def exported(who: str, what: str) -> None:
        audit.record(who, EXPORT, what, "ok")

    add_routes(
        server,
        assistant,
        library,
        feedback,
        manager,
        config.max_upload_mb,
        on_export=exported,
        history=history,
    )
    if auth is not None:
        server.add_middleware(AuthGuard, authenticator=auth)
    else:  # loopback without credentials: the one local user is an admin
        server.add_middleware(LocalAdmin)
    server.add_middleware(SecurityHeaders)  # outermost: refusals get the headers too
    return gr.mount_gradio_app(
        server,
        build_app(
            assistant,
            library,
            feedback,
            manager,
            on_export=exported,
            history=history,
            # The dashboard reads this process's one database (one engine per SQLite file).
            dashboard=dashboard(history) if dashboard else None,
        ),
        path="/",
        css=CSS,
        js=JS,
    )


def serve(
    config: ServerConfig,
    build: Callable[[], tuple[Assistant, Library]],
    host: str = "127.0.0.1",
    port: int = 7860,
    intake: Callable[[], Intake] | None = None,
    dashboard: Callable[[QuestionSource], Dashboard] | None = None,
) -> int:
    """Checks the auth set-up for ``host``, then builds the assistant (``build``: the
    composition root's; then ``intake``, over the same index, for adding documents) and serves
    until stopped."""
    import uvicorn  # loaded only to serve

    try:
        auth = load_authenticator(config)
    except AuthConfigError as error:
        print(f"Không khởi động được: {error}", file=sys.stderr)
        return 2
    nobody = f"tệp người dùng {config.users_file} không có người dùng hợp lệ nào"
    exposed = not is_loopback(host)
    # The decision uses the authenticator that will be enforced, not which settings are set.
    if exposed and (auth is None or not auth.configured):
        reason = "chưa cấu hình xác thực" if auth is None else f"{nobody} và chưa đặt mã truy cập"
        print(
            f"Từ chối mở {host}:{port}: địa chỉ này cho máy khác truy cập nhưng {reason}. "
            "Cần xác thực: đặt HOIDAP_AUTH_TOKEN hoặc thêm người dùng vào HOIDAP_USERS_FILE "
            "(`hoidap users add TÊN`), hoặc dùng --host 127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    if auth is not None and not auth.configured:
        print(
            f"Cảnh báo: {nobody} và chưa đặt HOIDAP_AUTH_TOKEN, nên không ai đăng nhập được. "
            "Thêm người dùng bằng `hoidap users add TÊN`.",
            file=sys.stderr,
        )
    if config.auth_token and len(config.auth_token) < MIN_TOKEN_CHARS:
        print(
            f"Cảnh báo: HOIDAP_AUTH_TOKEN chỉ có {len(config.auth_token)} ký tự, dễ bị dò. "
            f"Nên dùng mã ngẫu nhiên từ {MIN_TOKEN_CHARS} ký tự trở lên, ví dụ: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(24))'",
            file=sys.stderr,
        )
    if exposed:
        print(
            f"Lưu ý: {host}:{port} phục vụ HTTP thường (không mã hoá): mật khẩu và mã truy cập "
            "đi qua mạng ở dạng đọc được. Hãy đặt máy chủ sau một proxy HTTPS (nginx, Caddy…) "
            "hoặc chỉ dùng trong mạng tin cậy.",
            file=sys.stderr,
        )
    # Gradio's cache and uploads go to a private folder of this app, not the shared /tmp/gradio
    # (which Gradio serves back): set before the app is built.
    if not os.environ.get("GRADIO_TEMP_DIR"):
        private = config.data_dir / "gradio-tmp"
        private.mkdir(mode=0o700, parents=True, exist_ok=True)
        private.chmod(0o700)
        os.environ["GRADIO_TEMP_DIR"] = str(private)
    assistant, library = build()
    app = create_server(
        config,
        assistant,
        library,
        authenticator=auth,
        intake=intake() if intake else None,
        dashboard=dashboard,
    )
    print(f"Hỏi đáp đang chạy tại http://{host}:{port}", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0
