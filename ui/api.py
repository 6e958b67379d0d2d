"""HTTP API over the assistant: `/api/ask` (the `hoidap ask --json` contract), an
OpenAI-compatible `/v1/chat/completions`, `/api/feedback`, `/healthz`. No answer logic here."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any, Literal

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant import Answer, Assistant, FeedbackStore
from hoidap.settings import Settings
from index import StoreUnavailableError

MODEL_ID = "hoidap"
MAX_BODY_BYTES = 1_000_000  # a question with its history is a few KB; refuse floods early


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413 — declared (Content-Length) or
    streamed (chunked), before they are read whole: memory stays bounded."""

    def __init__(self, app: Any, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        received = 0
        refused = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal received, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                received += len(message.get("body", b""))
                if received > self.limit:
                    refused = True
                    await self._refuse(scope, receive, send)
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

    async def _refuse(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        response = JSONResponse({"error": f"yêu cầu lớn quá {self.limit} byte"}, 413)
        await response(scope, receive, send)


class Turn(BaseModel):
    model_config = ConfigDict(extra="ignore")
    role: Literal["user", "assistant", "system"]
    content: str = Field(max_length=20_000)


class AskRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1)
    history: list[Turn] = Field(default_factory=list)
    mode: Literal["auto", "llm", "extractive"] | None = None


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answer: dict[str, Any]
    rating: Literal[1, -1]
    comment: str = Field(default="", max_length=5000)


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")  # temperature, top_p…: not ours to honour
    messages: list[Turn] = Field(min_length=1)
    model: str = MODEL_ID
    stream: bool = False


def citations_block(answer: Answer) -> str:
    """The sources under an answer for clients that show plain text."""
    if not answer.citations:
        return ""
    lines = ["", "", "Nguồn:"]
    for citation in answer.citations:
        hit = citation.hit
        quote = " ".join(hit.text[citation.support_start : citation.support_end].split())
        date = f" ({hit.date})" if hit.date else ""
        lines.append(f'[{citation.n}] {hit.title}{date}: "{quote}"')
    return "\n".join(lines)


def add_routes(app: FastAPI, assistant: Assistant, settings: Settings) -> None:
    feedback = FeedbackStore(settings.data_dir)

    def ask(question: str, history: list[dict[str, str]], mode: str | None) -> Answer:
        if len(question) > settings.max_question_chars:
            raise HTTPException(
                413, f"câu hỏi dài quá {settings.max_question_chars} ký tự ({len(question)})"
            )
        if len(history) > settings.max_history_turns:
            history = history[-settings.max_history_turns :]
        # Answers run in parallel threads; the local model serialises its own generations,
        # so a quoted answer never waits behind a model's.
        return assistant.ask(question, history=history, mode=mode)

    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        reasons = [
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p != 'body') or 'body'}: {e.get('msg')}"
            for e in exc.errors()
        ]
        return JSONResponse({"error": "yêu cầu không hợp lệ", "reasons": reasons}, 422)

    @app.exception_handler(StoreUnavailableError)
    async def store_down(_: Request, exc: StoreUnavailableError) -> JSONResponse:
        # A clear, retryable error; the next request reconnects by itself.
        return JSONResponse(
            {"error": f"Kho tài liệu tạm thời không truy cập được; thử lại sau. ({exc})"},
            503,
            headers={"Retry-After": "5"},
        )

    @app.get("/healthz", response_model=None)
    def healthz() -> Any:
        try:
            status = assistant.index.status()
        except Exception as exc:  # the store is down: say so, with the right status code
            return JSONResponse({"status": "unavailable", "error": type(exc).__name__}, 503)
        return {"status": "ok", "documents": status.documents, "chunks": status.chunks}

    @app.post("/api/ask")
    def api_ask(body: AskRequest) -> dict[str, Any]:
        history = [t.model_dump() for t in body.history if t.role != "system"]
        mode = None if body.mode in (None, "auto") else body.mode
        return ask(body.question, history, mode).to_json()

    @app.post("/api/feedback")
    def api_feedback(body: FeedbackRequest) -> dict[str, Any]:
        return {"id": feedback.add(body.answer, body.rating, body.comment)}

    @app.get("/v1/models")
    def models() -> dict[str, Any]:
        return {
            "object": "list",
            "data": [{"id": MODEL_ID, "object": "model", "owned_by": "hoidap"}],
        }

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: Request) -> Any:
        try:
            body = ChatRequest.model_validate(await request.json())
        except (ValueError, ValidationError) as exc:
            raise HTTPException(422, f"yêu cầu không hợp lệ: {exc}") from exc
        turns = [t for t in body.messages if t.role != "system"]
        if not turns or turns[-1].role != "user":
            raise HTTPException(422, "tin nhắn cuối phải là của người dùng (role=user)")
        history = [t.model_dump() for t in turns[:-1]]
        answer = await _in_thread(lambda: ask(turns[-1].content, history, None))
        content = answer.answer + citations_block(answer)
        completion_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        created = int(time.time())
        if not body.stream:
            return {
                "id": completion_id,
                "object": "chat.completion",
                "created": created,
                "model": MODEL_ID,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": content},
                        "finish_reason": "stop",
                    }
                ],
                "hoidap": answer.to_json(),
            }
        return StreamingResponse(
            _sse(completion_id, created, content), media_type="text/event-stream"
        )


async def _in_thread(work):  # type: ignore[no-untyped-def]
    import anyio.to_thread

    return await anyio.to_thread.run_sync(work)


def _sse(completion_id: str, created: int, content: str) -> Iterator[str]:
    """The verified answer as OpenAI stream chunks (its text is final: checked before sending)."""

    def chunk(delta: dict[str, str], finish: str | None = None) -> str:
        data = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
        }
        return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"

    yield chunk({"role": "assistant"})
    words = content.split(" ")
    for i in range(0, len(words), 8):
        piece = " ".join(words[i : i + 8])
        yield chunk({"content": piece if i == 0 else " " + piece})
    yield chunk({}, "stop")
    yield "data: [DONE]\n\n"
