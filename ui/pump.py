"""Engine events read on a worker thread and handed to whoever serves them (the chat page's
generator, the API's event loop), one implementation for both."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

END = object()  # handed on after the last event


class Failed:
    """The engine raised: handed on in place of an event, to be raised by the reader."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def pump(events: Iterable[Any], put: Callable[[Any], None], stop: threading.Event) -> None:
    """Hands each event to ``put``, then ``END``; an exception as ``Failed``. Once ``stop`` is
    set (the client went away) the engine's iterator is closed at its next event: the
    GeneratorExit inside it is how the model is told to stop generating."""
    iterator = iter(events)
    try:
        for event in iterator:
            if stop.is_set():
                break
            put(event)
    except Exception as error:
        put(Failed(error))
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()
        put(END)
