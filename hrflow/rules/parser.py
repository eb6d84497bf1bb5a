"""Parse requirement items (任职条件) into typed rules, each keeping its source sentence.

Unknown sentences become manual-check rules (never dropped); a sentence whose typed reading leaves
an unchecked condition behind (应届, 户籍, 满3年 …) gets a manual-check rule as well, so no condition is
lost and none is turned into a wrong hard rule. Soft qualities (责任心, 协调能力 …) become interview
items that never decide eligibility; '…优先' ranks and never disqualifies.

Text is read after NFKC normalisation (full-width digits, brackets and punctuation become ASCII),
while each rule keeps the sentence as it was written.

This module decides what a clause is (a completion of the one before, a preference, a relaxation,
a prohibition, a condition); sentences.py splits items into clauses, readers/ reads typed conditions,
relaxations.py attaches relaxations, rule.py holds the Rule and RuleKind it produces."""

from __future__ import annotations

import re

from hrflow.rules.levels import DEGREE_FOR_EDUCATION, EDUCATION_PATTERN, NUMBER_PATTERN, number
from hrflow.rules.readers.text import normal
from hrflow.rules.readers.typed import UNCHECKED, typed_rules, unchecked_reason
from hrflow.rules.relaxations import WAIVER_WORDS, attach_age_tier, is_age_tier, relax
from hrflow.rules.rule import Rule, RuleKind
from hrflow.rules.sentences import CONTINUED, clauses
from hrflow.rules.wording import N_

# Rule and RuleKind are imported from here by older callers; they live in rule.py.
__all__ = ["Rule", "RuleKind", "parse_requirements"]

_EQUIVALENT_ONLY = re.compile(r"[,、]?(?:或|或者)?(?:具有|具备)?(?:国家承认的)?同等学[历力](?:者|人员)?(?:亦可|也可|均可)?")
_DEGREE_FOLLOWS = re.compile(r"(?:并|且|并且|同时)?(?:取得|获得|具有|具备|有)?(?:相应|对应|相关)的?学位(?:证书?)?")
_NO_LIMIT = re.compile(r"(?:(?:学历|专业|性别|年龄|户籍|身份|工作经历)(?:要求)?:?)?(?:男女)?不限"
                       r"|不限(?:专业|学历|性别|户籍|身份)|男女不限")
_NEGATION = re.compile(r"不得|不予|不能|不接受|不招|除外|不包括|不可|不宜|不属于|不在此列")
_CONDUCT = re.compile(r"违法|违纪|犯罪|刑事|处分|处罚|失信|不良记录|不良嗜好|品行|品德|遵纪守法|政治素质|拥护|政治立场")
_CONDITIONAL = re.compile(r"(?:的|者|人员|考生|毕业生)(?:,)?(?:须|需|应|要|必须|还须|另须|需要|应当)(?!具有|具备)"
                          # '研究生学历的，专业为…': what follows binds only those the words before it name.
                          r"|(?:的|者),")
# Subjects that mean every applicant ('报考者须为中共党员'), unlike '研究生学历人员须…'.
_GENERIC_SUBJECT = re.compile(r"^(?:凡)?(?:报考|应聘|报名|申请|竞聘|参加竞聘|参加招聘)的?(?:者|人员)(?:均)?|^(?:所有)?考生(?:均)?")
_HEALTH = re.compile(r"身体健康|体检|健康状况")
# Achievements no record can settle ('在古籍研究方面有一定成绩'): the interview and 考察 weigh them.
_VAGUE_ACHIEVEMENT = re.compile(
    r"(?:有|取得|具有|具备|作出|做出)(?:了)?(?:一定|较(?:好|高|大|为突出|突出|丰富|深)|突出|显著|优异|丰硕|良好)的?"
    r"[\u4e00-\u9fff]{0,6}?(?:成绩|成果|业绩|造诣|建树|贡献|影响|经验|经历)"
    r"|(?:成绩|成果|业绩|贡献)(?:突出|显著|优异|丰硕|优秀)")
_SOFT_WORDS = (
    "能力", "责任心", "责任感", "事业心", "熟悉", "精通", "了解", "熟练", "掌握", "职业道德", "遵守", "意识",
    "吃苦", "认真", "积极", "主动", "协调", "沟通", "团队", "敬业", "作风", "服务意识", "有一定研究",
    "知识", "素质", "踏实", "热爱", "爱岗", "奉献", "完成岗位职责", "操作计算机", "办公软件", "处理", "公道", "担责",
    "得失", "勇于", "精神", "廉洁", "耐心", "细致", "较强", "良好", "扎实", "胜任", "善于", "流利", "功底",
    "形象", "气质", "亲和力", "正派", "诚信", "严谨", "创新", "钻研", "服从", "大局", "健康", "识读",
)
_NEGATED_AGE = re.compile(rf"(?:年龄)?(?:超过|大于|高于)({NUMBER_PATTERN})周?岁(?:的|者|人员)*(?:均)?(?:不得|不予|不能).*")
_AGE_TIER_NOTE = re.compile(rf"(?:{EDUCATION_PATTERN}|学位|职称|党员).*?(?:{NUMBER_PATTERN})周?岁")
_PREFERENCE_WORDS = re.compile(r"同等条件下,?|(?:的|者|人员|的人员)?(?:可|将|予以|给予)?优先(?:考虑|录用|聘用|录取|选用)?")


def parse_requirements(items: list[str]) -> list[Rule]:
    rules: list[Rule] = []
    for item in items:
        start = len(rules)
        for clause in clauses(item or ""):
            rules.extend(_parse_clause(clause, rules, rules[start:]))
    return rules


def _parse_clause(text: str, earlier: list[Rule], item_rules: list[Rule]) -> list[Rule]:
    """The rules of one clause; earlier are the rules before it, item_rules those of its own item."""
    s = normal(text)
    if not s or not re.search(r"[\w\u4e00-\u9fff]", s):
        return []
    attached = _attach_to_earlier(text, s, earlier)
    if attached is not None:
        return attached
    main, preferences, relaxations, tier_notes = _special_segments(s)
    rules: list[Rule] = []
    if main:
        rules = _main_rules(text, main)
        if not preferences and not relaxations and not tier_notes and attach_age_tier(text, rules, item_rules):
            return []
    for part in (part for note in tier_notes for part in re.split(r"[,;、]", note) if part):
        # '30周岁以下（硕士研究生35周岁以下，博士研究生40周岁以下）': each part is a tier of the limit before it.
        if not attach_age_tier(text, typed_rules(text, part, lenient=True), item_rules + rules, part=part):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": f"括号中的说明“{part}”请人工核对"}))
    for segment in preferences:
        rules.append(_preference(text, segment))
    if relaxations:
        targets = rules if any(r.kind != RuleKind.PREFERENCE for r in rules) else earlier
        if not relax(targets, relaxations, text):
            rules.append(Rule(RuleKind.MANUAL, text, {"reason": str(N_("放宽条件无法对应到具体的资格条件"))}))
    return rules


def _attach_to_earlier(text: str, s: str, earlier: list[Rule]) -> list[Rule] | None:
    """Clauses that only complete the one before: '或同等学历', '并取得相应学位'."""
    education = next((r for r in reversed(earlier) if r.kind == RuleKind.EDUCATION), None)
    if _EQUIVALENT_ONLY.fullmatch(s):
        if education is None:
            return [Rule(RuleKind.MANUAL, text, {"reason": str(N_("“同等学历”前没有学历要求"))})]
        education.params["equivalent"] = True
        education.text += f"，{text}"
        return []
    if _DEGREE_FOLLOWS.fullmatch(s):
        degree = DEGREE_FOR_EDUCATION.get(education.params.get("min_level")) if education else None
        if degree is None:
            return [Rule(RuleKind.MANUAL, text, {"reason": str(N_("无法确定“相应学位”是哪一级学位"))})]
        # Both rules carry the joined sentence, so re-reading the stored sentences gives the same rules.
        education.text += f"，{text}"
        return [Rule(RuleKind.DEGREE, education.text, {"min_level": degree})]
    return None


def _special_segments(s: str) -> tuple[str, list[str], list[str], list[str]]:
    """Split off '…优先' and '…放宽到…' segments (a whole clause or a bracketed part of it), and bracketed
    age bounds of some applicants ('（博士研究生不超过45周岁）')."""
    preferences, relaxations, tier_notes = [], [], []

    def pick(match: re.Match) -> str:
        inner = match.group(1)
        if "优先" in inner:
            preferences.append(inner)
            return ""
        if _relaxing(inner):
            relaxations.append(inner)
            return ""
        if _AGE_TIER_NOTE.search(inner):
            tier_notes.append(inner)
            return ""
        return match.group(0)

    main = re.sub(r"\(([^()]*)\)", pick, s)
    if "优先" in main:
        preferences.insert(0, main)
        main = ""
    elif _relaxing(main):
        main, relaxation = _split_relaxation(main)
        relaxations.append(relaxation)
    return main.strip(",;、"), preferences, relaxations, tier_notes


def _relaxing(segment: str) -> re.Match | None:
    """Where a relaxation starts: '…可放宽至40周岁', '…可不受学历限制'."""
    return re.search("放宽", segment) or WAIVER_WORDS.search(segment)


def _split_relaxation(main: str) -> tuple[str, str]:
    """'本科学历,35周岁以下;硕士可放宽至40周岁' → the requirement and the relaxation that follows it."""
    marker = _relaxing(main)
    head, tail = main[:marker.start()], main[marker.start():]
    # '年龄30周岁以下,硕士可放宽到35周岁' arrives as two clauses; within one, the relaxation follows a
    # '；' or '，' that was inside brackets, or starts the clause.
    cut = max(head.rfind(","), head.rfind(";"))
    while cut > 0 and head[:cut].endswith(CONTINUED):
        cut = max(head.rfind(",", 0, cut), head.rfind(";", 0, cut))
    return (head[:cut] if cut >= 0 else ""), head[cut + 1:] + tail


def _main_rules(text: str, s: str) -> list[Rule]:
    if _NO_LIMIT.fullmatch(s.removeprefix("要求").strip(":")):
        return [Rule(RuleKind.NO_LIMIT, text, required=False)]
    if _CONDUCT.search(s):
        return [Rule(RuleKind.SOFT, text, {"stage": "考察"}, required=False)]
    if _NEGATION.search(s):
        return _negated(text, s)
    s = _GENERIC_SUBJECT.sub("", s) or s
    rules = typed_rules(text, s)
    if _CONDITIONAL.search(re.sub(r"\([^()]*\)", "", s)) and not is_age_tier(rules):
        # '研究生学历人员需提供学位证': a condition on some applicants, not a requirement for all; but
        # '硕士研究生学历的，年龄在35周岁以下' is a tier of the age limit, attached by the caller.
        return [Rule(RuleKind.MANUAL, text, {"reason": str(N_("附条件的要求，请人工审核"))})]
    if rules and not (all(r.kind == RuleKind.MANUAL for r in rules) and _VAGUE_ACHIEVEMENT.search(s)):
        return rules
    return [_untyped_rule(text, s)]


def _untyped_rule(text: str, s: str) -> Rule:
    """A clause no reader understood: a manual check, unless it names a health or soft quality."""
    if UNCHECKED.search(s):
        return Rule(RuleKind.MANUAL, text, {"reason": unchecked_reason(s)})
    if _VAGUE_ACHIEVEMENT.search(s):
        return Rule(RuleKind.SOFT, text, required=False)
    if _HEALTH.search(s):
        return Rule(RuleKind.SOFT, text, {"stage": "体检"}, required=False)
    if any(word in s for word in _SOFT_WORDS):
        return Rule(RuleKind.SOFT, text, required=False)
    return Rule(RuleKind.MANUAL, text)


def _negated(text: str, s: str) -> list[Rule]:
    """'超过45周岁的不得报考' is an age limit; other prohibitions are checked by hand."""
    match = _NEGATED_AGE.fullmatch(s)
    limit = number(match.group(1)) if match else None
    if limit is not None:
        return [Rule(RuleKind.AGE, text, {"gender": None, "max": limit})]
    return [Rule(RuleKind.MANUAL, text, {"reason": str(N_("排除性条件，请人工核对"))})]


def _preference(text: str, segment: str) -> Rule:
    core = _PREFERENCE_WORDS.sub("", segment)
    inner = [r for r in typed_rules(text, core) if r.kind not in (RuleKind.SOFT, RuleKind.MANUAL, RuleKind.NO_LIMIT)]
    for rule in inner:
        rule.text = segment if segment != normal(text) else text
    return Rule(RuleKind.PREFERENCE, text, {"inner": [r.to_dict() for r in inner]}, required=False)
