"""Thin web layer over the assistant; no retrieval logic lives here."""
