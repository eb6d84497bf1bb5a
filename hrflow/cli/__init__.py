"""The `hrflow` command line: thin commands over the same services the web pages use, one module per
area (posts, recruitment, assessment, admin) over what they share (common).

Contract: ../shared/docs/cli.md. The app factory adds the commands (hrflow.cli.commands); main() is the
console script: a Flask command group, so Flask-Migrate's `hrflow db upgrade` works too."""

from __future__ import annotations

from flask.cli import FlaskGroup

from hrflow import create_app


def main() -> None:
    cli = FlaskGroup(create_app=create_app, add_default_commands=True, add_version_option=False, load_dotenv=False)
    cli.main(prog_name="hrflow")
