"""Administration: user accounts (operations.py), the pages' reads (queries.py), the audit log and its
export, backups."""

from hrflow.admin import login_routes, mail_routes  # noqa: F401  (账号通知单, 邮件记录: same blueprint)
from hrflow.admin.routes import bp

__all__ = ["bp"]
