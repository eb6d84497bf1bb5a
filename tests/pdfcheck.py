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


def ink_outside_margins(data: bytes, margin_mm: float = 18, page: int = 1, dpi: int = 50) -> int:
    """How many dark pixels a page has left or right of its side margins (0 when the form fits the page)."""
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "page.pdf"
        pdf.write_bytes(data)
        subprocess.run(["pdftoppm", "-gray", "-r", str(dpi), "-f", str(page), "-l", str(page), str(pdf),
                        str(Path(folder) / "p")], check=True)
        (image,) = Path(folder).glob("p*.pgm")
        raw = image.read_bytes()
    magic, width, height, _maxval, pixels = raw.split(maxsplit=4)
    assert magic == b"P5"
    width, height = int(width), int(height)
    edge = round(margin_mm / 25.4 * dpi) - 1  # a pixel of tolerance for anti-aliasing
    return sum(1 for y in range(height) for x in (*range(edge), *range(width - edge, width))
               if pixels[y * width + x] < 128)
