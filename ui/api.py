"""HTTP API over the assistant: `/api/ask` (the `hoidap ask --json` contract, plus the
``answer_id`` feedback needs), an OpenAI-compatible `/v1/chat/completions` and `/v1/models`,
`/api/feedback`, `/healthz`, `/api/search` (the `hoidap search --json` contract) and
`/api/export` (answers the client sends back, as .docx or Markdown: ``ui.export``). No
answer logic here. Asking and searching take the same filters (``filters``; on the OpenAI
route the extra field ``hoidap_filters``), checked by the request policy, and always narrowed to
the caller's access groups (``ui.auth.for_reader``): no filter a client sends reaches a
document outside them.

One contract on every route: a refusal or failure is ``{"error": <Vietnamese>, "reasons":
[...]}`` with the right status (413 too long, 415 not JSON, 422 invalid, 503 store down, 500
unexpected), never a library's own wording. One request policy (``assistant.limits``) for
both ways of asking.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import shutil
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import fields
from types import SimpleNamespace
from typing import Any, Literal, TypeVar

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant import Answer, Assistant, Library, RequestTooLong, Verified
from assistant.library import DocumentEntry
from assistant.limits import InvalidFilters
from assistant.onboarding import DocumentSummary
from index import SearchFilters, StoreUnavailableError
from index.access import InvalidGroup
from ui.audit import EXPORT
from ui.auth import for_reader, principal_of, reader_groups_of
from ui.errors import error_response
from ui.export import ExportHook, described, export
from ui.feedback import FeedbackStore
from ui.history import History
from ui.manage import DocumentManager, NotAllowed, upload_groups
from ui.pump import END, Failed, pump
from ui.questions import API, OPENAI

MODEL_ID = "hoidap"
# Where an admin's uploads arrive: the API's, and Gradio's for the "Quản lý tài liệu" tab.
UPLOAD_PATHS = frozenset({"/api/documents", "/gradio_api/upload"})
MAX_BODY_BYTES = 1_000_000  # a question with its history is a few KB; refuse floods early
MAX_ANSWER_CHARS = 20_000  # feedback: a served answer is far shorter
MAX_CITATIONS = 20
MAX_COMMENT_CHARS = 5000
MAX_EXPORT_TURNS = 200  # /api/export: a conversation's answers (the body limit holds too)
MAX_PASSAGE_CHARS = 20_000  # a cited passage is one chunk, far shorter
INVALID = "Yêu cầu không hợp lệ"
log = logging.getLogger("hoidap.api")


class ApiError(Exception):
    """A refusal in the API's one error shape."""

    def __init__(self, status: int, error: str, reasons: Iterable[str] = ()) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.reasons = list(reasons)


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413 — declared (Content-Length) or
    streamed (chunked), before they are read whole: memory stays bounded."""

    def __init__(self, app: Any, limit: int, upload_limit: int | None = None) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit  # an admin's document uploads (UPLOAD_PATHS)

    def _limit_for(self, scope: dict[str, Any]) -> int:
        who = principal_of(SimpleNamespace(**scope.get("state", {})))
        upload = scope["path"] in UPLOAD_PATHS and scope["method"] == "POST"
        if self.upload_limit and upload and who is not None and who.is_admin:
            return self.upload_limit
        return self.limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        refused = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > limit:
                    refused = True
                    await self._refuse(scope, receive, send, limit)
                    return {"type": "http.disconnect"}  # the app stops reading here
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if not refused:  # after the 413, whatever the app says about it is dropped
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:
                raise

    async def _refuse(self, scope: dict[str, Any], receive: Any, send: Any, limit: int) -> None:
        shown = f"{limit:,}".replace(",", ".")
        response = error_response(413, f"Yêu cầu lớn quá {shown} byte")
        await response(scope, receive, send)


# -- request bodies ------------------------------------------------------------------------
# Each rule raises PydanticCustomError with Vietnamese text: `reasons` shows it as it is.


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("hoidap_blank", "không được để trống")
    return value


class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant", "system"]
    content: str  # lengths are the request policy's (assistant.limits): 413, not 422


class Filters(BaseModel):
    """What a question or search may be narrowed to (``index.SearchFilters``); values are
    checked by the request policy (``RequestLimits.filters``). ``in_force_only`` left out:
    the server's default (only documents in force)."""

    model_config = ConfigDict(extra="forbid")
    in_force_only: StrictBool | None = None
    doc_types: list[str] = Field(default_factory=list)
    issuers: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    date_from: str = ""
    date_to: str = ""


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    history: list[Turn] = Field(default_factory=list)
    mode: Literal["auto", "llm", "extractive"] | None = None
    filters: Filters | None = None

    _question = field_validator("question")(_not_blank)


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str
    k: int | None = Field(default=None, strict=True, ge=1, le=100)
    mode: Literal["hybrid", "dense", "lexical"] | None = None
    filters: Filters | None = None

    _query = field_validator("query")(_not_blank)


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")  # name, tool_calls…: not ours to honour
    role: Literal["user", "assistant", "system", "developer", "tool"]
    content: str = ""

    @field_validator("content", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        """OpenAI's content: a string, null, or a list of ``{"type": "text", "text": …}``."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, list) and all(
            isinstance(p, dict) and p.get("type") == "text" and isinstance(p.get("text"), str)
            for p in value
        ):
            return "\n".join(p["text"] for p in value)
        raise PydanticCustomError(
            "hoidap_content",
            'chỉ nhận văn bản: một chuỗi, hoặc danh sách {"type": "text", "text": "…"}',
        )


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, top_p…: not ours to honour
    messages: list[ChatMessage] = Field(min_length=1)
    model: str = MODEL_ID
    stream: StrictBool = False
    hoidap_filters: Filters | None = None  # hoidap's own extension of the OpenAI request


class Support(BaseModel):
    start: int = Field(strict=True)
    end: int = Field(strict=True)


class FeedbackCitation(BaseModel):
    model_config = ConfigDict(extra="ignore")  # the passage text etc. is not stored
    n: int | None = Field(default=None, strict=True)
    doc_id: str = Field(default="", max_length=500)
    title: str = Field(default="", max_length=1000)
    chunk_id: str = Field(default="", max_length=500)
    support: Support | None = None


class QuestionLimited(BaseModel):
    """A body part carrying a ``question``: held to the request's question limit (passed as
    validation context ``max_question_chars``), as ``/api/ask`` holds its question."""

    @field_validator("question", check_fields=False)
    @classmethod
    def _question_limit(cls, value: str, info: Any) -> str:
        limit = (info.context or {}).get("max_question_chars")
        if limit is not None and len(value) > limit:
            raise PydanticCustomError(
                "hoidap_too_long",
                "dài quá {limit} ký tự",
                {"limit": f"{limit:,}".replace(",", ".")},
            )
        return value


class FeedbackAnswer(QuestionLimited):
    """The answer being rated, as `/api/ask` returned it (fields not stored are ignored)."""

    model_config = ConfigDict(extra="ignore")
    question: str
    answer: str = Field(default="", max_length=MAX_ANSWER_CHARS)
    abstained: StrictBool = False
    mode: str = Field(default="", max_length=32)
    model: str = Field(default="", max_length=300)
    citations: list[FeedbackCitation] = Field(default_factory=list, max_length=MAX_CITATIONS)
    answer_id: str = Field(max_length=128)


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: FeedbackAnswer
    rating: int
    comment: str = Field(default="", max_length=MAX_COMMENT_CHARS)

    @field_validator("rating", mode="before")
    @classmethod
    def _strict_rating(cls, value: Any) -> int:
        # `true` and `1.0` are not ratings (a bool is an int to Python: check the type itself)
        if type(value) is not int or value not in (1, -1):
            raise PydanticCustomError("hoidap_rating", "phải là 1 (👍) hoặc -1 (👎)")
        return value


class ExportCitation(BaseModel):
    """A citation as the answer's JSON carries it (what an export prints of it)."""

    model_config = ConfigDict(extra="ignore")  # doc_id, chunk_id, legal_path…: not printed
    n: int = Field(strict=True, ge=1, le=1000)
    label: str = Field(default="", max_length=1000)
    title: str = Field(default="", max_length=1000)
    doc_number: str = Field(default="", max_length=200)
    doc_type: str = Field(default="", max_length=200)
    date: str = Field(default="", max_length=64)
    page: int | None = Field(default=None, strict=True)
    status: str = Field(default="", max_length=64)
    replaced_by: str = Field(default="", max_length=1000)
    text: str = Field(default="", max_length=MAX_PASSAGE_CHARS)
    support: Support | None = None


class ExportTurn(QuestionLimited):
    """One answer of the conversation, as `/api/ask` returned it, with ``asked_at`` (ISO)."""

    model_config = ConfigDict(extra="ignore")  # retrieved, timings…: not printed
    question: str
    answer: str = Field(default="", max_length=MAX_ANSWER_CHARS)
    abstained: StrictBool = False
    citations: list[ExportCitation] = Field(default_factory=list, max_length=MAX_CITATIONS)
    asked_at: str = Field(default="", max_length=64)


class ExportRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turns: list[ExportTurn] = Field(min_length=1, max_length=MAX_EXPORT_TURNS)
    format: Literal["docx", "markdown"] = "docx"
    title: str = Field(default="", max_length=300)


# Pydantic's English messages, said in Vietnamese; anything else: "giá trị không hợp lệ".
_MESSAGES = {
    "missing": "bắt buộc phải có",
    "extra_forbidden": "trường này không được nhận",
    "string_type": "phải là chuỗi",
    "string_unicode": "chứa ký tự Unicode không hợp lệ",
    "string_too_short": "không được để trống",
    "string_too_long": "dài quá {max_length} ký tự",
    "too_short": "cần ít nhất {min_length} phần tử",
    "too_long": "nhiều quá {max_length} phần tử",
    "list_type": "phải là danh sách",
    "dict_type": "phải là đối tượng JSON",
    "model_type": "phải là đối tượng JSON",
    "model_attributes_type": "phải là đối tượng JSON",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "literal_error": "phải là một trong: {expected}",
    "recursion_loop": "lồng nhau quá sâu",
}


def _reasons(errors: Iterable[dict[str, Any]]) -> list[str]:
    reasons = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part != "body") or "body"
        kind = error.get("type", "")
        context = error.get("ctx") or {}
        if kind.startswith("hoidap_"):
            message = error.get("msg", "")
        elif kind in _MESSAGES:
            values = {k: str(v).replace(" or ", " hoặc ") for k, v in context.items()}
            try:
                message = _MESSAGES[kind].format(**values)
            except (KeyError, IndexError):
                message = "giá trị không hợp lệ"
        else:
            message = "giá trị không hợp lệ"
        reasons.append(f"{where}: {message}")
    return reasons


_Body = TypeVar("_Body", bound=BaseModel)


def _bad_string(data: Any) -> str | None:
    """Where the first string that is not valid Unicode (a lone surrogate from a ``\\ud800``
    escape) sits in parsed JSON; None if there is none. Iterative: depth costs no stack."""
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        where, value = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return where or "body"
        elif isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{key}" if where else str(key)
                stack.append((path, key))
                stack.append((path, item))
        elif isinstance(value, list):
            stack.extend((f"{where}.{i}" if where else str(i), v) for i, v in enumerate(value))
    return None


async def read_json(
    request: Request, model: type[_Body], context: dict[str, Any] | None = None
) -> _Body:
    """The request body as ``model``, or an ``ApiError`` saying what is wrong with it."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        # A cross-site form sends text/plain or form data without a CORS preflight.
        raise ApiError(415, "Chỉ nhận nội dung JSON (Content-Type: application/json)")
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"body: không phải UTF-8 hợp lệ (byte thứ {exc.start})"
        raise ApiError(422, INVALID, [reason]) from None
    try:
        data = json.loads(text)
    except RecursionError:
        raise ApiError(422, INVALID, ["body: JSON lồng nhau quá sâu"]) from None
    except json.JSONDecodeError as exc:
        reason = f"body: JSON không hợp lệ (dòng {exc.lineno}, cột {exc.colno})"
        raise ApiError(422, INVALID, [reason]) from None
    where = _bad_string(data)
    if where is not None:
        raise ApiError(422, INVALID, [f"{where}: chứa ký tự Unicode không hợp lệ (surrogate)"])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ApiError(422, INVALID, _reasons(exc.errors())) from None
    except RecursionError:
        raise ApiError(422, INVALID, ["body: JSON lồng nhau quá sâu"]) from None


def _checked(assistant: Assistant, question: str, history: list[dict[str, Any]]) -> list[Any]:
    """The request policy: the history to use, or a 413 naming the limit."""
    try:
        return assistant.limits.check(question, history)
    except RequestTooLong as exc:
        raise ApiError(413, str(exc)) from None


def _filters(
    assistant: Assistant, given: Filters | None, field: str, request: Request
) -> SearchFilters | None:
    """The request's filters as the policy checks them (None when it sent none: the engine
    applies the default), or a 422 naming each bad value; narrowed to the caller's access
    groups (``request``'s principal)."""
    groups = reader_groups_of(principal_of(request.state))
    if given is None:
        return for_reader(None, groups, assistant.limits.filters)
    try:
        checked = assistant.limits.filters(**given.model_dump())
    except InvalidFilters as exc:
        raise ApiError(422, INVALID, [f"{field}.{reason}" for reason in exc.reasons]) from None
    return for_reader(checked, groups, assistant.limits.filters)


# -- running the engine ------------------------------------------------------------------

_RUNNING: set[asyncio.Future[Any]] = set()  # asyncio keeps only weak references to tasks


class ClientGone(Exception):
    """The client hung up before its answer was ready; the engine was stopped."""


class EngineRun:
    """``assistant.stream`` in a worker thread, its events handed to the event loop as they
    come. ``stop()`` (the client went away) makes the worker close the engine's iterator at
    its next event: GeneratorExit inside it is how the model is told to stop."""

    def __init__(
        self,
        assistant: Assistant,
        question: str,
        history: list[Any],
        mode: str | None,
        filters: SearchFilters | None = None,
    ) -> None:
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._stop = threading.Event()
        self._args = (assistant, question, history, mode)
        self._filters = filters
        # anyio's thread pool, as the routes' own sync work uses: bounded, shared.
        task = asyncio.ensure_future(anyio.to_thread.run_sync(self._work))
        _RUNNING.add(task)
        task.add_done_callback(_RUNNING.discard)

    def _put(self, item: Any) -> None:
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, item)
        except RuntimeError:  # the loop is gone (server shutting down): nobody reads on
            self._stop.set()

    def _work(self) -> None:
        assistant, question, history, mode = self._args
        # Filters only when the request sent some (None: the engine's default).
        narrowed = {} if self._filters is None else {"filters": self._filters}
        # An engine exception reaches the request, which answers in the contract.
        pump(assistant.stream(question, history, mode, **narrowed), self._put, self._stop)

    def stop(self) -> None:
        self._stop.set()

    async def next(self) -> Any:
        """The next event, ``END`` after the last; re-raises the engine's exception."""
        item = await self._queue.get()
        if isinstance(item, Failed):
            raise item.error
        return item

    async def answer(self, request: Request) -> Answer:
        """The final ``Answer``; stops the engine if the client hangs up meanwhile."""
        answer = None
        try:
            while (event := await self.first(request)) is not END:
                if isinstance(event, Answer):
                    answer = event
        finally:
            self.stop()
        if answer is None:
            raise ClientGone() if self._stop.is_set() else RuntimeError("no Answer came")
        return answer

    async def first(self, request: Request) -> Any:
        """The next event, as ``next()``, watching meanwhile for the client to hang up
        (before a response starts, the server tells nobody else)."""
        watcher = asyncio.ensure_future(self._stop_on_disconnect(request))
        try:
            return await self.next()
        finally:
            watcher.cancel()

    async def _stop_on_disconnect(self, request: Request) -> None:
        # The body is read: the next message the server has for us is the disconnect.
        while (await request.receive())["type"] != "http.disconnect":
            await asyncio.sleep(0.1)  # a wrapper that answers at once must not spin
        self.stop()


# -- routes ------------------------------------------------------------------------------


def citations_block(answer: Answer) -> str:
    """The sources under an answer for clients that show plain text."""
    if not answer.citations:
        return ""
    lines = ["", "", "Nguồn:"]
    for citation in answer.citations:
        hit = citation.hit
        quote = " ".join(hit.text[citation.support_start : citation.support_end].split())
        date = f" ({hit.date})" if hit.date else ""
        # A legal passage: "[1] Điều 5 khoản 2, Thông tư 24/2013/TT-BKHCN — <title>".
        label = citation.label or hit.title
        named = f"{label} — {hit.title}" if label != hit.title else label
        lines.append(f'[{citation.n}] {named}{date}: "{quote}"')
    return "\n".join(lines)


_STATUS_TEXT = {
    404: "Không tìm thấy",
    405: "Phương thức không được hỗ trợ",
    413: "Yêu cầu lớn quá",
    415: "Chỉ nhận nội dung JSON (Content-Type: application/json)",
}


def add_routes(
    app: FastAPI,
    assistant: Assistant,
    library: Library,
    feedback: FeedbackStore,
    manager: DocumentManager | None = None,
    max_upload_mb: float = 0.0,
    on_export: ExportHook | None = None,
    history: History | None = None,
) -> None:
    upload_limit = int(max_upload_mb * 1024 * 1024) if manager else None
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES, upload_limit=upload_limit)
    if manager is not None:
        add_document_routes(app, manager)
    if history is not None:
        add_history_routes(app, history)

    def keeper(request: Request, channel: str) -> Callable[[Answer, str], None]:
        """Keeps an answered question in the asker's history (when the server keeps one)."""
        who = principal_of(request.state)
        started = time.monotonic()

        def keep(answer: Answer, answer_id: str) -> None:
            if history is None:
                return
            latency_ms = (time.monotonic() - started) * 1000
            try:
                name = who.name if who is not None else ""
                history.record(name, channel, None, answer, latency_ms, answer_id=answer_id)
            except Exception:  # the asker still gets the answer
                log.exception("could not keep a question in the history")

        return keep

    @app.exception_handler(ApiError)
    async def refused(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.error, exc.reasons)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(422, INVALID, _reasons(exc.errors()))

    @app.exception_handler(ClientGone)
    async def gone(request: Request, _: ClientGone) -> JSONResponse:
        log.info("%s %s: người dùng đã rời đi, dừng trả lời", request.method, request.url.path)
        return error_response(499, "Người dùng đã rời đi trước khi có câu trả lời")

    @app.exception_handler(RequestTooLong)
    async def too_long(_: Request, exc: RequestTooLong) -> JSONResponse:
        return error_response(413, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        text = _STATUS_TEXT.get(exc.status_code, "Yêu cầu không thực hiện được")
        return error_response(exc.status_code, text, headers=exc.headers)

    @app.exception_handler(StoreUnavailableError)
    async def store_down(request: Request, exc: StoreUnavailableError) -> JSONResponse:
        # A clear, retryable error; the next request reconnects by itself. The cause (a
        # library's words) goes to the log, not to the client.
        log.warning(
            "kho tài liệu không truy cập được (%s %s): %s", request.method, request.url.path, exc
        )
        return error_response(
            503,
            "Kho tài liệu tạm thời không truy cập được; thử lại sau.",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Bad input never gets here (it is refused above with a 4xx); this is a bug: log it.
        log.error(
            "lỗi không lường trước khi xử lý %s %s",
            request.method,
            request.url.path,
            exc_info=exc,
        )
        return error_response(500, "Máy chủ gặp lỗi không lường trước; hãy thử lại sau.")

    @app.get("/healthz", response_model=None)
    def healthz() -> Any:
        try:
            status = library.status()
        except Exception:  # the store is down: say so, with the right status code
            return error_response(503, "Kho tài liệu tạm thời không truy cập được")
        return {"status": "ok", "documents": status.documents, "chunks": status.chunks}

    @app.post("/api/ask")
    async def api_ask(request: Request) -> dict[str, Any]:
        keep = keeper(request, API)
        body = await read_json(request, AskRequest)
        history = [t.model_dump() for t in body.history if t.role != "system"]
        history = _checked(assistant, body.question, history)
        filters = _filters(assistant, body.filters, "filters", request)
        # Answers run in parallel threads; the local model serialises its own generations,
        # so a quoted answer never waits behind a model's.
        run = EngineRun(assistant, body.question, history, body.mode, filters)
        answer = await run.answer(request)
        data = answer.to_json()
        data["answer_id"] = feedback.sign(data)  # what /api/feedback takes back
        await anyio.to_thread.run_sync(keep, answer, data["answer_id"])
        return data

    @app.post("/api/search")
    async def api_search(request: Request) -> dict[str, Any]:
        body = await read_json(request, SearchRequest)
        _checked(assistant, body.query, [])
        filters = _filters(assistant, body.filters, "filters", request)
        filters = filters or assistant.limits.filters()
        mode = None if body.mode == "hybrid" else body.mode
        hits = await anyio.to_thread.run_sync(
            lambda: library.search(body.query, body.k, mode, filters)
        )
        return {"query": body.query, "hits": hits}

    @app.post("/api/feedback")
    async def api_feedback(request: Request) -> dict[str, Any]:
        context = {"max_question_chars": assistant.limits.max_question_chars}
        body = await read_json(request, FeedbackRequest, context)
        rated = body.answer.model_dump()
        if not feedback.verify(rated, body.answer.answer_id):
            raise ApiError(
                422,
                INVALID,
                [
                    "answer.answer_id: không khớp với câu trả lời; chỉ đánh giá được câu trả "
                    "lời do máy chủ này đưa ra, gửi lại nguyên vẹn"
                ],
            )
        # The rater's own question record of this answer takes the rating too.
        who = principal_of(request.state)
        user = who.name if who is not None else ""
        added = await anyio.to_thread.run_sync(
            lambda: feedback.add(rated, body.rating, body.comment, user=user)
        )
        return {"id": added}

    @app.post("/api/export", response_model=None)
    async def api_export(request: Request) -> Response:
        """Answers sent back by the client (``turns``) as a .docx or Markdown file."""
        context = {"max_question_chars": assistant.limits.max_question_chars}
        body = await read_json(request, ExportRequest, context)
        turns = [turn.model_dump() for turn in body.turns]
        made = await anyio.to_thread.run_sync(lambda: export(turns, body.format, body.title))
        if on_export is not None:
            who = principal_of(request.state)
            what = described(turns, body.format, len(turns) > 1)
            await anyio.to_thread.run_sync(lambda: on_export(who.name if who else "?", what))
        headers = {"Content-Disposition": made.content_disposition}
        return Response(made.content, media_type=made.media_type, headers=headers)

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "owned_by": "hoidap"}],
        }

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: Request) -> Any:
        keep = keeper(request, OPENAI)
        body = await read_json(request, ChatRequest)
        turns = [
            (i, m) for i, m in enumerate(body.messages) if m.role in ("user", "assistant")
        ]  # system/developer prompts and tool results are not ours to follow
        if not turns or turns[-1][1].role != "user":
            raise ApiError(
                422, INVALID, ["messages: tin nhắn cuối phải là của người dùng (role=user)"]
            )
        last, asked = turns[-1]
        if not asked.content.strip():
            raise ApiError(422, INVALID, [f"messages.{last}.content: không được để trống"])
        history = _checked(
            assistant,
            asked.content,
            [{"role": m.role, "content": m.content} for _, m in turns[:-1]],
        )
        filters = _filters(assistant, body.hoidap_filters, "hoidap_filters", request)
        run = EngineRun(assistant, asked.content, history, None, filters)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        if not body.stream:
            answer = await run.answer(request)
            data = answer.to_json()
            data["answer_id"] = feedback.sign(data)
            await anyio.to_thread.run_sync(keep, answer, data["answer_id"])
            return {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_ID,
                "choices": [
                    {
                        "index": 0,
                        "message": {
                            "role": "assistant",
                            "content": answer.answer + citations_block(answer),
                        },
                        "finish_reason": "stop",
                    }
                ],
                "hoidap": data,
            }
        try:
            # Retrieval runs before the first event: a store that is down still gets its
            # 503 (and a crash its 500) before the stream's 200 is sent.
            first = await run.first(request)
        except BaseException:
            run.stop()
            raise
        if first is END:
            raise ClientGone()
        return StreamingResponse(
            _sse(run, first, completion_id, created, lambda a: keep(a, feedback.sign(a))),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )


async def _sse(
    run: EngineRun,
    first: Any,
    completion_id: str,
    created: int,
    keep: Callable[[Answer], None] | None = None,
) -> AsyncIterator[str]:
    """OpenAI stream chunks: each verified sentence as soon as the engine has checked it (raw
    model tokens are never sent: they may still be replaced), else the final answer's text;
    then the sources, ``stop`` and ``[DONE]``. Closed early (the client left): the engine
    is stopped."""

    def chunk(delta: dict[str, str], finish: str | None = None) -> str:
        data = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    try:
        yield chunk({"role": "assistant"})
        answer: Answer | None = None
        sent_any = False
        event = first
        while event is not END:
            if isinstance(event, Verified):
                yield chunk({"content": (" " if sent_any else "") + event.text})
                sent_any = True
            elif isinstance(event, Answer):
                answer = event
            event = await run.next()
        if answer is None:
            raise RuntimeError("the engine ended without an answer")
        if not sent_any and answer.answer:
            yield chunk({"content": answer.answer})
        sources = citations_block(answer)
        if sources:
            yield chunk({"content": sources})
        yield chunk({}, "stop")
        yield "data: [DONE]\n\n"
        if keep is not None:
            await anyio.to_thread.run_sync(keep, answer)
    except Exception as exc:
        # The 200 is sent: say it in the stream, in the same shape as every other error.
        if isinstance(exc, StoreUnavailableError):
            error = "Kho tài liệu tạm thời không truy cập được; thử lại sau."
            log.warning("kho tài liệu không truy cập được giữa chừng: %s", exc)
        else:
            error = "Máy chủ gặp lỗi không lường trước; hãy thử lại sau."
            log.error("lỗi không lường trước trong /v1/chat/completions", exc_info=exc)
        yield f"data: {json.dumps({'error': error, 'reasons': []}, ensure_ascii=False)}\n\n"
        yield "data: [DONE]\n\n"
    finally:
        run.stop()


# -- documents: list for everyone, add and remove for admins ----------------------------------


def _admin(request: Request, manager: DocumentManager, action: str, target: str) -> Any:
    """The caller when an admin; else 403 (and the attempt is in the audit log)."""
    who = principal_of(request.state)
    try:
        return manager.require_admin(who, action, target)
    except NotAllowed as exc:
        raise ApiError(403, str(exc)) from None


_SUMMARY = {f.name for f in fields(DocumentSummary)}
_LISTED = (
    "doc_id",
    "title",
    "date",
    "chunks",
    *(f.name for f in fields(DocumentEntry) if f.name not in _SUMMARY),
)


def _listed(document: DocumentSummary) -> dict[str, Any]:
    """A document as ``/api/documents`` lists it."""
    return {name: getattr(document, name, "") for name in _LISTED}


def add_document_routes(app: FastAPI, manager: DocumentManager) -> None:
    @app.get("/api/documents")
    def list_documents(request: Request) -> dict[str, Any]:
        # A legal document's header and validity too ("" for other documents); only those
        # the caller may read (an admin: all, with their groups).
        groups = reader_groups_of(principal_of(request.state))
        return {"documents": [_listed(d) for d in manager.library.documents(groups)]}

    @app.post("/api/documents", response_model=None)
    async def upload_documents(request: Request) -> Any:
        # The role is checked before the body is read: a non-admin's upload is never parsed.
        _admin(request, manager, "upload", "")
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type != "multipart/form-data":
            raise ApiError(415, "Chỉ nhận tệp gửi dạng multipart/form-data (trường `files`)")
        staging = manager.intake.staging()
        try:
            try:
                form = await request.form(max_files=1000, max_fields=10)
            except Exception:  # a malformed multipart body is the client's, not a 500
                raise ApiError(422, INVALID, ["body: multipart/form-data không hợp lệ"]) from None
            uploads: list[tuple[str, Any]] = []
            group_text = form.get("groups")
            try:
                groups = upload_groups(group_text if isinstance(group_text, str) else None)
            except InvalidGroup as exc:
                raise ApiError(422, INVALID, [f"groups: {exc}"]) from None
            for number, (_, value) in enumerate(form.multi_items()):
                if isinstance(value, str) or not value.filename:
                    continue
                # Spooled to a name of ours inside the data dir; the client's name is only
                # handed on, to be sanitised.
                target = staging / str(number)
                with target.open("wb") as out:
                    while chunk := await value.read(1024 * 1024):
                        out.write(chunk)
                uploads.append((value.filename, target))
            await form.close()
            if not uploads:
                raise ApiError(422, INVALID, ["files: không có tệp nào"])
            who = principal_of(request.state)
            report = await anyio.to_thread.run_sync(lambda: manager.add(who, uploads, None, groups))
        finally:
            await anyio.to_thread.run_sync(lambda: shutil.rmtree(staging, ignore_errors=True))
        if not (report["added"] or report["updated"] or report["unchanged"]):
            reasons = [f"{f['path']}: {f['reason']}" for f in report["failed"]]
            body = {"error": "Không nạp được tệp nào", "reasons": reasons, "report": report}
            return JSONResponse(body, 422)
        return report

    @app.delete("/api/documents/{doc_id}")
    async def remove_document(request: Request, doc_id: str) -> dict[str, Any]:
        _admin(request, manager, "remove", doc_id)
        who = principal_of(request.state)
        removed = await anyio.to_thread.run_sync(lambda: manager.remove(who, doc_id))
        if removed is None:
            raise ApiError(404, f"Không có tài liệu {doc_id}")
        return {"removed": removed}


# -- the asker's own conversations, and the audit log for admins ----------------------------


class TitleRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(max_length=200)

    _title = field_validator("title")(_not_blank)


def _asker(request: Request) -> str:
    who = principal_of(request.state)
    if who is None:
        raise ApiError(403, "Không xác định được người dùng")
    return who.name


def add_history_routes(app: FastAPI, history: History) -> None:
    """``/api/conversations``: the caller's own conversations of the chat page (another
    user's id is 404, as one that does not exist), and ``/api/audit.csv`` for admins."""
    missing = "Không có cuộc trò chuyện này"

    @app.get("/api/conversations")
    async def list_conversations(request: Request) -> dict[str, Any]:
        user = _asker(request)
        found = await anyio.to_thread.run_sync(history.conversations, user)
        return {"conversations": [c.to_json() for c in found]}

    @app.get("/api/conversations/{conversation_id}")
    async def get_conversation(request: Request, conversation_id: str) -> dict[str, Any]:
        user = _asker(request)
        found = await anyio.to_thread.run_sync(history.conversation, user, conversation_id)
        if found is None:
            raise ApiError(404, missing)
        conversation, turns = found
        return {**conversation.to_json(), "turns": turns}

    @app.patch("/api/conversations/{conversation_id}")
    async def rename_conversation(request: Request, conversation_id: str) -> dict[str, Any]:
        user = _asker(request)
        body = await read_json(request, TitleRequest)
        renamed = await anyio.to_thread.run_sync(history.rename, user, conversation_id, body.title)
        if not renamed:
            raise ApiError(404, missing)
        return {"id": conversation_id, "title": " ".join(body.title.split())}

    @app.delete("/api/conversations/{conversation_id}")
    async def delete_conversation(request: Request, conversation_id: str) -> dict[str, Any]:
        user = _asker(request)
        if not await anyio.to_thread.run_sync(history.delete, user, conversation_id):
            raise ApiError(404, missing)
        return {"deleted": conversation_id}

    @app.get("/api/audit.csv", response_model=None)
    async def audit_csv(request: Request) -> Any:
        who = principal_of(request.state)
        if who is None or not who.is_admin:
            name = who.name if who is not None else "?"
            await anyio.to_thread.run_sync(
                history.audit.record, name, EXPORT, "audit.csv", "forbidden"
            )
            raise ApiError(403, "Chỉ quản trị viên mới được xuất nhật ký kiểm toán")
        out = io.StringIO()
        await anyio.to_thread.run_sync(history.audit.export_csv, out, who.name)
        return Response(
            out.getvalue().encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="audit.csv"'},
        )
