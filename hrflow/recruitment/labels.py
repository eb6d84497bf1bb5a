"""What the recruitment pages call each state, in the reader's language (the models keep Chinese
labels for the printed forms and the command line)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ROUND_STATUS = {
    "draft": _l("草稿"), "announced": _l("已发布"), "reviewing": _l("资格审查"), "examining": _l("考试"),
    "publicity": _l("公示"), "closed": _l("已结束"),
}
ROUND_KIND = {"public": _l("公开招聘"), "internal": _l("内部竞聘")}
APPLICATION_STATUS = {"eligible": _l("符合"), "not_eligible": _l("不符合"), "needs_review": _l("待审核")}
VERDICT = {"met": _l("符合"), "not_met": _l("不符合"), "needs_review": _l("待审核"), "interview": _l("考察项")}
OUTCOME = {"none": "", "proposed": _l("拟聘用"), "withdrawn": _l("已放弃/不合格"), "appointed": _l("已聘用")}
EXAM_DECISION = {"proceed": _l("说明理由后照常开考"), "reduce": _l("核减招聘名额"), "cancel": _l("取消该岗位招聘")}
RULE_KIND = {
    "education": _l("学历"), "degree": _l("学位"), "age": _l("年龄"), "retirement": _l("法定退休年龄"),
    "title": _l("职称"), "certificate": _l("证书"), "experience": _l("工作经历"), "political": _l("政治面貌"),
    "bianzhi": _l("编制"), "preference": _l("优先条件"), "soft": _l("考察项"), "manual": _l("人工审核"),
    "major": _l("专业"), "skill": _l("职业技能等级"), "gender": _l("性别"), "no_limit": _l("不限"),
}
# Bootstrap colours of the badges.
TONE = {
    "met": "success", "eligible": "success", "not_met": "danger", "not_eligible": "danger",
    "needs_review": "warning", "interview": "secondary", "proposed": "primary", "withdrawn": "secondary",
    "appointed": "success", "draft": "secondary", "announced": "info", "reviewing": "warning", "examining": "primary",
    "publicity": "success", "closed": "dark",
}

LABELS = {
    "round_status": ROUND_STATUS, "round_kind": ROUND_KIND, "application_status": APPLICATION_STATUS,
    "verdict": VERDICT, "outcome": OUTCOME, "exam_decision": EXAM_DECISION, "rule_kind": RULE_KIND,
}


def label(group: str, value: str | None) -> str:
    """label('verdict', 'met') → 符合; an unknown value is shown as it is."""
    return LABELS[group].get(value or "", value or "")
