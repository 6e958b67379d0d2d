"""Thin web layer over the assistant; no retrieval logic lives here.

``server`` (the FastAPI app and ``serve``) mounts ``api`` (REST + OpenAI-compatible routes),
``auth`` (the guard) and the chat page: ``app`` (its layout and event wiring), ``chat`` (what
each action does, plain functions), ``render`` (the HTML it shows), ``assets`` (CSS, JS)."""
