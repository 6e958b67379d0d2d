"""Retrieves, prompts, generates, cites and abstains (built on ``index``)."""
