"""Retrieves, prompts, generates, cites and abstains (built on ``index``)."""

from assistant.answer import Answer, Citation, Timings
from assistant.engine import Assistant
from assistant.generators import Generator, GeneratorError

__all__ = ["Answer", "Assistant", "Citation", "Generator", "GeneratorError", "Timings"]
