"""Building blocks of the portal tests: a round with its portal open, applicant accounts, 报名表 data and
files (real images made with Pillow)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from hrflow.extensions import db
from hrflow.models import ApplicantAccount, RecruitmentRound, User
from hrflow.models.base import utcnow
from hrflow.portal import services
from hrflow.recruitment.idcard import check_digit

PASSWORD = "portal-password-1"


def id_number(birth: date = date(1995, 3, 1), serial: str = "123", region: str = "110105") -> str:
    """A valid 身份证号 (serial's last digit odd: 男, even: 女)."""
    first = f"{region}{birth:%Y%m%d}{serial}"
    return first + check_digit(first)


def open_round(hr: User, *, name: str = "网上报名测试", closes_in: timedelta = timedelta(days=7)) -> RecruitmentRound:
    from hrflow.posts.queries import find_post
    from hrflow.recruitment import operations as recruitment

    round_ = recruitment.open_round(name, date(2026, 6, 30), actor=hr, posts=[(find_post("办公室/办证咨询"), 1)])
    now = utcnow()
    services.open_portal(round_, opens_at=now - timedelta(days=1), closes_at=now + closes_in,
                         notice="招聘公告正文", published=True, actor=hr)
    db.session.commit()
    return round_


def account(email: str = "zhang@example.com", *, confirmed: bool = True) -> ApplicantAccount:
    made = services.register(email, PASSWORD, consent=True, locale="zh_CN")
    if confirmed:
        made.confirmed_at = utcnow()
    db.session.commit()
    return made


def entry_data(round_: RecruitmentRound, **overrides) -> services.EntryData:
    values = dict(
        vacancy_id=round_.vacancies[0].id, name="张三", gender="男", birth_date=date(1995, 3, 1),
        id_number=id_number(), phone="13800000000", political_status="群众", title="", certificates=[],
        study=[{"start": "2013-09", "end": "2017-07", "school": "某大学", "education": "本科", "degree": "学士",
                "major": "图书馆学", "mode": "全日制"}],
        work=[{"start": "2017-08", "end": "", "employer": "某单位", "position": "馆员"}],
    )
    values.update(overrides)
    return services.EntryData(**values)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 80), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (60, 80), (30, 90, 200))
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"  # Make
    exif[0x013B] = "Where I Live"  # Artist
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"hidden comment")
    return out.getvalue()


def filled_entry(acct: ApplicantAccount, round_: RecruitmentRound, **overrides):
    """A draft with a photo, ready to submit."""
    entry = services.save_entry(acct, round_, entry_data(round_, **overrides), now=utcnow())
    services.add_file(entry, "photo", "me.png", png(), now=utcnow())
    db.session.commit()
    return entry
