"""What each audited action is called on the audit log, in the reader's language.

The audit trail stores a code (`audit.record(actor, "posts.edit", …)`); this is its label. Every code
written anywhere in hrflow has one (tests/test_admin_audit.py reads the sources to check); a code
without a label, such as one from an older release, is shown as it is."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "users.create": _l("创建用户"),
    "users.update": _l("修改用户"),
    "users.password": _l("修改密码"),
    "users.reset_password": _l("重置密码"),
    "users.disable": _l("停用用户"),
    "users.enable": _l("启用用户"),
    "users.password_reset": _l("通过邮件重置密码"),
    "mail.resend": _l("重发邮件"),
    "users.reset_totp": _l("重置两步验证"),
    "auth.login": _l("登录"),
    "auth.login_failed": _l("登录失败"),
    "auth.totp_enrol": _l("开启两步验证"),
    "auth.totp_disable": _l("关闭两步验证"),
    "auth.totp_recovery_codes": _l("重新生成恢复码"),
    "posts.import": _l("导入岗位表"),
    "posts.edit": _l("修改岗位"),
    "employees.import": _l("导入人员"),
    "recruitment.open": _l("开启招聘"),
    "recruitment.rules": _l("修改资格条件"),
    "recruitment.basic": _l("修改基本条件"),
    "recruitment.exam_settings": _l("修改岗位考试设置"),
    "recruitment.bonus_type": _l("设置加分项目"),
    "recruitment.bonus_cap": _l("修改加分上限"),
    "recruitment.bonus": _l("登记加分"),
    "recruitment.bonus_remove": _l("撤销加分"),
    "recruitment.selection": _l("体检与考察"),
    "recruitment.own_publicity": _l("单独公示（递补或补充拟聘）"),
    "calendar.day": _l("登记本单位日历"),
    "calendar.remove": _l("删除本单位日历的一天"),
    "recruitment.advance": _l("推进招聘阶段"),
    "recruitment.applicant": _l("登记报名"),
    "recruitment.applicant_edit": _l("修改报名信息"),
    "recruitment.review": _l("重新资格审查"),
    "recruitment.decide": _l("认定资格条件"),
    "recruitment.exam_ratio": _l("决定开考比例"),
    "recruitment.score": _l("录入成绩"),
    "recruitment.propose": _l("确定拟聘人员"),
    "recruitment.withdraw": _l("登记放弃或不合格"),
    "recruitment.appoint": _l("聘用"),
    "assessment.open": _l("开启年度考核"),
    "assessment.settings": _l("修改考核设置"),
    "assessment.advance": _l("推进考核阶段"),
    "assessment.special_case": _l("标记考核特殊情况"),
    "assessment.self_summary": _l("保存个人总结"),
    "assessment.self_submit": _l("提交个人总结"),
    "assessment.head_review": _l("保存主管评价"),
    "assessment.head_submit": _l("提交主管评价"),
    "assessment.reopen": _l("退回考核表"),
    "assessment.grade": _l("确定考核等次"),
    "assessment.grade_note": _l("修改等次备注"),
    "assessment.import": _l("导入考核等次"),
    "assessment.acknowledge": _l("签署考核结果"),
    "assessment.appeal": _l("提出申诉"),
    "assessment.appeal_outcome": _l("处理申诉"),
    "assessment.amend": _l("修改已归档的考核表"),
    "assessment.quarterly": _l("录入平时考核结果"),
    "assessment.ballot_open": _l("开启民主测评"),
    "assessment.ballot_print": _l("打印民主测评票"),
    "assessment.ballot_close": _l("结束民主测评"),
    "assessment.paper_summary": _l("录入纸质个人总结"),
    "assessment.late_accepted": _l("接受逾期提交"),
    "assessment.refusal": _l("记录拒不参加考核"),
    "assessment.refresh": _l("更新考核名单"),
    "assessment.logins": _l("批量创建账号"),
    "assessment.department_places": _l("分配各部门优秀名额"),
    "assessment.leave": _l("登记请假"),
    "assessment.leave_import": _l("导入请假记录"),
    "assessment.investigation": _l("登记立案审查调查"),
    "assessment.investigation_closed": _l("登记调查结果"),
}


def action_label(code: str) -> str:
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code
