"""网上报名: the applicants' own realm under /apply (routes.py), and HR's side of it beside the round's
pages under /recruitment (hr_routes.py); accounts.py and services.py do the work, files.py keeps uploads."""

from hrflow.portal.hr_routes import hr_bp
from hrflow.portal.routes import bp

__all__ = ["bp", "hr_bp"]
