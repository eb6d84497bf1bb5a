"""What the rules read of a person, and the same data cleaned the way forms are written."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from hrflow.rules.readers.experience import parse_years


@dataclass
class Applicant:
    name: str
    gender: str | None = None
    birth_date: date | None = None
    education: str | None = None  # 学历
    degree: str | None = None  # 学位
    major: str | None = None
    study_mode: str | None = None  # 全日制 / 非全日制 …
    title: str | None = None  # 职称
    certificates: list[str] = field(default_factory=list)
    years_experience: float | None = None
    political_status: str | None = None
    bianzhi: bool | None = None  # 在编
    retirement_scheme: str | None = None  # per-person override: men / women55 / women50
    work_start: date | None = None  # 参加工作时间: gives the years at the cut-off when years_experience is missing


_GENDERS = {"男性": "男", "女性": "女", "M": "男", "F": "女"}


def clean(applicant: Applicant) -> Applicant:
    """Applicant text as written on forms: full-width characters and stray spaces do not matter."""
    years = applicant.years_experience
    years = None if isinstance(years, bool) else parse_years(years) if isinstance(years, (str, int, float)) else None
    work_start = applicant.work_start if isinstance(applicant.work_start, date) else None
    return Applicant(
        name=applicant.name, gender=_GENDERS.get(text(applicant.gender), text(applicant.gender)),
        birth_date=applicant.birth_date,
        education=text(applicant.education), degree=text(applicant.degree), major=text(applicant.major),
        study_mode=text(applicant.study_mode), title=text(applicant.title),
        certificates=[c for c in (text(c) for c in applicant.certificates or []) if c],
        years_experience=years, political_status=text(applicant.political_status), bianzhi=applicant.bianzhi,
        retirement_scheme=applicant.retirement_scheme, work_start=work_start,
    )


def text(value) -> str | None:
    if value is None:
        return None
    return _normal(value if isinstance(value, str) else str(value))


@lru_cache(maxsize=8192)
def _normal(value: str) -> str | None:
    # The same few values (本科, 全日制, 馆员 …) recur on thousands of applications.
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value)) or None
