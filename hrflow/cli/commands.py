"""Every `hrflow …` command, added to the app by create_app (so `app.test_cli_runner()` has them too)."""

from __future__ import annotations

import click
from flask import Flask

from hrflow.cli import admin, assessment, mail, portal, posts, recruitment, workdays


@click.group("print")
def print_group() -> None:
    """打印（生成 PDF）。"""


print_group.add_command(posts.print_post_description)
print_group.add_command(posts.print_post_descriptions)
print_group.add_command(assessment.print_assessment_forms)
print_group.add_command(recruitment.print_application)
print_group.add_command(recruitment.print_applications)

COMMANDS = (
    recruitment.round_group, recruitment.applicants_group, recruitment.review,
    assessment.assessment_group,
    posts.import_posts, posts.stats_command, posts.employees,
    admin.demo, admin.create_user, admin.fonts,
    print_group,
    admin.backup, admin.restore,
    workdays.workdays,
    mail.mail_group,
    portal.portal_group,
)


def register_commands(app: Flask) -> None:
    for command in COMMANDS:
        app.cli.add_command(command)
