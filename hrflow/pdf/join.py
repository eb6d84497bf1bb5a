"""Joining a batch's chunk PDFs into one file, page by page, in bounded memory.

Each chunk is read in turn and its pages (with what they use: fonts, images, content) are written to
the output as they are read; only the byte offsets of the written objects and a reference per page
stay in memory, so a unit of 10,000 people joins in the memory of one chunk.

The chunks are rendered without the page number, which a chunk cannot know; the joiner stamps
"第 n 页 共 m 页" on every page. The stamp copies the glyphs and the position of a sample foot that
WeasyPrint rendered in the page frame's font and box (hrflow.pdf.render.render_footer_sample), so
the joined pages read exactly as a one-piece render's. It also writes the bookmarks: one per group
(a department), one per item (a person) under it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

# What the sample foot says: every glyph a page number needs, in this order.
FOOTER_SAMPLE = "第 0123456789 页 共"
STAMP_NAME = NameObject("/HRFlowPageNumber")


@dataclass
class Bookmark:
    """A bookmark to the page (from 0, in the joined file) where an item begins, under its group."""

    group: str
    label: str
    page: int


class PageNumberStamp:
    """Writes "第 n 页 共 m 页" as the page frame does, from the sample foot's glyphs and position."""

    _TEXT = re.compile(rb"BT\s.*?ET", re.S)
    _TM = re.compile(rb"([-\d.]+) ([-\d.]+) Tm")
    _TJ = re.compile(rb"\[(.*?)\] TJ", re.S)

    def __init__(self, sample_pdf: bytes):
        from io import BytesIO

        reader = PdfReader(BytesIO(sample_pdf))
        page = reader.pages[0]
        content = page.get_contents().get_data()
        blocks = [m for m in self._TEXT.finditer(content) if self._TJ.search(m.group(0))]
        # The foot is the lowest text of the page (the content is drawn with y growing downwards).
        foot = max(blocks, key=lambda m: float(self._TM.search(m.group(0)).group(2)))
        glyphs = re.findall(rb"<([0-9a-fA-F]+)>", self._TJ.search(foot.group(0)).group(1))
        codes = [g[i:i + 4] for g in glyphs for i in range(0, len(g), 4)]
        if len(codes) != len(FOOTER_SAMPLE):
            raise ValueError("the page-number sample does not map one glyph per character")
        self.glyph = dict(zip(FOOTER_SAMPLE, codes, strict=True))
        font_name, size = re.search(rb"(/\S+) ([\d.]+) Tf", foot.group(0)).groups()
        self.size = float(size)
        self.widths = _glyph_widths(page["/Resources"]["/Font"][font_name.decode()].get_object())
        x = float(self._TM.search(foot.group(0)).group(1))
        self.centre = x + self._width(FOOTER_SAMPLE) / 2
        # The sample's other text (the page header) is left out: the chunk's pages have their own.
        self.before = self._TEXT.sub(b"", content[:foot.start()])
        self.after = self._TEXT.sub(b"", content[foot.end():])
        self.text = foot.group(0)
        self.reader, self.page = reader, page
        self.media_box = page.mediabox

    def _width(self, text: str) -> float:
        return sum(self.widths.get(int(self.glyph[c], 16), 1000) for c in text) * self.size / 1000

    def content(self, number: int, total: int) -> bytes:
        text = f"第 {number} 页 共 {total} 页"
        x = self.centre - self._width(text) / 2
        tj = b"[<" + b"".join(self.glyph[c] for c in text) + b">] TJ"
        block = self._TM.sub(lambda m: b"%.6f %s Tm" % (x, m.group(2)), self.text, count=1)
        block = self._TJ.sub(lambda m: tj, block, count=1)
        return self.before + block + self.after


def _glyph_widths(font: DictionaryObject) -> dict[int, float]:
    """Glyph id → advance width (1/1000 em) from a CID font's /W array."""
    descendant = font["/DescendantFonts"][0].get_object()
    widths: dict[int, float] = {}
    entries = list(descendant.get("/W", []))
    i = 0
    while i < len(entries):
        first = int(entries[i])
        following = entries[i + 1].get_object() if isinstance(entries[i + 1], IndirectObject) else entries[i + 1]
        if isinstance(following, list):
            for offset, width in enumerate(following):
                widths[first + offset] = float(width)
            i += 2
        else:
            for glyph in range(first, int(following) + 1):
                widths[glyph] = float(entries[i + 2])
            i += 3
    return widths


@dataclass
class _Output:
    """The file being written: object numbers handed out, and where each object starts."""

    file: BinaryIO
    offsets: dict[int, int] = field(default_factory=dict)
    next_number: int = 1

    def reserve(self) -> int:
        number = self.next_number
        self.next_number += 1
        return number

    def write(self, number: int, obj: PdfObject) -> None:
        self.offsets[number] = self.file.tell()
        self.file.write(b"%d 0 obj\n" % number)
        obj.write_to_stream(self.file)
        self.file.write(b"\nendobj\n")

    def add(self, obj: PdfObject) -> IndirectObject:
        number = self.reserve()
        self.write(number, obj)
        return IndirectObject(number, 0, None)


class _Copier:
    """Copies objects of one source PDF into the output under new numbers, each object once."""

    def __init__(self, output: _Output, reader: PdfReader, known: dict[int, int] | None = None):
        self.output, self.reader = output, reader
        self.numbers: dict[int, int] = dict(known or {})
        self.pending: list[tuple[int, int]] = []

    def ref(self, source: IndirectObject) -> IndirectObject:
        number = self.numbers.get(source.idnum)
        if number is None:
            number = self.numbers[source.idnum] = self.output.reserve()
            self.pending.append((source.idnum, source.generation))
        return IndirectObject(number, 0, None)

    def copy(self, obj: PdfObject, *, skip: Iterable[str] = ()) -> PdfObject:
        if isinstance(obj, IndirectObject):
            return self.ref(obj)
        if isinstance(obj, StreamObject):
            copied = StreamObject()
            copied._data = obj._data  # still encoded: copied byte for byte
            copied.update({k: self.copy(v) for k, v in obj.items() if k != "/Length"})
            return copied
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({NameObject(k): self.copy(v) for k, v in obj.items() if k not in skip})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(v) for v in obj)
        return obj

    def flush(self) -> None:
        """Write every object referred to so far (and what they refer to)."""
        while self.pending:
            idnum, generation = self.pending.pop()
            source = self.reader.get_object(IndirectObject(idnum, generation, self.reader))
            self.output.write(self.numbers[idnum], self.copy(source))


class PdfJoiner:
    """`with PdfJoiner(file, stamp, title) as joiner: joiner.add(chunk_path) …; joiner.finish(bookmarks)`.

    The page count must be known before the first page is written (the stamp says it): the batch
    renders every chunk first."""

    def __init__(self, file: BinaryIO, stamp: PageNumberStamp, title: str, total_pages: int):
        self.out = _Output(file)
        self.stamp, self.title, self.total = stamp, title, total_pages
        file.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.catalog, self.pages_root = self.out.reserve(), self.out.reserve()
        self.page_refs: list[IndirectObject] = []
        # The page frame's own state is closed before the stamp draws ("q" … page … "Q /Stamp Do").
        self.open_state = self.out.add(_stream(b"q\n"))
        self.draw_stamp = self.out.add(_stream(b"\nQ\nq " + STAMP_NAME.encode() + b" Do Q\n"))
        stamp_copier = _Copier(self.out, stamp.reader)
        self.stamp_resources = stamp_copier.copy(stamp.page["/Resources"].get_object())
        stamp_copier.flush()
        self.stamp_resources = self.out.add(self.stamp_resources)

    def add(self, chunk: Path, pages: int | None = None) -> int:
        """Copy a chunk's pages (its first `pages`, when given); returns how many."""
        reader = PdfReader(chunk)
        pages = [page.indirect_reference for page in reader.pages][:pages]
        known = {ref.idnum: self.out.reserve() for ref in pages}
        copier = _Copier(self.out, reader, known)
        for ref in pages:
            page = reader.get_object(ref)
            copied = copier.copy(page, skip=("/Parent", "/Contents", "/Resources"))
            copied[NameObject("/Parent")] = IndirectObject(self.pages_root, 0, None)
            copied[NameObject("/Contents")] = ArrayObject(
                [self.open_state, *_contents(copier, page), self.draw_stamp])
            copied[NameObject("/Resources")] = self._resources(copier, page)
            copier.flush()
            self.out.write(known[ref.idnum], copied)
            self.page_refs.append(IndirectObject(known[ref.idnum], 0, None))
        return len(pages)

    def _resources(self, copier: _Copier, page: DictionaryObject) -> DictionaryObject:
        """The page's resources, and its page number as a form XObject."""
        resources = copier.copy(page.get("/Resources", DictionaryObject()).get_object())
        xobjects = resources.get("/XObject", DictionaryObject())
        if isinstance(xobjects, IndirectObject):  # shared with other pages: copied by value here
            xobjects = copier.copy(page["/Resources"].get_object()["/XObject"].get_object())
        xobjects = DictionaryObject(xobjects)
        form = _stream(self.stamp.content(len(self.page_refs) + 1, self.total))
        form.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject(self.stamp.media_box),
                     NameObject("/Resources"): self.stamp_resources})
        xobjects[STAMP_NAME] = self.out.add(form)
        resources[NameObject("/XObject")] = xobjects
        return resources

    def finish(self, bookmarks: list[Bookmark]) -> None:
        out = self.out
        out.write(self.pages_root, DictionaryObject({
            NameObject("/Type"): NameObject("/Pages"), NameObject("/Kids"): ArrayObject(self.page_refs),
            NameObject("/Count"): NumberObject(len(self.page_refs))}))
        catalog = DictionaryObject({NameObject("/Type"): NameObject("/Catalog"),
                                    NameObject("/Pages"): IndirectObject(self.pages_root, 0, None)})
        if bookmarks:
            catalog[NameObject("/Outlines")] = self._outline(bookmarks)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        out.write(self.catalog, catalog)
        info = out.add(DictionaryObject({NameObject("/Title"): TextStringObject(self.title),
                                         NameObject("/Producer"): TextStringObject("hrflow")}))
        xref = out.file.tell()
        size = out.next_number
        out.file.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for number in range(1, size):
            out.file.write(b"%010d 00000 n \n" % out.offsets[number])
        out.file.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
                       % (size, self.catalog, info.idnum, xref))

    def _outline(self, bookmarks: list[Bookmark]) -> IndirectObject:
        """Outline root → a bookmark per group (in order of first appearance) → one per item."""
        groups: dict[str, list[Bookmark]] = {}
        for mark in bookmarks:
            groups.setdefault(mark.group, []).append(mark)
        root = self.out.reserve()
        group_numbers = [self.out.reserve() for _ in groups]
        for index, (name, marks) in enumerate(groups.items()):
            item_numbers = [self.out.reserve() for _ in marks]
            for i, mark in enumerate(marks):
                self.out.write(item_numbers[i], self._entry(mark.label, mark.page, group_numbers[index],
                                                            item_numbers, i))
            entry = self._entry(name, marks[0].page, root, group_numbers, index)
            entry.update({NameObject("/First"): _ref(item_numbers[0]), NameObject("/Last"): _ref(item_numbers[-1]),
                          NameObject("/Count"): NumberObject(-len(marks))})  # closed: the groups show first
            self.out.write(group_numbers[index], entry)
        self.out.write(root, DictionaryObject({
            NameObject("/Type"): NameObject("/Outlines"), NameObject("/First"): _ref(group_numbers[0]),
            NameObject("/Last"): _ref(group_numbers[-1]), NameObject("/Count"): NumberObject(len(group_numbers))}))
        return _ref(root)

    def _entry(self, title: str, page: int, parent: int, siblings: list[int], index: int) -> DictionaryObject:
        entry = DictionaryObject({
            NameObject("/Title"): TextStringObject(title), NameObject("/Parent"): _ref(parent),
            NameObject("/Dest"): ArrayObject([self.page_refs[page], NameObject("/XYZ"), NullObject(), NullObject(),
                                              NullObject()])})
        if index > 0:
            entry[NameObject("/Prev")] = _ref(siblings[index - 1])
        if index + 1 < len(siblings):
            entry[NameObject("/Next")] = _ref(siblings[index + 1])
        return entry


def _ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)


def _stream(data: bytes) -> StreamObject:
    stream = StreamObject()
    stream._data = data
    return stream


def _contents(copier: _Copier, page: DictionaryObject) -> list[IndirectObject]:
    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    if isinstance(resolved, ArrayObject):
        return [copier.copy(c) for c in resolved]
    return [copier.copy(contents)]
