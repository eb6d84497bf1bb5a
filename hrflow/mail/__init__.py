"""Mail: one outbox for every mail hrflow sends (password reset links today; address confirmations,
deadline reminders and notices to applicants later). The services live in hrflow/mail/services.py, the
RQ entry point in hrflow/mail/worker.py; the pages are hrflow/admin/mail_routes.py (HR's 邮件记录) and
hrflow/auth/mail_routes.py (each user's 我的邮件)."""
