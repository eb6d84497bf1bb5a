"""`hrflow round …`, `hrflow applicants …`, `hrflow review …`, `hrflow print application(s)` (see ../shared/docs/cli.md)."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import select

from hrflow.cli.common import UserInputError, emit_json, post_named, read_input_file, transactional
from hrflow.extensions import db
from hrflow.models import SYSTEM, Applicant, RoundKind
from hrflow.models.base import chinese
from hrflow.models.recruitment import APPLICATION_STATUS_LABELS, VERDICT_LABELS
from hrflow.pdf.batch import render_batch_to_path
from hrflow.printing.documents.recruitment import applications_batch, render_application_pdf
from hrflow.recruitment.applicants import import_applicants
from hrflow.recruitment.operations import get_round, open_round, review_round


@click.group("round")
def round_group() -> None:
    """招聘轮次。"""


@round_group.command("open")
@click.argument("name")
@click.option("--cutoff", required=True, type=click.DateTime(formats=["%Y-%m-%d"]), help="资格审查截止日期（年龄等以此日计算）")
@click.option("--all-vacancies", is_flag=True, help="全部可招聘的空缺岗位")
@click.option("--post", "posts", multiple=True, help="岗位路径，可重复；可写成 路径=人数")
@click.option("--internal", is_flag=True, help="内部竞聘（默认公开招聘）")
@click.option("--json", "as_json", is_flag=True)
@transactional
def round_open(name, cutoff, all_vacancies, posts, internal, as_json) -> None:
    """开启招聘轮次（只含空缺且可招聘的岗位，从不含“此次不聘”）。"""
    if bool(all_vacancies) == bool(posts):
        raise UserInputError("请指定 --all-vacancies 或至少一个 --post（二者选一）")
    chosen = [_post_and_openings(text) for text in posts]
    round_ = open_round(name, cutoff.date(), actor=SYSTEM, posts=chosen, all_vacancies=all_vacancies,
                        kind=RoundKind.INTERNAL if internal else RoundKind.PUBLIC)
    vacancies = [{"post": v.post.path, "openings": v.openings} for v in round_.vacancies]
    if as_json:
        emit_json({"round": round_.name, "cutoff": round_.cutoff_date.isoformat(), "vacancies": vacancies,
                   "openings": sum(v["openings"] for v in vacancies)})
        return
    click.echo(f"已开启招聘“{round_.name}”（截止日 {round_.cutoff_date.isoformat()}）：")
    for vacancy in vacancies:
        click.echo(f"  {vacancy['post']}：{vacancy['openings']} 人")


def _post_and_openings(text: str):
    """--post 路径 or 路径=人数: the post, and the openings when given."""
    path, _, count = text.partition("=")
    post = post_named(path)
    if count and not count.isdecimal():  # isdigit() also takes "²", which int() refuses
        raise UserInputError(f"“{text}”：人数应为整数")
    return post, int(count) if count else None


@click.group("applicants")
def applicants_group() -> None:
    """报名人员。"""


@applicants_group.command("import")
@click.argument("name")
@click.argument("file")
@transactional
def applicants_import(name: str, file: str) -> None:
    """导入报名表（.csv UTF-8/GBK 或 .xlsx），全部成功或全部不写入。"""
    count = import_applicants(get_round(name), read_input_file(file), Path(file).name, actor=SYSTEM)
    click.echo(f"已导入 {count} 名报名人员")




@click.command("review")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@transactional
def review(name: str, as_json: bool) -> None:
    """按截止日逐条审查每份报名的资格条件。"""
    results = review_round(get_round(name))
    if as_json:
        emit_json(results)
        return
    for result in results:
        click.echo(f"{result['applicant']}  {result['post']}  {chinese(APPLICATION_STATUS_LABELS[result['status']])}")
        for rule in result["rules"]:
            # 优先 items and obsolete certificates never decide eligibility: only what does is listed.
            if rule["verdict"] in ("not_met", "needs_review") and rule.get("required", True):
                click.echo(f"    [{chinese(VERDICT_LABELS[rule['verdict']])}] {rule['text']}：{rule['evidence']}")


# ---------------------------------------------------------------- `hrflow print …` (the group is in hrflow.cli.commands)

@click.command("application")
@click.argument("round_name")
@click.argument("name")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_application(round_name: str, name: str, output: str) -> None:
    """一名报名人员的报名表/资格审查表。"""
    round_ = get_round(round_name)
    applicants = db.session.scalars(select(Applicant).where(Applicant.round_id == round_.id, Applicant.name == name)).all()
    if not applicants:
        raise UserInputError(f"招聘“{round_name}”中没有报名人员“{name}”")
    if len(applicants) > 1:
        raise UserInputError(f"招聘“{round_name}”中有 {len(applicants)} 名“{name}”，请在网页上按报名号打印")
    Path(output).write_bytes(render_application_pdf(applicants[0].applications[0]))
    click.echo(f"已生成 {output}")


@click.command("applications")
@click.argument("round_name")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False))
@transactional
def print_applications(round_name: str, output: str) -> None:
    """一轮招聘全部报名人员的报名表/资格审查表（按岗位）。"""
    report = render_batch_to_path(applications_batch(get_round(round_name)), Path(output))
    click.echo(f"已生成 {output}（报名表 {report.forms} 份，{report.pages} 页，用时 {report.seconds:.0f} 秒）")
