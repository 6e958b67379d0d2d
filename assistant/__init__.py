"""Retrieves, prompts, generates, cites and abstains (built on ``index``)."""

from assistant.answer import Answer, AnswerPath, Citation, Timings, Token, Verified
from assistant.config import AnswerConfig, AnswerWeights, LLMConfig, WordsAlike
from assistant.engine import Assistant
from assistant.generators import Generator, GeneratorError, OpenAIGenerator, build_generator
from assistant.library import Library
from assistant.limits import RequestLimits, RequestTooLong
from assistant.onboarding import DocumentSummary, GlossaryEntry
from assistant.passages import PassageSource
from assistant.pipeline import Pipeline

__all__ = [
    "Answer",
    "AnswerConfig",
    "AnswerPath",
    "AnswerWeights",
    "Assistant",
    "Citation",
    "DocumentSummary",
    "Generator",
    "GeneratorError",
    "GlossaryEntry",
    "LLMConfig",
    "Library",
    "OpenAIGenerator",
    "PassageSource",
    "Pipeline",
    "RequestLimits",
    "RequestTooLong",
    "Timings",
    "Token",
    "Verified",
    "WordsAlike",
    "build_generator",
]
