"""Uploaded photos and proof: recognised by their content (never by the name or the browser's word), images
re-encoded so that nothing but the pixels is kept (no EXIF, no comments, no trailing payload), PDFs kept as
they are once they start as one. Stored under instance/portal/ by a random name, 0600."""

from __future__ import annotations

import io
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from PIL import Image, UnidentifiedImageError

from hrflow.errors import DomainError
from hrflow.private_files import private_folder, write_private_file

JPEG, PNG, PDF = "image/jpeg", "image/png", "application/pdf"
MAX_PIXELS = 40_000_000  # a decompression bomb is refused before it is decoded
PHOTO_SIDE = 1200  # photos are scaled down to this at most


class UploadError(DomainError):
    """The file is refused: the message says why."""


@dataclass(frozen=True)
class CleanFile:
    data: bytes
    media_type: str
    suffix: str


def sniff(data: bytes) -> str | None:
    """The type the bytes are, by their first bytes."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def clean_upload(data: bytes, *, max_bytes: int, photo: bool = False) -> CleanFile:
    """The file as it will be kept, or UploadError. A photo must be an image."""
    if not data:
        raise UploadError("文件是空的")
    if len(data) > max_bytes:
        raise UploadError(f"文件超过 {max_bytes // (1024 * 1024) or 1} MB")
    kind = sniff(data)
    if kind is None:
        raise UploadError("只接受 PDF、JPG 或 PNG 文件（按文件内容识别）")
    if kind == PDF:
        if photo:
            raise UploadError("照片应为 JPG 或 PNG 图片")
        return CleanFile(data, PDF, ".pdf")
    return _reencoded(data, kind, photo)


def _reencoded(data: bytes, kind: str, photo: bool) -> CleanFile:
    """Decode the pixels and write them anew: whatever else the file carried is gone."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                raise UploadError("图片过大")
            image.load()
            pixels = image.convert("RGB") if kind == JPEG or image.mode not in ("RGB", "RGBA", "L") else image.copy()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as error:
        raise UploadError("图片无法读取") from error
    pixels.info.clear()  # EXIF, comments, ICC profiles and the like are never written back
    if photo:
        pixels.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
    out = io.BytesIO()
    if kind == JPEG or photo:
        pixels.convert("RGB").save(out, "JPEG", quality=88)
        return CleanFile(out.getvalue(), JPEG, ".jpg")
    pixels.save(out, "PNG")
    return CleanFile(out.getvalue(), PNG, ".png")


def display_name(name: str | None) -> str:
    """The uploaded name for display only: the last part of any path, no control characters, short."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "file"
    return base[-100:]


def folder() -> Path:
    return private_folder(Path(current_app.instance_path) / "portal")


def store(clean: CleanFile) -> str:
    """Write the file under a fresh random name; the name is returned (kept in the database)."""
    name = secrets.token_hex(16) + clean.suffix
    write_private_file(folder() / name, clean.data)
    return name


def path_of(stored_name: str) -> Path:
    """Where a stored file is: only names this module made (hex and a suffix) are ever joined to the folder."""
    if not re.fullmatch(r"[0-9a-f]{32}\.(jpg|png|pdf)", stored_name):
        raise UploadError("文件名无效")
    return folder() / stored_name


def remove(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
