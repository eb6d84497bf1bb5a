"""Recruitment forms as PDF: 招聘岗位表, 报名表/资格审查表, 资格审查结果名单, 成绩汇总, 拟聘用人员公示."""
