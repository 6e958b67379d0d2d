"""hoidap — document-grounded Vietnamese question answering (CLI, settings, model set-up)."""

__version__ = "0.1.0"
