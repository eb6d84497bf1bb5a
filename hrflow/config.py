"""Configuration: defaults here, then ``instance/config.py``, then ``HRFLOW_*`` environment variables."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import orjson

from hrflow.json_columns import json_text


class DefaultConfig:
    UNIT_NAME = "市图书馆"
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # JSON columns (ratings, rules, verdicts) are read and written with orjson: a department's list decodes a
    # hundred of them per page, a round's review encodes tens of thousands, at a few times the speed of the
    # standard library (and Chinese text is stored as itself, not as \u escapes).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True, "json_deserializer": orjson.loads,
                                 "json_serializer": json_text}
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
    # Print batches (hrflow/pdf/batch.py): forms per chunk (a process's memory is a chunk's), and the local
    # processes rendering chunks when REDIS_URL is not set (None: one per CPU).
    PRINT_CHUNK_FORMS = 50
    PRINT_WORKERS = None
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
    # Two-step sign-in (TOTP, hrflow/auth/totp.py): roles that must use it, comma-separated ("admin,hr"); empty,
    # it is each user's choice. TOTP_ISSUER names the account in the phone's app (the UNIT_NAME when empty).
    TOTP_REQUIRED_ROLES = ""
    TOTP_ISSUER = ""
    # A signed-in session with no request for this many minutes ends (0: never). “记住我” sessions are exempt;
    # users with two-step sign-in never get one (hrflow/auth/signin.py).
    IDLE_MINUTES = 30
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
    # Who the 优秀 rate is taken of: "all_participants" (第十五条: 应参加年度考核的工作人员总人数, those taking part
    # without a grade included) or "graded" (only those who receive a grade, as some provinces count).
    ASSESSMENT_QUOTA_BASE = "all_participants"
    ASSESSMENT_SUMMARY_MAX_CHARS = 1500  # 字 of a self-summary (the 登记表 prints on one sheet)
    ASSESSMENT_REMINDER_DAYS = 3  # mail reminders go out this many days before each deadline
    # 平时考核: a quarter rated 一般 or 较差 bars 优秀 for the year (provincial 细则 under 考核规定 第三十四、四十八条;
    # docs/domain-notes.md). Off: the quarters are shown as a reference only.
    QUARTERLY_BARS_EXCELLENT = True
    # 民主测评: a new ballot's results stay hidden until this many votes are in (each ballot keeps its own copy).
    BALLOT_MIN_VOTES = 5
    # Wrong voting codes from one address within LOGIN_FAILURE_WINDOW_MINUTES before it is refused for a while.
    BALLOT_CODE_FAILURES_PER_CLIENT = 10
    # Mail (hrflow/mail/services.py, Flask-Mailman's SMTP backend). Without MAIL_SERVER mails are recorded as
    # 未发送 and nothing is sent. MAIL_USERNAME and MAIL_PASSWORD come from the environment, never from git.
    MAIL_BACKEND = "smtp"  # Flask-Mailman would keep mails in memory whenever TESTING is on
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_USE_TLS = False  # STARTTLS (usually port 587)
    MAIL_USE_SSL = False  # SMTP over TLS (usually port 465)
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_DEFAULT_SENDER = "hrflow@localhost"
    MAIL_TIMEOUT = 10  # seconds an SMTP server may take to answer
    MAIL_MAX_ATTEMPTS = 5  # then the mail is marked 发送失败 for HR to see and send again
    MAIL_RETRY_MINUTES = 5.0  # wait before the second attempt, doubled before each further one
    MAIL_RESET_MINUTES = 60  # a password reset link works this long, and once
    EXAMINER_INVITATION_DAYS = 14  # an examiner's invitation link works this long, until a password is set
    # The address people reach hrflow at: links in mails are built from it (never from a request's Host header).
    BASE_URL = "http://127.0.0.1:5000"
    # 网上报名 (hrflow/portal): confirmation codes, and what an applicant may upload for one 报名表.
    PORTAL_CODE_MINUTES = 30  # a mailed confirmation code works this long
    PORTAL_CODE_TRIES = 5  # wrong codes before a new one must be asked for
    PORTAL_UPLOAD_MAX_BYTES = 5 * 1024 * 1024  # per file
    PORTAL_UPLOAD_MAX_FILES = 10  # per 报名表, the photo included
    # Photos and proof of a closed round are deleted this many days after it closed (`hrflow portal
    # purge-attachments`; docs/portal.md, 保存期限, says why 180).
    PORTAL_RETENTION_DAYS = 180
    # Signing in through the unit's directory (hrflow/auth/directory.py): off while LDAP_URL is unset. Local
    # passwords keep working either way (the break-glass path); README "目录与单点登录" lists an example.
    LDAP_URL = None  # ldaps://dc1.library.example:636 or ldap://… (then LDAP_START_TLS = True)
    LDAP_START_TLS = False
    LDAP_CA_FILE = None  # PEM file of the directory's CA; unset, the system's CAs
    LDAP_BIND_DN = None  # the read-only service account that searches for people
    LDAP_BIND_PASSWORD = None
    LDAP_USER_BASE = None  # e.g. ou=people,dc=library,dc=example
    LDAP_USER_FILTER = "(&(objectClass=inetOrgPerson)(uid={username}))"  # {username} is escaped
    LDAP_USERNAME_ATTRIBUTE = "uid"  # the account name (AD: sAMAccountName)
    LDAP_STAFF_NO_ATTRIBUTE = "employeeNumber"  # carries the 工号
    LDAP_GROUP_BASE = None  # set: groups are searched (groupOfNames member=<dn>); unset: memberOf is read
    LDAP_GROUP_FILTER = "(&(objectClass=groupOfNames)(member={dn}))"  # {dn} is escaped
    LDAP_GROUP_ROLES: dict[str, str] = {}  # group DN → role (admin, hr, head, employee); JSON in the environment
    LDAP_GROUP_DEPARTMENTS: dict[str, str] = {}  # group DN → path of the department its members head
    LDAP_TIMEOUT = 5  # seconds, for connecting and for each answer
    # Single sign-on through the unit's OpenID Connect service (hrflow/auth/oidc.py): off while unset.
    OIDC_DISCOVERY_URL = None  # https://sso.example/.well-known/openid-configuration (or the issuer's URL)
    OIDC_CLIENT_ID = None
    OIDC_CLIENT_SECRET = None
    OIDC_SCOPES = "openid profile"
    OIDC_STAFF_NO_CLAIM = "employee_number"  # the claim carrying the 工号
    OIDC_USERNAME_CLAIM = "preferred_username"  # links accounts without an employee (HR, administrators)
    OIDC_BUTTON_LABEL = None  # the button's text; unset, 统一身份认证登录


# Environment variables read as HRFLOW_<NAME>; values are strings unless listed here.
_ENV_INT = {"MAX_CONTENT_LENGTH", "PAGE_SIZE", "EXAM_RATIO", "RECRUITMENT_PUBLICITY_DAYS", "ASSESSMENT_EXCELLENT_RATE",
            "ASSESSMENT_RAISED_RATE", "ASSESSMENT_FAILED_UNIT_RATE", "ASSESSMENT_PUBLICITY_DAYS", "ASSESSMENT_APPEAL_DAYS",
            "ASSESSMENT_SUMMARY_MAX_CHARS", "ASSESSMENT_REMINDER_DAYS",
            "JOB_IMPORT_ROWS", "JOB_REVIEW_APPLICATIONS", "PRINT_CHUNK_FORMS", "PRINT_WORKERS", "LOGIN_FAILURE_WINDOW_MINUTES",
            "LOGIN_FAILURES_PER_ACCOUNT_AND_CLIENT", "LOGIN_FAILURES_PER_CLIENT", "LOGIN_FAILURES_PER_ACCOUNT",
            "LOGIN_KNOWN_DEVICE_DAYS", "PROXY_FIX_X_FOR", "REMEMBER_DAYS", "LDAP_TIMEOUT",
            "IDLE_MINUTES", "MAIL_PORT", "MAIL_TIMEOUT", "MAIL_MAX_ATTEMPTS", "MAIL_RESET_MINUTES",
            "BALLOT_MIN_VOTES", "BALLOT_CODE_FAILURES_PER_CLIENT",
            "PORTAL_CODE_MINUTES", "PORTAL_CODE_TRIES", "PORTAL_UPLOAD_MAX_BYTES", "PORTAL_UPLOAD_MAX_FILES",
            "EXAMINER_INVITATION_DAYS", "PORTAL_RETENTION_DAYS"}
_ENV_FLOAT = {"WRITTEN_WEIGHT", "MAIL_RETRY_MINUTES"}
_ENV_BOOL = {"CONCURRENT_FILLS_SEAT", "SESSION_COOKIE_SECURE", "RATELIMIT_ENABLED", "LDAP_START_TLS", "MAIL_USE_TLS", "MAIL_USE_SSL",
             "QUARTERLY_BARS_EXCELLENT"}
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
