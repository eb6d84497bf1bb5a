"""Certificate readers, in two passes around the title and skill readers.

The first pass takes certificates a title reader would misread (会计从业资格, 注册会计师, driving
licences, exams); the second, after titles and skills, takes any other '…证书'."""

from __future__ import annotations

import re

from hrflow.rules.certificates import (
    DRIVING_CLASS_PATTERN,
    DRIVING_LICENCE,
    OBSOLETE_CERTIFICATES,
    TEACHER_LEVEL_PATTERN,
    TEACHER_SUBJECT_PATTERN,
    certificate_key,
)
from hrflow.rules.readers.text import ClauseText
from hrflow.rules.rule import Rule, RuleKind
from hrflow.rules.wording import N_

_EXAMS = (r"(?:(?:大学)?英语(?:专业)?[四六八468]级|CET-?[46]|(?:全国)?计算机(?:等级考试)?[一二三四1234]级"
          r"|普通话(?:水平)?(?:测试)?[一二三]级[甲乙]等)(?:\(CET-?[46]\))?(?:及以上|以上|或以上)?(?:合格)?(?:证书|证)?")
# A bracket inside or after the name belongs to it: '消防设施操作员（中级）证书', '特种作业操作证（电工作业）'.
_NAME_PART = r"(?:[\w\u4e00-\u9fff]|\([\w\u4e00-\u9fff]{1,10}\))"
_CERTIFICATE = re.compile(
    rf"(?:具有|具备|持有|取得|获得|持|须有|有)?(?P<name>{_NAME_PART}{{1,24}}?"
    r"(?:资格证书|合格证书|证书|资格证|合格证|上岗证|执业证|执照|等级证|操作证|作业证|从业证|许可证)"
    r"(?:\((?!含|不含)[\w\u4e00-\u9fff]{1,10}\))?)")
# 国家司法考试 became the 法律职业资格考试 in 2018; passing either gives the 法律职业资格证书.
_LAW_EXAM = r"(?:通过|取得)?(?:国家)?(?:统一)?(?:司法考试|法律职业资格考试)(?:合格)?"
LAW_CERTIFICATE = "法律职业资格证书"
_CERTIFICATE_QUALIFICATIONS = (r"(?:注册[\u4e00-\u9fff]{2,8}?师|法律职业|执业医师|执业助理医师|执业药师|护士执业"
                               r"|律师执业|导游|社会工作者|心理咨询师|人力资源管理师|档案管理员)资格")
# '高校教师资格证', '小学及以上教师资格证书', '高中语文教师资格', '相应学科教师资格证': level and subject kept.
_TEACHER = (rf"(?:(?:{TEACHER_LEVEL_PATTERN})(?:及以上|以上)?(?:教师)?)?(?:实习指导)?"
            rf"(?:(?:{TEACHER_SUBJECT_PATTERN})(?:学科)?|相应学科|相关学科|相应|相关)?教师资格(?:证书|证)?"
            # '教师资格证书（小学及以上）': the level may follow in brackets.
            rf"(?:\((?P<level_after>(?:{TEACHER_LEVEL_PATTERN})(?:及以上|以上)?)\))?")
_GENERIC_CERTIFICATES = {"证书", "资格证书", "相关证书", "相应证书", "相关资格证书", "相应资格证书", "职业资格证书",
                         "上岗证", "资格证", "相关资格证", "相应的资格证书", "相关的资格证书", "相关职业资格证书",
                         "从业资格证书", "执业证书", "相应的证书", "相关的证书"}
_LETTER_LICENCE = r"\(?(?P<letter>[ABC])照(?:及以上|以上)?\)?"
_LICENCE = (r"(?:[ABC][123](?:及以上|以上)?(?:驾照|驾驶证|驾驶执照|类?驾驶证))"
            r"|(?:机动车)?(?:驾驶证|驾驶执照|驾照)(?:[ABC][123])?(?:及以上|以上)?(?:驾照|驾驶证)?")


def named_certificate_rules(text: str, clause: ClauseText) -> list[Rule]:
    """First pass: the certificates a title reader must not see."""
    rules = []
    if clause.take(r"会计从业资格(?:证书|证)?"):
        name = "会计从业资格证书"
        rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name, "why_obsolete": OBSOLETE_CERTIFICATES[name]},
                          required=False, obsolete=True))
    for match in clause.take(_TEACHER):
        after = match.group("level_after")
        name = after + match.group(0)[: match.start("level_after") - match.start() - 1] if after else match.group(0)
        rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name}))
    for match in clause.take(r"(?:" + _CERTIFICATE_QUALIFICATIONS + r")(?:证书|证)?"):
        rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": match.group(0)}))
    if clause.take(_LAW_EXAM):
        rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": LAW_CERTIFICATE}))
    rules += _driving_licence_rules(text, clause)
    rules += _exam_rules(text, clause)
    return rules


def _driving_licence_rules(text: str, clause: ClauseText) -> list[Rule]:
    letter = clause.take(_LETTER_LICENCE)
    licence = clause.take(_LICENCE)
    if not licence:
        return []
    classes = re.findall(DRIVING_CLASS_PATTERN, "".join(m.group(0) for m in licence) + clause.rest)
    clause.take(DRIVING_CLASS_PATTERN + r"(?:及以上|以上|照|类)?")
    # 'C照' is any C licence; a C1 or C2 holder may drive C2 vehicles.
    classes += [{"A": "A", "B": "B", "C": "C2"}[m.group("letter")] for m in letter]
    params = {"name": DRIVING_LICENCE, **({"class": classes[0]} if classes else {})}
    return [Rule(RuleKind.CERTIFICATE, text, params)]


def _exam_rules(text: str, clause: ClauseText) -> list[Rule]:
    """'英语四级', 'CET-4', '普通话二级甲等': one rule per exam, however often it is written."""
    rules, seen = [], set()
    for match in clause.take(_EXAMS):
        name = re.sub(r"\(CET-?[46]\)|(?:及以上|以上|或以上)?(?:合格)?(?:证书|证)?$", "", match.group(0))
        if certificate_key(name) not in seen:
            seen.add(certificate_key(name))
            rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name}))
    return rules


def other_certificate_rules(text: str, clause: ClauseText) -> list[Rule]:
    """Second pass, after titles and skills: any other '…证书'."""
    rules = []
    for match in clause.take(_CERTIFICATE):
        name = re.sub(r"^(?:具有|具备|持有|取得|获得|持|须有|有|并|及|和|或)+", "", match.group("name"))
        name = re.sub(r"^(?:有效的?|国家认可的?|国家颁发的?)", "", name)
        if re.search(r"毕业|学位|学历", name):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": str(N_("毕业证书、学位证书的取得时间等条件请人工核对"))}))
        elif name in _GENERIC_CERTIFICATES or name.startswith(("相关", "相应")):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": f"未写明具体证书（{name}），请人工核对"}))
        else:
            rules.append(Rule(RuleKind.CERTIFICATE, text, {"name": name}))
    return rules
