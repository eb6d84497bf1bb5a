"""`hrflow mail retry` (from cron, when there is no Redis) and `hrflow mail test ADDRESS`."""

from __future__ import annotations

import click

from hrflow.cli.common import emit_json, fail, needs_schema
from hrflow.mail.services import deliver, error_text, retry_due, send_mail, server_configured
from hrflow.models import MailStatus


@click.group("mail")
def mail_group() -> None:
    """邮件：重试发送、测试邮件设置。"""


@mail_group.command("retry")
@click.option("--json", "as_json", is_flag=True)
@needs_schema
def retry(as_json: bool) -> None:
    """发送所有到期待重试的邮件（没有 Redis 时由 cron 定时运行，例如每 5 分钟）。"""
    if not server_configured():
        fail("未配置邮件服务器（HRFLOW_MAIL_SERVER）")
    counts = retry_due()
    if as_json:
        emit_json(counts)
        return
    click.echo(f"已发送 {counts['sent']}，待再次尝试 {counts['waiting']}，发送失败 {counts['failed']}")


@mail_group.command("test")
@click.argument("address")
@needs_schema
def test(address: str) -> None:
    """向 ADDRESS 发一封测试邮件，立即发送并报告结果。"""
    if "@" not in address:
        fail(f"{address}：不是邮箱地址")
    if not server_configured():
        fail("未配置邮件服务器（HRFLOW_MAIL_SERVER）")
    mail = send_mail("test", address, dispatch=False)
    status = deliver(mail.id)
    if status != MailStatus.SENT:
        fail(f"测试邮件 #{mail.id} 未能发出：{error_text(mail)}")
    click.echo(f"测试邮件 #{mail.id} 已发给 {address}")
