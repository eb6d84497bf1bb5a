"""Real directory and single sign-on servers for the tests, started and seeded by them:

- slapd (Debian's OpenLDAP, `make test-system-packages` installs it) from a slapd.conf in a temporary
  folder: an mdb database for dc=library,dc=example seeded with slapadd (passwords hashed {SSHA} by
  slappasswd, groups as groupOfNames), plain LDAP with StartTLS and LDAPS on free loopback ports, with a
  self-signed certificate made by openssl. Independent of any system slapd the package may have started.
- oidc-provider-mock (PyPI), an OpenID Connect provider made for testing, as its own process on a free
  port; hrflow registers as a client, and people with their claims are put in through its API."""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

SLAPD = "/usr/sbin/slapd"
SCHEMAS = ("core", "cosine", "nis", "inetorgperson")
SUFFIX = "dc=library,dc=example"
PEOPLE = f"ou=people,{SUFFIX}"
GROUPS = f"ou=groups,{SUFFIX}"
READER_DN = f"cn=hrflow-reader,{SUFFIX}"
READER_PASSWORD = "reader-secret-7"
ROOT_DN = f"cn=admin,{SUFFIX}"
ROOT_PASSWORD = "root-secret-9"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass(frozen=True)
class DirectoryPerson:
    uid: str
    password: str
    name: str
    staff_no: str | None = None

    @property
    def dn(self) -> str:
        return f"uid={self.uid},{PEOPLE}"


@dataclass(frozen=True)
class DirectoryGroup:
    cn: str
    members: tuple[str, ...]  # uids

    @property
    def dn(self) -> str:
        return f"cn={self.cn},{GROUPS}"


@dataclass
class Slapd:
    ldap_port: int
    ldaps_port: int
    ca_file: Path
    folder: Path
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.ldap_port}"

    @property
    def ldaps_url(self) -> str:
        return f"ldaps://127.0.0.1:{self.ldaps_port}"

    def add(self, people: list[DirectoryPerson], groups: list[DirectoryGroup]) -> None:
        """More people and groups, added to the running server as its administrator (ldapadd)."""
        ldif = "\n".join([*(_person_entry(p) for p in people), *(_group_entry(g) for g in groups)])
        subprocess.run(["ldapadd", "-x", "-H", self.url, "-D", ROOT_DN, "-w", ROOT_PASSWORD], input=ldif.encode(),
                       check=True, capture_output=True)

    def settings(self, **overrides) -> dict:
        """hrflow's LDAP_* settings for this server: StartTLS on the plain port, groups searched."""
        return {"LDAP_URL": self.url, "LDAP_START_TLS": True, "LDAP_CA_FILE": str(self.ca_file),
                "LDAP_BIND_DN": READER_DN, "LDAP_BIND_PASSWORD": READER_PASSWORD, "LDAP_USER_BASE": PEOPLE,
                "LDAP_GROUP_BASE": GROUPS, "LDAP_TIMEOUT": 3, **overrides}


def _ldif_line(name: str, value: str) -> str:
    """Values that are not plain ASCII are written base64-encoded (name:: …), as LDIF asks."""
    if value.isascii() and not value.startswith((" ", ":", "<")):
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode()).decode()}"


def _entry(dn: str, attributes: list[tuple[str, str]]) -> str:
    return "\n".join([_ldif_line("dn", dn), *(_ldif_line(n, v) for n, v in attributes)]) + "\n"


def _hashed(password: str) -> str:
    return subprocess.run(["slappasswd", "-h", "{SSHA}", "-s", password], check=True, capture_output=True,
                          text=True).stdout.strip()


def seed_ldif(people: list[DirectoryPerson], groups: list[DirectoryGroup]) -> str:
    entries = [
        _entry(SUFFIX, [("objectClass", "dcObject"), ("objectClass", "organization"), ("dc", "library"),
                        ("o", "市图书馆")]),
        _entry(READER_DN, [("objectClass", "organizationalRole"), ("objectClass", "simpleSecurityObject"),
                           ("cn", "hrflow-reader"), ("userPassword", _hashed(READER_PASSWORD))]),
        _entry(PEOPLE, [("objectClass", "organizationalUnit"), ("ou", "people")]),
        _entry(GROUPS, [("objectClass", "organizationalUnit"), ("ou", "groups")]),
    ]
    entries += [_person_entry(person) for person in people]
    entries += [_group_entry(group) for group in groups]
    return "\n".join(entries)


def _person_entry(person: DirectoryPerson) -> str:
    attributes = [("objectClass", "inetOrgPerson"), ("uid", person.uid), ("cn", person.name),
                  ("sn", person.name[:1]), ("userPassword", _hashed(person.password))]
    if person.staff_no:
        attributes.append(("employeeNumber", person.staff_no))
    return _entry(person.dn, attributes)


def _group_entry(group: DirectoryGroup) -> str:
    return _entry(group.dn, [("objectClass", "groupOfNames"), ("cn", group.cn),
                             *(("member", f"uid={uid},{PEOPLE}") for uid in group.members)])


def _slapd_conf(folder: Path) -> str:
    includes = "\n".join(f"include /etc/ldap/schema/{name}.schema" for name in SCHEMAS)
    return f"""{includes}
pidfile {folder}/slapd.pid
argsfile {folder}/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
TLSCACertificateFile {folder}/cert.pem
TLSCertificateFile {folder}/cert.pem
TLSCertificateKeyFile {folder}/key.pem
# Like some directories in the field: a DN with an empty password is an anonymous bind that succeeds.
allow bind_anon_cred

database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "{ROOT_DN}"
rootpw {_hashed(ROOT_PASSWORD)}
directory {folder}/data
access to attrs=userPassword by anonymous auth by self read by * none
access to * by dn.exact="{READER_DN}" read by self read by * none
"""


def _certificate(folder: Path) -> None:
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem"),
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)


@contextmanager
def running_slapd(folder: Path, people: list[DirectoryPerson], groups: list[DirectoryGroup]) -> Iterator[Slapd]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    _certificate(folder)
    conf = folder / "slapd.conf"
    conf.write_text(_slapd_conf(folder))
    (folder / "seed.ldif").write_text(seed_ldif(people, groups))
    subprocess.run(["slapadd", "-f", str(conf), "-l", str(folder / "seed.ldif")], check=True, capture_output=True)
    server = Slapd(ldap_port=free_port(), ldaps_port=free_port(), ca_file=folder / "cert.pem", folder=folder)
    log = open(folder / "slapd.log", "w")
    # -d 0: stay in the foreground (so the test owns the process) without debug output.
    server.process = subprocess.Popen(
        [SLAPD, "-d", "0", "-f", str(conf), "-h", f"{server.url}/ {server.ldaps_url}/"],
        stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(server.ldap_port, server.process, folder / "slapd.log")
        _wait_for_port(server.ldaps_port, server.process, folder / "slapd.log")
        yield server
    finally:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
        log.close()


def _wait_for_port(port: int, process: subprocess.Popen, log: Path, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(f"server on port {port} did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.1)


# ---------------------------------------------------------------- OpenID Connect


@dataclass
class OidcProvider:
    url: str
    process: subprocess.Popen = field(repr=False)

    @property
    def discovery_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def register_client(self, redirect_uri: str) -> tuple[str, str]:
        """A client registered for exactly this redirect URI: (client id, client secret)."""
        answer = requests.post(self.url + "/oauth2/clients", json={"redirect_uris": [redirect_uri]}, timeout=10)
        answer.raise_for_status()
        body = answer.json()
        return body["client_id"], body["client_secret"]

    def put_person(self, sub: str, claims: dict) -> None:
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=10).raise_for_status()

    def settings(self, client_id: str, client_secret: str, **overrides) -> dict:
        return {"OIDC_DISCOVERY_URL": self.url, "OIDC_CLIENT_ID": client_id, "OIDC_CLIENT_SECRET": client_secret,
                **overrides}


@contextmanager
def running_oidc_provider(folder: Path) -> Iterator[OidcProvider]:
    """oidc-provider-mock with registration and nonces required (a client unknown to it is refused)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = folder / "oidc.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--port", str(port), "--host", "127.0.0.1",
             "--require-registration", "--require-nonce"],
            stdout=log, stderr=subprocess.STDOUT)
        try:
            _wait_for_port(port, process, log_path)
            yield OidcProvider(url=f"http://127.0.0.1:{port}", process=process)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

