"""Printing: every PDF hrflow makes. documents/ renders them (pure: data in, bytes out), one module per
area; routes.py checks who may print what and streams the file."""

from hrflow.printing.routes import bp

__all__ = ["bp"]
