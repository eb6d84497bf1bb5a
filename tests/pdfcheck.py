"""Reading PDFs back in tests: text (pdftotext) and embedded fonts (pdffonts), both from poppler-utils."""

import subprocess
import tempfile
from pathlib import Path


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        return subprocess.run(["pdftotext", "-layout", file.name, "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        return subprocess.run(["pdffonts", file.name], capture_output=True, text=True, check=True).stdout


def pdf_pages(data: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)
