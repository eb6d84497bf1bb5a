"""Evaluate one applicant against a post's rules as of a round's cut-off date.

Every verdict says what was compared. Missing applicant data gives 'needs review', never 'not met';
a field saying the applicant has none ('无') gives 'not met'. The checks themselves live in checks/, one
module per family of kinds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hrflow.rules.applicant import Applicant, clean
from hrflow.rules.checks import age, education, qualifications, status
from hrflow.rules.checks.context import INTERVIEW, MET, NEEDS_REVIEW, NOT_MET, Context
from hrflow.rules.majors import RELATED_MAJORS
from hrflow.rules.rule import Rule, RuleKind
from hrflow.rules.wording import said

__all__ = ["ELIGIBLE", "INTERVIEW", "MET", "NEEDS_REVIEW", "NOT_ELIGIBLE", "NOT_MET", "Applicant", "Verdict",
           "evaluate", "overall_status"]

ELIGIBLE, NOT_ELIGIBLE = "eligible", "not_eligible"

_HANDLERS = {
    RuleKind.EDUCATION: education.education,
    RuleKind.DEGREE: education.degree,
    RuleKind.MAJOR: education.major,
    RuleKind.AGE: age.age,
    RuleKind.RETIREMENT: age.retirement,
    RuleKind.TITLE: qualifications.title,
    RuleKind.SKILL: qualifications.skill,
    RuleKind.CERTIFICATE: qualifications.certificate,
    RuleKind.EXPERIENCE: status.experience,
    RuleKind.POLITICAL: status.political,
    RuleKind.BIANZHI: status.bianzhi,
    RuleKind.GENDER: status.gender,
    RuleKind.PREFERENCE: status.preference,
    RuleKind.SOFT: status.soft,
    RuleKind.NO_LIMIT: status.no_limit,
    RuleKind.MANUAL: status.manual,
}


@dataclass
class Verdict:
    rule: Rule
    status: str
    evidence: str

    def to_dict(self) -> dict:
        return {"text": self.rule.text, "kind": self.rule.kind.value, "required": self.rule.required,
                "verdict": self.status, "evidence": str(self.evidence), "said": said(self.evidence).to_json()}


def evaluate(
    rules: list[Rule], applicant: Applicant, cutoff: date, *, worker_post: bool | None = False,
    related_majors: dict[str, list[str]] | None = None,
) -> list[Verdict]:
    context = Context(clean(applicant), cutoff, worker_post,
                      RELATED_MAJORS if related_majors is None else related_majors, _HANDLERS)
    return [Verdict(rule, *context.check(rule)) for rule in rules]


def overall_status(verdicts: list[Verdict], decisions: dict[int, str] | None = None) -> str:
    """eligible when no required rule is not met and every needs-review was decided by HR.

    An obsolete rule (会计从业资格证书) is shown but never decides."""
    decisions = decisions or {}
    statuses = [decisions.get(i, v.status) for i, v in enumerate(verdicts) if v.rule.required and not v.rule.obsolete]
    if NOT_MET in statuses:
        return NOT_ELIGIBLE
    if NEEDS_REVIEW in statuses:
        return NEEDS_REVIEW
    return ELIGIBLE
