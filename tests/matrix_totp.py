"""Route × role cases of two-step sign-in (hrflow/auth/totp_routes.py) and the administrator's reset.

Nobody in the matrix world uses two-step sign-in: the code and enrolment pages send a visitor without a
waiting sign-in back to the login page (not a `?next=` refusal: there is nothing to come back to), and a
signed-in user from the code page to their first page."""

from __future__ import annotations

from tests.matrix_base import ADMIN_ONLY, ALL_LOGGED_IN, PUBLIC, Case

TOTP_CASES: list[Case] = [
    Case("auth.totp_code", "GET", lambda w: "/login/code", PUBLIC),
    Case("auth.totp_code", "POST", lambda w: "/login/code", PUBLIC, data=lambda w: {"code": "123456"}),
    Case("auth.totp_enrol", "GET", lambda w: "/two-factor/enrol", PUBLIC),
    Case("auth.totp_enrol", "POST", lambda w: "/two-factor/enrol", PUBLIC, data=lambda w: {"code": "123456"}),
    Case("auth.totp_settings", "GET", lambda w: "/two-factor", ALL_LOGGED_IN),
    Case("auth.totp_recovery_codes", "POST", lambda w: "/two-factor/recovery-codes", ALL_LOGGED_IN,
         data=lambda w: {"codes-password": "wrong"}),
    Case("auth.totp_off", "POST", lambda w: "/two-factor/off", ALL_LOGGED_IN, data=lambda w: {"off-password": "wrong"}),
    Case("admin.user_reset_totp", "POST", lambda w: f"/admin/users/{w['target_user']}/reset-two-step", ADMIN_ONLY,
         data=lambda w: {"totp-reason": "手机丢失"}),
]
