"""The HR home page: the unit's totals and charts."""

from hrflow.dashboard.routes import bp

__all__ = ["bp"]
