"""Recruitment pages (HR; heads read-only)."""
