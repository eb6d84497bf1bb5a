"""Configuration: defaults, HRFLOW_* environment overrides, the generated secret key."""

from hrflow import create_app
from hrflow.config import env_overrides, load_or_create_secret_key


def test_environment_overrides_with_types():
    values = env_overrides({
        "HRFLOW_DATABASE_URL": "postgresql+psycopg://x/y", "HRFLOW_EXAM_RATIO": "4", "HRFLOW_WRITTEN_WEIGHT": "0.4",
        "HRFLOW_SESSION_COOKIE_SECURE": "true", "HRFLOW_TEST_DATABASE_URL": "ignored", "OTHER": "x",
    })
    assert values == {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://x/y", "EXAM_RATIO": 4, "WRITTEN_WEIGHT": 0.4,
                      "SESSION_COOKIE_SECURE": True}


def test_secret_key_is_generated_once_into_instance(tmp_path):
    first = load_or_create_secret_key(str(tmp_path))
    assert len(first) == 64 and (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert load_or_create_secret_key(str(tmp_path)) == first


def test_defaults_are_chinese_first_and_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("HRFLOW_DATABASE_URL", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["BABEL_DEFAULT_LOCALE"] == "zh_CN"
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("/instance/hrflow.db")
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_background_job_thresholds_default_and_come_from_the_environment(monkeypatch):
    assert env_overrides({"HRFLOW_JOB_IMPORT_ROWS": "5000", "HRFLOW_JOB_REVIEW_APPLICATIONS": "300"}) == {
        "JOB_IMPORT_ROWS": 5000, "JOB_REVIEW_APPLICATIONS": 300}
    monkeypatch.delenv("HRFLOW_JOB_IMPORT_ROWS", raising=False)
    monkeypatch.delenv("HRFLOW_JOB_REVIEW_APPLICATIONS", raising=False)
    app = create_app({"SECRET_KEY": "x"})
    assert (app.config["JOB_IMPORT_ROWS"], app.config["JOB_REVIEW_APPLICATIONS"]) == (1000, 2000)


def test_json_columns_are_read_with_orjson_and_keep_their_values(app):
    """The engine decodes JSON columns with orjson (faster on list pages); what is stored reads back the
    same: Chinese text, nesting, numbers, empty values."""
    import orjson
    from sqlalchemy import JSON, literal, select, type_coerce

    from hrflow.extensions import db

    value = {"德": "优秀", "ratings": [1, None, 2.5, "良好"], "nested": {"空": [], "none": None}}
    with app.app_context():
        assert db.engine.dialect._json_deserializer is orjson.loads
        assert db.session.scalar(select(type_coerce(literal(value, JSON), JSON))) == value


def test_json_columns_store_chinese_as_itself_and_number_keys_as_strings(app):
    from sqlalchemy import Text, cast, select

    from hrflow.extensions import db
    from hrflow.json_columns import encoded_now
    from hrflow.models import AuditLog

    entries = [AuditLog(actor="cli", action="test", summary="写入", details={"理由": "补录", 3: "三"}),
               AuditLog(actor="cli", action="test", summary="先编码", details=encoded_now({"理由": "补录", 3: "三"}))]
    db.session.add_all(entries)
    db.session.commit()
    stored = db.session.scalars(select(cast(AuditLog.details, Text)).order_by(AuditLog.id)).all()
    assert all("补录" in text and "\\u" not in text for text in stored)
    db.session.expire_all()
    assert [entry.details for entry in entries] == [{"理由": "补录", "3": "三"}] * 2
