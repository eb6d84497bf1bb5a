"""Configuration: defaults here, then ``instance/config.py``, then ``HRFLOW_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import orjson


class DefaultConfig:
    UNIT_NAME = "市图书馆"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # JSON columns (ratings, rules, verdicts) are read with orjson: a department's list decodes a hundred
    # of them per page, at a few times the speed of the standard library's json.loads.
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "json_deserializer": orjson.loads}
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = {"zh_CN": "中文", "en": "English"}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REDIS_URL = None  # background jobs on RQ and shared rate limits when set
    # Werkzeug's scrypt (N=2^15, r=8, p=1). Only the test suite lowers the cost, to create many users fast.
    PASSWORD_HASH_METHOD = "scrypt"
    JOB_QUEUE = "hrflow"
    # Past these sizes the work runs as a background job with a progress page instead of in the request.
    JOB_IMPORT_ROWS = 1000  # rows of an applicant sheet
    JOB_REVIEW_APPLICATIONS = 2000  # applications of a round re-reviewed at once
    # Failed sign-ins within the window (hrflow/auth/throttle.py): counted in Redis when REDIS_URL is set,
    # else in the database, so every worker sees the same counts. Successful sign-ins are not counted.
    RATELIMIT_ENABLED = True  # the test suite switches it off where a test signs in many times
    LOGIN_FAILURE_WINDOW_MINUTES = 15
    LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT = 5
    LOGIN_FAILURES_PER_CLIENT = 20  # one address, whatever names it tries
    # One name from every address; above the pair limit, so one address alone never locks a name. Browsers
    # that signed in to the account before (a signed cookie) are exempt from this and the client limit.
    LOGIN_FAILURES_PER_ACCOUNT = 15
    LOGIN_KNOWN_DEVICE_DAYS = 90
    LOGIN_THROTTLE_KEY_PREFIX = "hrflow:login-failures"  # Redis keys
    # How many reverse proxies in front of hrflow append to X-Forwarded-For (0: none; the client's address
    # is then the connection's, and a forged header is ignored).
    PROXY_FIX_X_FOR = 0
    # Remember-me lasts this many days; its cookie is Secure when the session cookie is (derived_settings).
    REMEMBER_DAYS = 14
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A concurrent (兼任) appointment occupies a seat of the post it is held on.
    CONCURRENT_FILLS_SEAT = True
    # Derived CJK font for PDFs lives here; built by `hrflow fonts` or lazily on first print.
    FONT_CACHE_DIR = None
    PAGE_SIZE = 50
    # Publicity periods count working days: ISO dates of public holidays and of weekend days worked.
    HOLIDAYS: list[str] = []
    MAKEUP_WORKDAYS: list[str] = []
    # Recruitment defaults (each round may change them).
    EXAM_RATIO = 3
    WRITTEN_WEIGHT = 0.5
    RECRUITMENT_PUBLICITY_DAYS = 7
    # 监督电话 printed on the 拟聘用人员公示; unset, the form leaves a line to fill in by hand.
    SUPERVISION_PHONE = ""
    # Annual assessment defaults for new cycles (each cycle keeps its own copy).
    ASSESSMENT_EXCELLENT_RATE = 20  # 优秀 at most this per cent of the graded participants
    ASSESSMENT_RAISED_RATE = 25  # with an approval reason
    ASSESSMENT_FAILED_UNIT_RATE = 15  # cap when the unit is graded 不合格 overall
    ASSESSMENT_QUOTA_ROUNDING = "floor"  # floor, half_up or ceil
    ASSESSMENT_PUBLICITY_DAYS = 5  # working days, at least 5
    ASSESSMENT_APPEAL_DAYS = 30  # days from the notice of the result


# Environment variables read as HRFLOW_<NAME>; values are strings unless listed here.
_ENV_INT = {"MAX_CONTENT_LENGTH", "PAGE_SIZE", "EXAM_RATIO", "RECRUITMENT_PUBLICITY_DAYS", "ASSESSMENT_EXCELLENT_RATE",
            "ASSESSMENT_RAISED_RATE", "ASSESSMENT_FAILED_UNIT_RATE", "ASSESSMENT_PUBLICITY_DAYS", "ASSESSMENT_APPEAL_DAYS",
            "JOB_IMPORT_ROWS", "JOB_REVIEW_APPLICATIONS", "LOGIN_FAILURE_WINDOW_MINUTES",
            "LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT", "LOGIN_FAILURES_PER_CLIENT", "LOGIN_FAILURES_PER_ACCOUNT",
            "LOGIN_KNOWN_DEVICE_DAYS", "PROXY_FIX_X_FOR", "REMEMBER_DAYS"}
_ENV_FLOAT = {"WRITTEN_WEIGHT"}
_ENV_BOOL = {"CONCURRENT_FILLS_SEAT", "SESSION_COOKIE_SECURE", "RATELIMIT_ENABLED"}
_ENV_ALIASES = {"DATABASE_URL": "SQLALCHEMY_DATABASE_URI"}


def env_overrides(environ: dict[str, str] | None = None) -> dict[str, object]:
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for key, raw in environ.items():
        if not key.startswith("HRFLOW_") or key.startswith("HRFLOW_TEST_"):
            continue
        name = key.removeprefix("HRFLOW_")
        name = _ENV_ALIASES.get(name, name)
        if name in _ENV_INT:
            values[name] = int(raw)
        elif name in _ENV_FLOAT:
            values[name] = float(raw)
        elif name in _ENV_BOOL:
            values[name] = raw.strip().lower() in {"1", "true", "yes", "on"}
        else:
            values[name] = raw
    return values


def derived_settings(config: Mapping[str, object]) -> dict[str, object]:
    """Settings that follow others, computed once every override is in: the remember-me cookie lasts
    REMEMBER_DAYS and is Secure exactly when the session cookie is."""
    return {"REMEMBER_COOKIE_DURATION": timedelta(days=config["REMEMBER_DAYS"]),
            "REMEMBER_COOKIE_SECURE": bool(config.get("SESSION_COOKIE_SECURE"))}


def load_or_create_secret_key(instance_path: str) -> str:
    """The key lives in instance/secret_key (git-ignored) so sessions survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def default_database_uri(instance_path: str) -> str:
    return "sqlite:///" + str(Path(instance_path) / "hrflow.db")
