"""Single sign-on through the unit's OpenID Connect service (统一身份认证), with Authlib's Flask client.
Settings OIDC_* (hrflow/config.py; README "目录与单点登录"); off while OIDC_DISCOVERY_URL or OIDC_CLIENT_ID is
unset.

The authorization code flow: the provider's endpoints and keys come from its discovery document; every
sign-in sends a fresh state, nonce and PKCE challenge (S256), kept in the signed session until the browser
comes back. Authlib refuses a callback whose state is not the one this browser was sent with (a forged or
replayed callback: the state is forgotten at its first use), and an ID token whose signature, issuer,
audience, expiry or nonce is wrong. The person is then linked like a directory sign-in (auth/directory.py
link_person): by the 工号 in OIDC_STAFF_NO_CLAIM, else an account without an employee named by
OIDC_USERNAME_CLAIM; unknown people are refused. Roles stay as hrflow's administrator sets them."""

from __future__ import annotations

import logging

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from joserfc.errors import JoseError

from hrflow.auth.directory import AccountRefused, Person

log = logging.getLogger(__name__)

WELL_KNOWN = "/.well-known/openid-configuration"
DEFAULT_LABEL = _l("统一身份认证登录")


class SignOnFailed(Exception):
    """The provider's answer could not be trusted or used; the message is for the login page."""


def sso_configured(app: Flask | None = None) -> bool:
    config = (app or current_app).config
    return bool(config.get("OIDC_DISCOVERY_URL") and config.get("OIDC_CLIENT_ID"))


def button_label() -> str | None:
    """The login page's single sign-on button, or None when single sign-on is off."""
    if not sso_configured():
        return None
    return current_app.config.get("OIDC_BUTTON_LABEL") or str(DEFAULT_LABEL)


def discovery_url(setting: str) -> str:
    """The issuer's URL or the discovery document's: both are accepted."""
    url = setting.rstrip("/")
    return url if url.endswith(WELL_KNOWN) else url + WELL_KNOWN


def sso_client():
    """This app's client of the provider, made on first use (it caches the discovery document)."""
    app = current_app._get_current_object()
    client = app.extensions.get("hrflow.oidc")
    if client is None:
        config = app.config
        oauth = OAuth()
        oauth.init_app(app)
        client = oauth.register(
            "sso", client_id=config["OIDC_CLIENT_ID"], client_secret=config.get("OIDC_CLIENT_SECRET"),
            server_metadata_url=discovery_url(config["OIDC_DISCOVERY_URL"]),
            client_kwargs={"scope": config["OIDC_SCOPES"], "code_challenge_method": "S256", "default_timeout": 10},
        )
        app.extensions["hrflow.oidc"] = client
    return client


def start(redirect_uri: str):
    """The redirect to the provider's sign-in page, with a new state, nonce and PKCE challenge."""
    try:
        return sso_client().authorize_redirect(redirect_uri)
    except (requests.RequestException, AuthlibBaseError, ValueError) as error:
        log.error("single sign-on unavailable: %s", error)
        raise SignOnFailed(str(_l("统一身份认证服务暂时无法连接，请稍后再试。"))) from error


def finish() -> Person:
    """The person the provider's callback (this request) vouches for, every check passed."""
    try:
        token = sso_client().authorize_access_token()
    except requests.RequestException as error:
        log.error("single sign-on unavailable: %s", error)
        raise SignOnFailed(str(_l("统一身份认证服务暂时无法连接，请稍后再试。"))) from error
    except (AuthlibBaseError, JoseError, ValueError) as error:
        log.warning("single sign-on callback refused: %s", error)
        raise SignOnFailed(str(_l("统一身份认证未能完成，请重新登录。"))) from error
    claims = token.get("userinfo")
    if not claims:  # no ID token, or one without a nonce check: nothing proves who this is
        raise SignOnFailed(str(_l("统一身份认证未能完成，请重新登录。")))
    return person_from_claims(claims, current_app.config)


def person_from_claims(claims: dict, config) -> Person:
    def claim(name: str) -> str | None:
        value = claims.get(name) if name else None
        return (str(value).strip() or None) if value is not None else None

    person = Person(source="oidc", account=claim(config["OIDC_USERNAME_CLAIM"]),
                    staff_no=claim(config["OIDC_STAFF_NO_CLAIM"]))
    if person.account is None and person.staff_no is None:
        raise AccountRefused(str(_l("统一身份认证未提供工号或账号名，无法登录本系统，请联系人事部门。")))
    return person
