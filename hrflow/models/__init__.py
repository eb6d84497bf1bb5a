"""Domain models, one module per domain. Importing this package registers every table."""

from hrflow.models.audit import AuditLog
from hrflow.models.auth import Role, User, user_departments
from hrflow.models.jobs import Job, JobState
from hrflow.models.org import (
    Appointment,
    AppointmentKind,
    Department,
    Employee,
    ImportBatch,
    Post,
    PostCategory,
    PostVersion,
)
from hrflow.models.recruitment import (
    Applicant,
    Application,
    ApplicationStatus,
    Outcome,
    RecruitmentError,
    RecruitmentRound,
    RoundKind,
    RoundStatus,
    RuleDecision,
    Vacancy,
)

__all__ = [
    "Applicant",
    "Application",
    "ApplicationStatus",
    "Outcome",
    "RecruitmentError",
    "RecruitmentRound",
    "RoundKind",
    "RoundStatus",
    "RuleDecision",
    "Vacancy",
    "Appointment",
    "AppointmentKind",
    "AuditLog",
    "Department",
    "Employee",
    "ImportBatch",
    "Job",
    "JobState",
    "Post",
    "PostCategory",
    "PostVersion",
    "Role",
    "User",
    "user_departments",
]
