"""Signing in through the unit's directory (LDAP / Active Directory), and linking a person that the directory
or single sign-on proved to their hrflow account. Settings LDAP_* (hrflow/config.py; README "目录与单点登录").

A password sign-in, when LDAP_URL is set (check_credentials):
1. The read-only service account (LDAP_BIND_DN) binds over LDAPS or StartTLS, the server's certificate checked
   against LDAP_CA_FILE, and searches LDAP_USER_BASE with LDAP_USER_FILTER. The typed name is escaped
   (RFC 4515) before it goes into the filter, so "*)(uid=*" looks for that odd name and finds nobody.
2. Exactly one entry: hrflow binds as that entry's DN with the typed password. An empty password is refused
   before any bind, since a simple bind with a DN and no password is an anonymous bind, which "succeeds".
3. The entry's 工号 (LDAP_STAFF_NO_ATTRIBUTE), account name (LDAP_USERNAME_ATTRIBUTE) and groups are read:
   groups by a search under LDAP_GROUP_BASE (member=<dn>: slapd without the memberOf overlay) when it is
   set, else the entry's memberOf (Active Directory).
4. The person is linked to their account (link_person) and the groups set their role and headed departments.

The order, so that local accounts stay the break-glass path: a name the directory knows is decided by the
directory alone (a wrong directory password is a failure, the local password is not tried); a name it does
not know is checked against the local passwords; while the directory cannot be reached (or refuses the
service account), every name is checked locally and a failure says the directory is down. A break-glass
administrator therefore needs a name the directory does not hold.

Linking (link_person, also used by single sign-on, hrflow/auth/oidc.py):
- the Employee whose 工号 the person carries → that employee's account; an employee without a login gets
  one, named after the directory account, with no local password (it signs in only through the directory);
- else an existing account without an employee whose username is the directory account name (HR officers
  and administrators, created in hrflow by an administrator first);
- else the person is refused: "目录中的账号未在本系统登记，请联系人事部门". Nobody unknown to hrflow is ever
  created, whatever their groups say.
Groups are applied at every directory sign-in: the highest role among LDAP_GROUP_ROLES, 部门负责人 when a
group in LDAP_GROUP_DEPARTMENTS names a department the person heads, else 员工. A change is audited as a user
update by the actor "ldap"."""

from __future__ import annotations

import json
import logging
import ssl
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import lazy_gettext as _l
from ldap3 import NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn
from sqlalchemy import select

from hrflow import audit
from hrflow.auth.credentials import authenticate
from hrflow.extensions import db
from hrflow.models import Employee, Role, User
from hrflow.models.auth import SystemActor
from hrflow.models.base import chinese
from hrflow.posts.queries import find_department

log = logging.getLogger(__name__)

# A password hash no password matches (Werkzeug reads no method from it): accounts the directory created.
NO_LOCAL_PASSWORD = "!directory"
# Highest first: a person in an HR group and a heads' group is HR.
ROLE_ORDER = (Role.ADMIN, Role.HR, Role.HEAD, Role.EMPLOYEE)

NOT_REGISTERED = _l("目录中的账号未在本系统登记，请联系人事部门。")
DIRECTORY_DOWN = _l("目录服务暂时无法连接，请稍后再试（本地账号仍可登录）。")


class DirectoryUnavailable(Exception):
    """The directory did not answer, refused TLS, or refused the service account."""


class WrongPassword(Exception):
    """The directory knows the name, and the password is not theirs (or is empty)."""


class AccountRefused(Exception):
    """The person is proved but hrflow will not let them in; the message says why, for the login page."""


@dataclass(frozen=True)
class Person:
    """Someone the directory or single sign-on vouched for. `role` None: the source does not manage roles."""

    source: str  # "ldap" or "oidc": the audit trail's actor
    account: str | None
    staff_no: str | None
    role: Role | None = None
    departments: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proof:
    """The outcome of a password sign-in: the user, how they were proved, or the message of a refusal that
    may say more than "wrong name or password" (it is only shown after the password was right)."""

    user: User | None
    method: str = "password"
    message: str | None = None


@dataclass(frozen=True)
class DirectorySettings:
    url: str
    start_tls: bool
    ca_file: str | None
    bind_dn: str | None
    bind_password: str | None
    user_base: str
    user_filter: str
    username_attribute: str
    staff_no_attribute: str
    group_base: str | None
    group_filter: str
    group_roles: dict[str, Role] = field(default_factory=dict)
    group_departments: dict[str, str] = field(default_factory=dict)
    timeout: int = 5

    @classmethod
    def from_config(cls, config) -> DirectorySettings:
        return cls(url=config["LDAP_URL"], start_tls=bool(config["LDAP_START_TLS"]), ca_file=config["LDAP_CA_FILE"],
                   bind_dn=config["LDAP_BIND_DN"], bind_password=config["LDAP_BIND_PASSWORD"],
                   user_base=config["LDAP_USER_BASE"] or "", user_filter=config["LDAP_USER_FILTER"],
                   username_attribute=config["LDAP_USERNAME_ATTRIBUTE"],
                   staff_no_attribute=config["LDAP_STAFF_NO_ATTRIBUTE"], group_base=config["LDAP_GROUP_BASE"],
                   group_filter=config["LDAP_GROUP_FILTER"],
                   group_roles={normal_dn(dn): Role(role) for dn, role in _mapping(config["LDAP_GROUP_ROLES"]).items()},
                   group_departments={normal_dn(dn): path
                                      for dn, path in _mapping(config["LDAP_GROUP_DEPARTMENTS"]).items()},
                   timeout=int(config["LDAP_TIMEOUT"]))


def _mapping(value: dict | str | None) -> dict[str, str]:
    """A dict in instance/config.py, a JSON object in an HRFLOW_ environment variable."""
    if not value:
        return {}
    return json.loads(value) if isinstance(value, str) else dict(value)


def normal_dn(dn: str) -> str:
    """DNs compare without case and without the spaces around commas and equals signs."""
    try:
        return ",".join(f"{name.strip().lower()}={value.strip().lower()}" for name, value, _ in parse_dn(dn, strip=True))
    except LDAPException:
        return dn.strip().lower()


def directory_configured() -> bool:
    return bool(current_app.config.get("LDAP_URL"))


# ---------------------------------------------------------------- signing in with a password


def check_credentials(username: str, password: str) -> Proof:
    """The sign-in form's credential step: the directory for the names it knows, local passwords for the
    rest and whenever the directory is down (the order in the module's docstring)."""
    if not directory_configured():
        return Proof(authenticate(username, password))
    settings = DirectorySettings.from_config(current_app.config)
    try:
        person = find_person(settings, username, password)
    except DirectoryUnavailable as down:
        log.error("directory sign-in unavailable, local passwords only: %s", down)
        user = authenticate(username, password)
        return Proof(user, message=None if user else str(DIRECTORY_DOWN))
    except WrongPassword:
        return Proof(None)
    if person is None:
        return Proof(authenticate(username, password))
    try:
        return Proof(link_person(person), method="ldap")
    except AccountRefused as refused:
        db.session.rollback()  # nothing of a refused sign-in is kept (an account made on the way, a role)
        return Proof(None, message=str(refused))


def find_person(settings: DirectorySettings, username: str, password: str) -> Person | None:
    """The person `username` names in the directory, proved by `password`; None when the directory holds no
    such name (or more than one entry matches: the filter is then too loose to trust)."""
    server = _server(settings)
    try:
        service = _bound(server, settings, settings.bind_dn, settings.bind_password)
        if service is None:
            raise DirectoryUnavailable("the service account's bind was refused")
        try:
            entry = _find_entry(service, settings, username)
            if entry is None:
                return None
            if not password:  # never an anonymous bind in place of a password
                raise WrongPassword
            proved = _bound(server, settings, entry["dn"], password)
            if proved is None:
                raise WrongPassword
            proved.unbind()
            attributes = entry["attributes"]
            return Person(source="ldap", account=_first(attributes.get(settings.username_attribute)),
                          staff_no=_first(attributes.get(settings.staff_no_attribute)),
                          **_grants(settings, _groups(service, settings, entry)))
        finally:
            service.unbind()
    except LDAPException as error:
        raise DirectoryUnavailable(f"{type(error).__name__}: {error}") from error


def _server(settings: DirectorySettings) -> Server:
    tls = Tls(validate=ssl.CERT_REQUIRED, version=ssl.PROTOCOL_TLS_CLIENT, ca_certs_file=settings.ca_file)
    return Server(settings.url, use_ssl=settings.url.lower().startswith("ldaps://"), tls=tls, get_info=NONE,
                  connect_timeout=settings.timeout)


def _bound(server: Server, settings: DirectorySettings, dn: str | None, password: str | None) -> Connection | None:
    """A connection bound as `dn`, over TLS (StartTLS before the password is sent); None if the bind is
    refused. Read-only: hrflow never writes to the directory."""
    connection = Connection(server, user=dn, password=password, read_only=True, auto_bind=False,
                            receive_timeout=settings.timeout, raise_exceptions=False)
    connection.open()
    if settings.start_tls and not connection.start_tls():
        raise DirectoryUnavailable("StartTLS was refused")
    if not connection.bind():
        connection.unbind()
        return None
    return connection


def _find_entry(service: Connection, settings: DirectorySettings, username: str) -> dict | None:
    query = settings.user_filter.format(username=escape_filter_chars(username))
    attributes = [settings.username_attribute, settings.staff_no_attribute]
    service.search(settings.user_base, query, SUBTREE, size_limit=2,
                   attributes=attributes if settings.group_base else [*attributes, "memberOf"])
    entries = [item for item in service.response or [] if item.get("type") == "searchResEntry"]
    if len(entries) > 1:
        log.warning("directory filter matches more than one entry for %r: refused", username)
    return entries[0] if len(entries) == 1 else None


def _groups(service: Connection, settings: DirectorySettings, entry: dict) -> list[str]:
    if not settings.group_base:
        return list(entry["attributes"].get("memberOf") or [])
    query = settings.group_filter.format(dn=escape_filter_chars(entry["dn"]))
    service.search(settings.group_base, query, SUBTREE, attributes=["1.1"])
    return [item["dn"] for item in service.response or [] if item.get("type") == "searchResEntry"]


def _grants(settings: DirectorySettings, groups: list[str]) -> dict:
    """The role and headed departments the person's groups give (see the module's docstring)."""
    groups = [normal_dn(group) for group in groups]
    roles = {settings.group_roles[group] for group in groups if group in settings.group_roles}
    departments = tuple(sorted({settings.group_departments[g] for g in groups if g in settings.group_departments}))
    if departments:
        roles.add(Role.HEAD)
    role = next((role for role in ROLE_ORDER if role in roles), Role.EMPLOYEE)
    return {"role": role, "departments": departments if role == Role.HEAD else ()}


def _first(value) -> str | None:
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    return (str(value).strip() or None) if value is not None else None


# ---------------------------------------------------------------- linking to the account


class SourceActor(SystemActor):
    """The directory or single sign-on, as the audit trail names who changed an account at sign-in."""

    def __init__(self, source: str) -> None:
        self.username = self.name = source


def link_person(person: Person) -> User:
    """The active account of `person` (rules in the module's docstring), its role and departments brought in
    line with the directory's groups when the source manages them. Flushes; the request commits."""
    user = _account_of(person)
    if user is None:
        log.info("%s sign-in refused: %r (工号 %r) is not registered", person.source, person.account, person.staff_no)
        raise AccountRefused(str(NOT_REGISTERED))
    if not user.active:
        raise AccountRefused(str(_l("该账号已停用，请联系管理员。")))
    if person.role is not None:
        _apply_grants(user, person)
    return user


def _account_of(person: Person) -> User | None:
    if person.staff_no:
        employee = db.session.scalar(select(Employee).where(Employee.staff_no == person.staff_no))
        if employee is not None:
            user = db.session.scalar(select(User).where(User.employee_id == employee.id))
            return user or _create_account(person, employee)
    if person.account:
        return db.session.scalar(select(User).where(User.username == person.account, User.employee_id.is_(None)))
    return None


def _create_account(person: Person, employee: Employee) -> User:
    username = (person.account or employee.staff_no)[:50]
    if db.session.scalar(select(User).where(User.username == username)) is not None:
        raise AccountRefused(str(_l("目录账号“%(account)s”与本系统中另一用户同名，请联系管理员。", account=username)))
    user = User(username=username, role=Role.EMPLOYEE.value, employee=employee, password_hash=NO_LOCAL_PASSWORD)
    db.session.add(user)
    db.session.flush()
    audit.record(SourceActor(person.source), "users.create",
                 f"{person.source} 登录时为员工 {employee.staff_no} {employee.name} 创建用户 {username}", obj=user)
    return user


def _apply_grants(user: User, person: Person) -> None:
    departments = [d for d in (find_department(path) for path in person.departments) if d is not None]
    if len(departments) < len(person.departments):
        log.warning("%s groups name departments hrflow does not have: %s", person.source, person.departments)
    if person.role == Role.HEAD and not departments:
        raise AccountRefused(str(_l("目录把该账号列为部门负责人，但本系统中找不到所负责的部门，请联系管理员。")))
    before = _grant_facts(user)
    user.role = person.role.value
    user.departments = departments if person.role == Role.HEAD else []
    db.session.flush()
    after = _grant_facts(user)
    if after != before:
        audit.record(SourceActor(person.source), "users.update", f"按目录的组修改用户 {user.username}", obj=user,
                     details={"before": before, "after": after})


def _grant_facts(user: User) -> dict:
    return {"role": chinese(Role(user.role).label), "departments": sorted(d.path for d in user.departments)}
