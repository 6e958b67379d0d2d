"""Retrieves, prompts, generates, cites and abstains (built on ``index``)."""

from assistant.answer import Answer, Citation, Timings
from assistant.engine import Assistant
from assistant.feedback import FeedbackStore
from assistant.generators import Generator, GeneratorError, OpenAIGenerator
from assistant.onboarding import DocumentSummary, GlossaryEntry

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "DocumentSummary",
    "FeedbackStore",
    "Generator",
    "GeneratorError",
    "GlossaryEntry",
    "OpenAIGenerator",
    "Timings",
]
