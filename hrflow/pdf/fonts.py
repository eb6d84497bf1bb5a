"""The PDF font cache: a derived CJK font built once from the system's Noto CJK font.

Measured (pdf-fonts.md): subsetting Noto CJK to GB2312 + ASCII and converting its CFF outlines to
TrueType makes forms ~1.7× faster and ~4× smaller. Characters outside the subset (rare name
characters such as 喆 堃 玥) still print, because the system font follows it in the CSS stack."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from hrflow.errors import DomainError

FAMILY = "HRFlow CJK"
SOURCE_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")
DERIVED_NAME = "hrflow-cjk.ttf"
META_NAME = "hrflow-cjk.json"
FORMAT_VERSION = 2  # bump when the subset or conversion changes


class FontError(DomainError):
    """PDFs would show boxes or be very slow: say why and how to fix it."""


@dataclass
class FontReport:
    derived: Path
    source: Path
    source_index: int
    fallback_families: tuple[str, ...]
    built: bool
    seconds: float = 0.0
    glyphs: int = 0
    notes: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        state = f"新生成，用时 {self.seconds:.1f} 秒" if self.built else "缓存有效，未重新生成"
        lines = [
            f"派生字体：{self.derived}（{state}，{self.glyphs} 个字形，{self.derived.stat().st_size // 1024} KB）",
            f"来源字体：{self.source}（第 {self.source_index} 个字面）",
            f"后备字体：{'、'.join(self.fallback_families)}（派生字体缺少的字，如生僻姓名用字）",
            "HarfBuzz 子集化：可用",
        ]
        return lines + self.notes


def harfbuzz_subsetting_available() -> bool:
    """WeasyPrint subsets with HarfBuzz only when libharfbuzz-subset is installed (30–50× faster)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except (ImportError, OSError):
        return False
    return bool(harfbuzz_subset) and bool(harfbuzz.hb_version_atleast(4, 1, 0))


def find_source_font() -> tuple[Path, int, str]:
    """The system Noto CJK SC font file (often a .ttc collection) and its face index, via fontconfig."""
    if shutil.which("fc-match") is None:
        raise FontError("找不到 fc-match（请安装 fontconfig）")
    for family in SOURCE_FAMILIES:
        result = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{family}", family],
                                capture_output=True, text=True, check=False)
        path, _, rest = result.stdout.partition("|")
        index, _, found_family = rest.partition("|")
        if path and family.split()[0] in found_family and Path(path).is_file():
            return Path(path), int(index or 0), family
    raise FontError("没有找到中文字体 Noto CJK（请安装 Debian 软件包 fonts-noto-cjk）")


def cache_dir() -> Path:
    path = Path(current_app.config["FONT_CACHE_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    return path


def _source_fingerprint(source: Path, index: int) -> dict:
    stat = source.stat()
    return {"source": str(source), "index": index, "size": stat.st_size, "mtime": int(stat.st_mtime),
            "format": FORMAT_VERSION}


def ensure_font_cache(force: bool = False) -> FontReport:
    """Build the derived font if it is missing or its source changed; safe across processes."""
    if not harfbuzz_subsetting_available():
        raise FontError("WeasyPrint 无法使用 HarfBuzz 子集化（请安装 Debian 软件包 libharfbuzz-subset0），"
                        "否则每份 PDF 需要数秒")
    source, index, family = find_source_font()
    directory = cache_dir()
    derived, meta = directory / DERIVED_NAME, directory / META_NAME
    fingerprint = _source_fingerprint(source, index)
    fallbacks = (family, *[f for f in SOURCE_FAMILIES if f != family])
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder at a time; the others wait and reuse it
        if not force and derived.exists() and meta.exists() and json.loads(meta.read_text()).get("fingerprint") == fingerprint:
            glyphs = json.loads(meta.read_text()).get("glyphs", 0)
            return FontReport(derived, source, index, fallbacks, built=False, glyphs=glyphs)
        started = time.perf_counter()
        glyphs = _build_derived_font(source, index, derived)
        meta.write_text(json.dumps({"fingerprint": fingerprint, "glyphs": glyphs}))
        return FontReport(derived, source, index, fallbacks, built=True, seconds=time.perf_counter() - started,
                          glyphs=glyphs)


def subset_characters() -> str:
    """GB2312 (the 6,763 common hanzi and its symbols), ASCII, and the punctuation forms use."""
    chars = {chr(c) for c in range(0x20, 0x7F)}
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for start, end in ((0x2000, 0x206F), (0x3000, 0x303F), (0xFF00, 0xFFEF), (0x2460, 0x24FF), (0x2190, 0x21FF),
                       (0x25A0, 0x25FF), (0x00A0, 0x00FF)):
        chars.update(chr(c) for c in range(start, end + 1))
    return "".join(sorted(chars))


def _build_derived_font(source: Path, index: int, target: Path) -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=index, lazy=False)
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=subset_characters())
    subsetter.subset(font)
    if "CFF " in font:
        _cff_to_truetype(font)
    _rename(font)
    partial = target.with_suffix(f".{os.getpid()}.tmp")
    font.save(str(partial))
    os.replace(partial, target)  # readers never see a half-written file
    return len(font.getGlyphOrder())


def _cff_to_truetype(font) -> None:
    """Quadratic TrueType outlines (the fontTools otf2ttf recipe): smaller, faster PDFs."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    max_err = font["head"].unitsPerEm / 1000
    glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for attribute in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions"):
        setattr(maxp, attribute, 0)
    maxp.maxComponentElements = max((len(g.components) for g in glyphs.values() if hasattr(g, "components")),
                                    default=0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"


def _rename(font) -> None:
    """Its own family name, so the CSS picks it and it never shadows the system font."""
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = FAMILY
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "")
