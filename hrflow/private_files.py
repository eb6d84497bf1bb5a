"""Files only their owner may read: the instance folder (secret key, SQLite database, font cache), backups,
post tables waiting for confirmation, the demo logins. They hold personal data or secrets, so folders are
0700 and files 0600 whatever the umask, and a file is never readable by others, not even for a moment."""

from __future__ import annotations

import os
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """`path` created if missing (with its parents) and closed to everybody but its owner, also when it
    already existed (a checkout's instance/ is 0755)."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != FOLDER_MODE:
        path.chmod(FOLDER_MODE)
    return path


def create_private_file(path: Path) -> Path:
    """An empty 0600 file (an existing one is kept and restricted) for a writer that keeps the mode of the
    file it is given, as SQLite's backup and pg_dump do."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        os.fchmod(descriptor, FILE_MODE)
    finally:
        os.close(descriptor)
    return path


def write_private_file(path: Path, data: bytes) -> Path:
    """Write `data` to `path`, created 0600 (an existing file is restricted before it is written)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "wb") as file:
        os.fchmod(descriptor, FILE_MODE)
        file.write(data)
    return path
