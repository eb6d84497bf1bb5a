"""Judging one person against a vacancy's rules, and describing the result (for the command line and
the review's results): pure functions of what they are given, no database."""

from __future__ import annotations

from datetime import date

from hrflow.rules import Applicant as RuleApplicant
from hrflow.rules import Rule, RuleKind, evaluate, overall_status

BASIC = "（基本条件）"


def rule_applicant(person) -> RuleApplicant:
    """What the rules read of a person (an Applicant, an ApplicantData or a row with those columns)."""
    return RuleApplicant(
        name=person.name, gender=person.gender, birth_date=person.birth_date, education=person.education,
        degree=person.degree, major=person.major, study_mode=person.study_mode, title=person.title,
        certificates=list(person.certificates or []), years_experience=person.years_experience,
        political_status=person.political_status, bianzhi=person.bianzhi, work_start=person.work_start,
    )


def basic_rules(min_age: int, retirement: bool) -> list[Rule]:
    """The conditions a round checks whatever the post asks: an age on the cut-off day and the statutory
    retirement age (docs/domain-notes.md, 基本条件)."""
    rules = []
    if min_age:
        rules.append(Rule(RuleKind.AGE, f"年满{min_age}周岁{BASIC}", {"gender": None, "min": min_age}))
    if retirement:
        rules.append(Rule(RuleKind.RETIREMENT, f"未达到法定退休年龄{BASIC}", {}))
    return rules


def judge(rules: list[Rule], person: RuleApplicant, cutoff: date, worker_post: bool | None,
          decided: dict[int, str], basic: list[Rule] = ()) -> tuple[list[dict], str]:
    """The verdict on each rule and the resulting status, HR's decisions (rule index → status) counted. The
    round's basic conditions come after the post's own rules, so HR's decisions keep their rule indexes."""
    verdicts = evaluate([*rules, *basic], person, cutoff, worker_post=worker_post)
    return [v.to_dict() for v in verdicts], overall_status(verdicts, decided)


def describe(name: str, path: str, status: str, verdicts: list[dict], decision_list) -> dict:
    """An application's review as plain data: each rule's verdict, HR's decision replacing it where HR
    decided (decision_list: objects or rows with rule_index, status and reason)."""
    decisions = {d.rule_index: d for d in decision_list}
    rules = []
    for index, verdict in enumerate(verdicts):
        entry = {"text": verdict["text"], "verdict": verdict["verdict"], "evidence": verdict["evidence"],
                 "required": verdict.get("required", True)}  # 优先 and obsolete items never decide
        if index in decisions:
            decision = decisions[index]
            entry.update(verdict=decision.status, evidence=f"{verdict['evidence']}；人事认定：{decision.reason}")
        rules.append(entry)
    return {"applicant": name, "post": path, "status": status, "rules": rules}


def describe_application(application, path: str | None = None) -> dict:
    """describe() for an Application as loaded (its applicant, vacancy and decisions)."""
    return describe(application.applicant.name, path or application.vacancy.post.path, application.status,
                    application.verdicts, application.decisions)
