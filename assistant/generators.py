"""Text generation backends behind one interface: ``stream(messages) -> Iterator[str]``."""

from __future__ import annotations

import json
import os
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from assistant.config import LLMConfig


class GeneratorError(RuntimeError):
    """The LLM could not answer (down, too slow, or returned garbage)."""


class Generator(Protocol):
    name: str

    def stream(self, messages: Sequence[dict[str, str]], max_tokens: int) -> Iterator[str]: ...


class Judge(Protocol):
    """A generator that can also say how likely each first token of its reply is: the model as
    a reader (``assistant.llm_reader``), one forward pass, no text written."""

    def first_token_probabilities(
        self, messages: Sequence[dict[str, str]], top: int
    ) -> dict[str, float]: ...


def _top_probabilities(reply: Any) -> dict[str, float]:
    """The first token's top alternatives of an OpenAI-style reply (parsed) with ``logprobs``."""
    import math

    try:
        top = reply["choices"][0]["logprobs"]["content"][0]["top_logprobs"]
        return {str(t["token"]): math.exp(float(t["logprob"])) for t in top}
    except (KeyError, IndexError, TypeError, ValueError) as exc:
        raise GeneratorError("mô hình không trả về xác suất token") from exc


# Requests allowed to wait for the local model while one generates. On a 2-core CPU an answer
# takes 10-25 s, so a third in line would wait about a minute: past that, a quoted answer now
# serves the user better than a model answer later.
MAX_WAITING = 2
CANCEL_WAIT_S = 2.0  # how long closing a stream waits for its worker to stop


class LocalGenerator:
    """The bundled GGUF model through llama.cpp (xllamacpp: prebuilt wheel, in-process server
    with prompt-prefix caching; the model's own chat template, ChatML for Qwen).

    One generation at a time (``n_parallel = 1``). A request stops generating as soon as its
    consumer closes the stream (the client went away) or its deadline (``timeout_s``, waiting
    included) passes; at most ``max_waiting`` requests queue for the model, the next one gets a
    ``GeneratorError`` at once (the engine then quotes the passages instead)."""

    def __init__(
        self,
        model_path: Path,
        threads: int | None = None,
        n_ctx: int = 4096,
        timeout_s: float = 60.0,
        max_waiting: int = MAX_WAITING,
        lookup: tuple[int, int] = (0, 0),
    ) -> None:
        """``lookup``: (n-gram, draft tokens) of prompt-lookup speculative decoding
        (``LLMConfig.lookup_ngram``); no draft tokens: off."""
        import xllamacpp as xlc

        if not model_path.is_file():
            raise GeneratorError(f"thiếu mô hình {model_path}: chạy `hoidap models`")
        params = xlc.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        params.offline = True
        params.cache_prompt = True
        params.verbosity = -1
        params.warmup = False
        params.sampling.temp = 0.0
        params.sampling.top_k = 1
        threads = threads or max(1, os.cpu_count() or 1)
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
        if lookup[1] > 0:
            speculative = params.speculative
            speculative.types = [xlc.common_speculative_type.COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE]
            speculative.ngram_simple.size_n, speculative.ngram_simple.size_m = lookup
        self._server = xlc.Server(params)
        self._lock = threading.Lock()  # one generation at a time: n_parallel = 1
        self._queue_lock = threading.Lock()
        self._waiting = 0  # requests started and not yet holding the model
        self.timeout_s = timeout_s
        self.max_waiting = max_waiting
        self.name = f"local:{model_path.name}"
        # llama.cpp's figures for the last answer: prompt_n, cache_n, prompt_ms, predicted_n,
        # predicted_per_second… (what `hoidap bench answer` reports).
        self.last_timings: dict[str, Any] = {}

    def first_token_probabilities(
        self, messages: Sequence[dict[str, str]], top: int
    ) -> dict[str, float]:
        """One forward pass (``max_tokens`` 1) under the same lock as answers: the prompt
        prefix it leaves in llama.cpp's cache is the answer's, when the two share it."""
        if not self._lock.acquire(timeout=self.timeout_s):
            raise GeneratorError(f"mô hình bận quá {self.timeout_s:.0f} giây")
        try:
            reply = self._server.handle_chat_completions(
                {
                    "messages": list(messages),
                    "max_tokens": 1,
                    "temperature": 0.0,
                    "logprobs": True,
                    "top_logprobs": top,
                    "cache_prompt": True,
                }
            )
        except Exception as exc:
            raise GeneratorError(f"llama.cpp: {exc}") from exc
        finally:
            self._lock.release()
        if isinstance(reply, str | bytes):
            try:
                reply = json.loads(reply)
            except ValueError as exc:
                raise GeneratorError("llama.cpp: phản hồi không hợp lệ") from exc
        if isinstance(reply, dict) and isinstance(reply.get("timings"), dict):
            self.last_timings = dict(reply["timings"])  # cache_n: the prefix it reused
        return _top_probabilities(reply)

    @property
    def waiting(self) -> int:
        """Requests queued for the model now (not counting the one generating)."""
        return self._waiting

    def stream(self, messages: Sequence[dict[str, str]], max_tokens: int) -> Iterator[str]:
        with self._queue_lock:
            if self._waiting >= self.max_waiting:
                raise GeneratorError(
                    f"mô hình đang bận: {self._waiting} yêu cầu đang chờ, trả lời bằng trích dẫn"
                )
            self._waiting += 1
        deadline = time.monotonic() + self.timeout_s
        cancel = threading.Event()  # set when the consumer is gone or the deadline passed
        pieces: queue.Queue[str | BaseException | None] = queue.Queue()

        def on_chunk(chunk: Any) -> bool:
            """llama.cpp calls this per token; returning True stops the generation."""
            if cancel.is_set():
                return True
            if time.monotonic() > deadline:
                pieces.put(GeneratorError(f"mô hình cục bộ: quá {self.timeout_s:.0f} giây"))
                return True
            if isinstance(chunk, str | bytes):
                chunk = json.loads(chunk)
            if isinstance(chunk, dict) and "error" in chunk:
                pieces.put(GeneratorError(str(chunk["error"])))
                return True
            if isinstance(chunk, dict) and "timings" in chunk:
                self.last_timings = dict(chunk["timings"])
            for choice in (chunk or {}).get("choices", []):
                text = (choice.get("delta") or {}).get("content")
                if text:
                    pieces.put(text)
            return False

        def run() -> None:
            acquired = False
            try:
                acquired = self._lock.acquire(timeout=max(0.0, deadline - time.monotonic()))
                with self._queue_lock:
                    self._waiting -= 1
                if not acquired:
                    pieces.put(GeneratorError(f"mô hình bận quá {self.timeout_s:.0f} giây"))
                    return
                if cancel.is_set():
                    return  # abandoned while waiting: not a token for nobody
                request = {
                    "messages": list(messages),
                    "max_tokens": max_tokens,
                    "stream": True,
                    "temperature": 0.0,
                    "cache_prompt": True,
                }
                self._server.handle_chat_completions(request, on_chunk)
            except Exception as exc:  # surfaced to the caller below
                pieces.put(GeneratorError(f"llama.cpp: {exc}"))
            finally:
                if acquired:
                    self._lock.release()
                pieces.put(None)

        worker = threading.Thread(target=run, daemon=True)
        worker.start()
        try:
            while True:
                try:
                    item = pieces.get(timeout=max(0.0, deadline - time.monotonic()) + 1.0)
                except queue.Empty:  # stuck in a long prompt: the caller need not wait
                    raise GeneratorError(f"mô hình cục bộ: quá {self.timeout_s:.0f} giây") from None
                if item is None:
                    return
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            # Closed early (GeneratorExit: the client went away), failed or done: the worker
            # stops at its next token and gives the model to the next request. Waiting for that
            # (briefly: a token takes well under a second) means the model is free on return.
            cancel.set()
            worker.join(timeout=CANCEL_WAIT_S)


class OpenAIGenerator:
    """Any OpenAI-compatible endpoint (llama.cpp server, vLLM, Ollama): for bigger models."""

    def __init__(self, url: str, model: str, api_key: str | None, timeout_s: float) -> None:
        base = url.rstrip("/")
        if not base.endswith("/chat/completions"):
            base += "/chat/completions" if base.endswith("/v1") else "/v1/chat/completions"
        self.url = base
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.name = f"openai:{model}"

    def stream(self, messages: Sequence[dict[str, str]], max_tokens: int) -> Iterator[str]:
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": max_tokens,
            "temperature": 0,
            "stream": True,
        }
        timeout = httpx.Timeout(self.timeout_s, connect=min(5.0, self.timeout_s))
        try:
            with httpx.stream(
                "POST", self.url, json=body, headers=headers, timeout=timeout
            ) as response:
                if response.status_code != 200:
                    raise GeneratorError(f"{self.url} trả về HTTP {response.status_code}")
                deadline = time.monotonic() + self.timeout_s
                for line in response.iter_lines():
                    if time.monotonic() > deadline:  # a server that drips tokens forever
                        raise GeneratorError(f"{self.url}: quá {self.timeout_s:.0f} giây")
                    if not line.startswith("data:"):
                        continue
                    data = line[5:].strip()
                    if data == "[DONE]":
                        return
                    try:
                        chunk = json.loads(data)
                        text = chunk["choices"][0].get("delta", {}).get("content")
                    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
                        raise GeneratorError(f"{self.url}: phản hồi không hợp lệ") from exc
                    if text:
                        yield text
        except httpx.HTTPError as exc:
            raise GeneratorError(f"không gọi được {self.url}: {type(exc).__name__}") from exc

    def first_token_probabilities(
        self, messages: Sequence[dict[str, str]], top: int
    ) -> dict[str, float]:
        """The endpoint's ``logprobs`` for the first token (OpenAI API; not every server
        gives them: then ``GeneratorError``, and the reader is skipped)."""
        import httpx

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        body = {
            "model": self.model,
            "messages": list(messages),
            "max_tokens": 1,
            "temperature": 0,
            "logprobs": True,
            "top_logprobs": top,
        }
        try:
            response = httpx.post(self.url, json=body, headers=headers, timeout=self.timeout_s)
        except httpx.HTTPError as exc:
            raise GeneratorError(f"không gọi được {self.url}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise GeneratorError(f"{self.url} trả về HTTP {response.status_code}")
        return _top_probabilities(response.json())


def build_generator(config: LLMConfig) -> Generator:
    """The configured model: the endpoint when a url is set, else the bundled GGUF file.
    Raises ``GeneratorError`` (or the loader's own error) when it cannot be had."""
    if config.url:
        return OpenAIGenerator(config.url, config.model, config.api_key, config.timeout_s)
    return LocalGenerator(
        config.model_path,
        config.threads,
        timeout_s=config.timeout_s,
        lookup=(config.lookup_ngram, config.lookup_draft_tokens),
    )
