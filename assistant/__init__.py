"""Retrieves, prompts, generates, cites and abstains (built on ``index``)."""

from assistant.answer import Answer, Citation, Timings, Verified
from assistant.engine import Assistant
from assistant.feedback import FeedbackStore
from assistant.generators import Generator, GeneratorError, OpenAIGenerator
from assistant.limits import RequestLimits, RequestTooLong
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
    "RequestLimits",
    "RequestTooLong",
    "Timings",
    "Verified",
]
