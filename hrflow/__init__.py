"""hrflow: post table, recruitment and annual assessment for a public-sector unit."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from hrflow.config import (
    DefaultConfig,
    default_database_uri,
    derived_settings,
    env_overrides,
    load_or_create_secret_key,
)
from hrflow.private_files import private_folder

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        # HRFLOW_INSTANCE_PATH moves the instance folder (config.py, secret key, uploads, demo logins).
        instance_path=os.environ.get("HRFLOW_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    _configure(app, test_config)

    from hrflow import web
    from hrflow.extensions import babel, csrf, db, login_manager, mail, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    mail.init_app(app)
    babel.init_app(app, locale_selector=web.select_locale, default_translation_directories=str(ROOT / "translations"))
    web.init_app(app)
    _guard_request_input(app)
    _register_blueprints(app)
    from hrflow.models import org
    org.init_app(app)  # the department tree is read once per request
    web.trust_proxies(app)

    from hrflow.cli.commands import register_commands

    register_commands(app)
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.update(env_overrides())
    if test_config:
        app.config.update(test_config)
    private_folder(Path(app.instance_path))  # the secret key, the SQLite database, uploads, backups
    app.config.setdefault("SQLALCHEMY_DATABASE_URI", default_database_uri(app.instance_path))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = load_or_create_secret_key(app.instance_path)
    app.config.update(derived_settings(app.config))
    if not app.config.get("FONT_CACHE_DIR"):
        app.config["FONT_CACHE_DIR"] = str(Path(app.instance_path) / "fonts")


def _guard_request_input(app: Flask) -> None:
    """Every `<int:…>` in a URL stays within a database integer (/posts/99999999999999999999 is a 404, not a
    database error), and form data never holds a nameless field. Set before the blueprints, as each rule
    takes its converter when it is added."""
    from hrflow.web.converters import DatabaseIntConverter
    from hrflow.web.forms import FormRequest

    app.url_map.converters["int"] = DatabaseIntConverter
    app.request_class = FormRequest


def _register_blueprints(app: Flask) -> None:
    from hrflow.admin import bp as admin_bp
    from hrflow.assessment import bp as assessment_bp
    from hrflow.auth import bp as auth_bp
    from hrflow.dashboard import bp as dashboard_bp
    from hrflow.jobs import bp as jobs_bp
    from hrflow.portal import bp as portal_bp
    from hrflow.portal import hr_bp as portal_hr_bp
    from hrflow.posts import bp as posts_bp
    from hrflow.printing import bp as printing_bp
    from hrflow.recruitment import bp as recruitment_bp

    for blueprint in (auth_bp, dashboard_bp, posts_bp, recruitment_bp, assessment_bp, printing_bp, admin_bp, jobs_bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(portal_bp)  # 网上报名: the applicants' realm
    app.register_blueprint(portal_hr_bp)
