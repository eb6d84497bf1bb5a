"""The unit's calendar day. The server runs on UTC, where a day begins eight hours after it has begun in
Shanghai: every "today" a page, a default or a deadline uses is the unit's, from BABEL_DEFAULT_TIMEZONE
(the zone the pages show times in)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

UNIT_ZONE = "Asia/Shanghai"


def unit_zone() -> ZoneInfo:
    zone = current_app.config.get("BABEL_DEFAULT_TIMEZONE", UNIT_ZONE) if has_app_context() else UNIT_ZONE
    return ZoneInfo(zone)


def unit_today() -> date:
    """Today in the unit's time zone."""
    return datetime.now(unit_zone()).date()
