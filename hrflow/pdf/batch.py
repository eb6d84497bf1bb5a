"""A batch of forms (登记表 of a unit, 岗位说明书 booklet) rendered in chunks and joined into one PDF.

WeasyPrint lays a document out whole, so one document of 2,000 people took 2.8 GB. Here a batch is a
list of items (a form each: its key, its group and label for the bookmarks); chunks of PRINT_CHUNK_FORMS
items are rendered each on its own — by RQ workers when REDIS_URL is set, else by a local pool of
PRINT_WORKERS processes — and written to private temporary files; hrflow.pdf.join then copies their
pages into the output file one by one, stamps the page numbers and writes the bookmarks. No process
holds more than a chunk, and the output is the same as one document's: the same pages with the same
text (tests/test_pdf_batch.py compares them page by page).

Two things a one-piece render does across chunk boundaries are kept:
- page numbers ("第 n 页 共 m 页"): chunks render without them; the joiner stamps them;
- the breaks after a form (a 登记表 starts on a front page, `break-after: recto`): every chunk but the
  last ends with an empty marker element, so the last form breaks as it would before a next one; the
  pages from the marker's on are dropped.

A chunk kind (registered by the area's documents module with @chunk_kind) turns (params, keys) into
the HTML of those forms, each form's element carrying the id item_anchor(key). A worker process knows
the kinds because it builds the app, whose blueprints import the documents modules.

A batch may open with front matter (a booklet's cover and contents, registered with @front_kind): it
names the page each item starts on, which only the rendered chunks tell, and its own length shifts
those pages. So it is rendered after the chunks, in the process that joins them, with the numbers its
previous render implies, until its page count stays the same (twice, usually)."""

from __future__ import annotations

import importlib
import os
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from hrflow.errors import DomainError
from hrflow.pdf.join import FOOTER_SAMPLE, Bookmark, PageNumberStamp, PdfJoiner
from hrflow.pdf.render import render_footer_sample, render_html_pieces
from hrflow.private_files import private_folder, write_private_file

END_MARK = "batch-end"
# Where chunk jobs run, by name: hrflow.jobs.worker builds the app, which this module must not import.
WORKER_MODULE = "hrflow.jobs.worker"


def item_anchor(key: int) -> str:
    """The id a chunk kind gives the element where item `key` begins."""
    return f"batch-item-{key}"


@dataclass(frozen=True)
class BatchItem:
    key: int  # what the chunk kind reads (a form's id)
    group: str  # the first bookmark level (a department)
    label: str  # the second (a person)


@dataclass
class Batch:
    kind: str
    params: dict
    items: list[BatchItem]
    title: str
    front: str | None = None  # a front-matter kind, printed before the items


@dataclass
class ChunkResult:
    pdf: bytes
    pages: int  # the pages to keep
    starts: dict[int, int]  # item key → its first page in the chunk


@dataclass
class BatchReport:
    pages: int
    forms: int
    chunks: int
    seconds: float
    retried: list[int] = field(default_factory=list)  # chunks that failed once and then rendered


class BatchFailed(DomainError):
    """Chunks that failed twice: the batch says whose forms they held."""

    def __init__(self, items: list[BatchItem]):
        self.items = items
        names = "、".join(item.label for item in items[:20]) + ("等" if len(items) > 20 else "")
        super().__init__(f"{len(items)} 份表格未能生成：{names}")


ChunkHtml = Callable[[dict, list[int]], str]
_KINDS: dict[str, ChunkHtml] = {}


def chunk_kind(name: str) -> Callable[[ChunkHtml], ChunkHtml]:
    def register(html: ChunkHtml) -> ChunkHtml:
        _KINDS[name] = html
        return html

    return register


# Front matter: (params, item key → the page it starts on in the joined file, from 1) → HTML.
FrontHtml = Callable[[dict, dict[int, int]], str]
_FRONTS: dict[str, FrontHtml] = {}


def front_kind(name: str) -> Callable[[FrontHtml], FrontHtml]:
    def register(html: FrontHtml) -> FrontHtml:
        _FRONTS[name] = html
        return html

    return register


def render_front(kind: str, params: dict, starts: dict[int, int]) -> ChunkResult:
    """The front matter, given where each item starts after it (from 0, counted from the first item's page)."""
    html_of, pages = _FRONTS[kind], 0
    for _ in range(8):  # each render only grows or shrinks by the lines the previous numbers took
        laid_out = render_html_pieces(html_of(params, {key: pages + page + 1 for key, page in starts.items()}),
                                      page_numbers=False)
        if laid_out.pages == pages:
            return ChunkResult(laid_out.pdf, pages, {})
        pages = laid_out.pages
    raise RuntimeError(f"front matter {kind} does not settle on a page count")


def render_chunk(kind: str, params: dict, keys: list[int], last: bool) -> ChunkResult:
    """One chunk, in the current app context."""
    html = _KINDS[kind](params, keys)
    if not last:
        html = html.replace("</body>", f'<div id="{END_MARK}"></div></body>', 1)
    laid_out = render_html_pieces(html, page_numbers=False)
    kept = laid_out.pages if last else laid_out.anchors.get(END_MARK, laid_out.pages)
    return ChunkResult(laid_out.pdf, kept, {key: laid_out.anchors[item_anchor(key)] for key in keys})


# ---------------------------------------------------------------- running the chunks

@dataclass
class _Chunk:
    index: int
    items: list[BatchItem]
    last: bool
    attempts: int = 0

    def args(self, batch: Batch) -> tuple:
        return batch.kind, batch.params, [item.key for item in self.items], self.last


Done = Callable[[_Chunk, ChunkResult], None]


def _worker_entry(name: str) -> Callable:
    return getattr(importlib.import_module(WORKER_MODULE), name)


def _portable_config() -> dict:
    """What a worker process needs to build the same app: the settings that are plain values."""
    plain = (str, int, float, bool, type(None))
    return {key: value for key, value in current_app.config.items()
            if isinstance(value, plain) or (isinstance(value, list | tuple) and all(isinstance(v, plain) for v in value))}


def _run_in_process(batch: Batch, chunks: list[_Chunk], done: Done, failed: list[_Chunk]) -> None:
    for chunk in chunks:
        chunk.attempts = 1
        try:
            result = render_chunk(*chunk.args(batch))
        except Exception:  # retried once, then the batch names the forms
            current_app.logger.exception("batch chunk %s failed", chunk.index)
            _retry_in_process(batch, chunk, done, failed)
            continue
        done(chunk, result)


def _run_in_pool(batch: Batch, chunks: list[_Chunk], done: Done, failed: list[_Chunk], workers: int) -> None:
    """A local pool of fresh processes (spawned, each building the app once): a forked copy of a web
    worker would inherit its threads' locks and database connections."""
    render = _worker_entry("render_chunk_in_pool")
    start = _worker_entry("start_pool_worker")
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"), initializer=start,
                             initargs=(_portable_config(), current_app.instance_path)) as pool:
        running: dict[Future, _Chunk] = {}

        for chunk in chunks:
            chunk.attempts = 1
            running[pool.submit(render, *chunk.args(batch))] = chunk
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = running.pop(future)
                try:
                    result = future.result()
                except Exception as error:  # also a pool whose process died: the retry runs here
                    current_app.logger.error("batch chunk %s failed: %r", chunk.index, error)
                    _retry_in_process(batch, chunk, done, failed)
                    continue
                done(chunk, result)


def _retry_in_process(batch: Batch, chunk: _Chunk, done: Done, failed: list[_Chunk]) -> None:
    chunk.attempts = 2
    try:
        result = render_chunk(*chunk.args(batch))
    except Exception:
        current_app.logger.exception("batch chunk %s failed again", chunk.index)
        failed.append(chunk)
        return
    done(chunk, result)


def _run_on_rq(batch: Batch, chunks: list[_Chunk], done: Done, failed: list[_Chunk]) -> None:
    """Chunks as RQ jobs for every worker on the queue (this machine or others sharing PostgreSQL and
    Redis). This job waits for them, and renders itself any chunk still queued: with one worker busy
    running this job, nobody else would."""
    from redis import Redis
    from rq import Queue

    queue = Queue(current_app.config["JOB_QUEUE"], connection=Redis.from_url(current_app.config["REDIS_URL"]))
    entry = f"{WORKER_MODULE}.render_chunk_in_worker"
    waiting: dict[str, _Chunk] = {}

    def enqueue(chunk: _Chunk) -> None:
        chunk.attempts += 1
        job = queue.enqueue(entry, *chunk.args(batch), job_timeout=1800, result_ttl=600, failure_ttl=600)
        waiting[job.id] = chunk

    for chunk in chunks:
        enqueue(chunk)
    while waiting:
        progressed = False
        for job_id, chunk in list(waiting.items()):
            job = queue.fetch_job(job_id)
            status = job.get_status(refresh=False) if job is not None else None
            if status == "finished":
                del waiting[job_id]
                done(chunk, _from_wire(job.return_value()))
                job.delete()
                progressed = True
            elif status in ("failed", "stopped", "canceled") or job is None:
                del waiting[job_id]
                if chunk.attempts < 2:
                    enqueue(chunk)
                else:
                    failed.append(chunk)
                progressed = True
            elif status == "queued" and queue.remove(job_id):  # taken back: nobody had started it
                del waiting[job_id]
                job.delete()
                if chunk.attempts < 2:
                    _run_in_process(batch, [chunk], done, failed)
                else:
                    _retry_in_process(batch, chunk, done, failed)
                progressed = True
        if not progressed:
            time.sleep(0.2)


def to_wire(result: ChunkResult) -> dict:
    """A chunk's result as RQ stores it (plain types)."""
    return {"pdf": result.pdf, "pages": result.pages, "starts": {str(k): v for k, v in result.starts.items()}}


def _from_wire(value: dict) -> ChunkResult:
    return ChunkResult(value["pdf"], value["pages"], {int(k): v for k, v in value["starts"].items()})


# ---------------------------------------------------------------- the batch

def chunk_size() -> int:
    return max(1, int(current_app.config.get("PRINT_CHUNK_FORMS") or 50))


def worker_count() -> int:
    return max(1, int(current_app.config.get("PRINT_WORKERS") or os.cpu_count() or 1))


@contextmanager
def _scratch() -> Iterator[Path]:
    """A private temporary folder for the chunks, under the instance folder."""
    parent = private_folder(Path(current_app.instance_path) / "printing")
    with tempfile.TemporaryDirectory(dir=parent) as folder:
        yield Path(folder)


def render_batch(batch: Batch, output: BinaryIO, *, progress: Callable[[int, int], None] | None = None,
                 workers: int | None = None) -> BatchReport:
    """Render the batch into `output` (a file open for binary writing). `progress(forms_done, forms)`
    is called as chunks finish. Raises BatchFailed naming the forms of chunks that failed twice."""
    started = time.perf_counter()
    size = chunk_size()
    # No items: one empty chunk (a page saying nothing), unless front matter makes the document.
    pieces = [batch.items[i:i + size] for i in range(0, len(batch.items), size)] or ([] if batch.front else [[]])
    chunks = [_Chunk(i, items, i == len(pieces) - 1) for i, items in enumerate(pieces)]
    workers = worker_count() if workers is None else workers
    results: dict[int, tuple[Path, int, dict[int, int]]] = {}
    failed: list[_Chunk] = []
    forms_done = 0

    with _scratch() as folder:
        def done(chunk: _Chunk, result: ChunkResult) -> None:
            nonlocal forms_done
            path = write_private_file(folder / f"chunk-{chunk.index:05d}.pdf", result.pdf)
            results[chunk.index] = (path, result.pages, result.starts)
            forms_done += len(chunk.items)
            if progress is not None:
                progress(forms_done, len(batch.items))

        if current_app.config.get("REDIS_URL") and len(chunks) > 1:
            _run_on_rq(batch, chunks, done, failed)
        elif workers > 1 and len(chunks) > 1:
            _run_in_pool(batch, chunks, done, failed, min(workers, len(chunks)))
        else:
            _run_in_process(batch, chunks, done, failed)
        if failed:
            raise BatchFailed([item for chunk in sorted(failed, key=lambda c: c.index) for item in chunk.items])
        front = _front(batch, chunks, results, folder)
        _join(batch, chunks, results, output, front)
    total = sum(pages for _, pages, _ in results.values()) + (front[1] if front else 0)
    return BatchReport(total, len(batch.items), len(chunks), round(time.perf_counter() - started, 2),
                       [c.index for c in chunks if c.attempts > 1])


def _front(batch: Batch, chunks: list[_Chunk], results: dict, folder: Path) -> tuple[Path, int] | None:
    """The front matter rendered into the scratch folder, with the items' pages known: (file, pages)."""
    if batch.front is None:
        return None
    starts: dict[int, int] = {}
    offset = 0
    for chunk in chunks:
        _, pages, chunk_starts = results[chunk.index]
        starts.update({item.key: offset + chunk_starts[item.key] for item in chunk.items})
        offset += pages
    result = render_front(batch.front, batch.params, starts)
    return write_private_file(folder / "front.pdf", result.pdf), result.pages


def _join(batch: Batch, chunks: list[_Chunk], results: dict, output: BinaryIO,
          front: tuple[Path, int] | None = None) -> None:
    total = sum(pages for _, pages, _ in results.values()) + (front[1] if front else 0)
    stamp = PageNumberStamp(render_footer_sample(FOOTER_SAMPLE))
    joiner = PdfJoiner(output, stamp, batch.title, total)
    bookmarks: list[Bookmark] = []
    offset = 0
    if front is not None:
        offset = joiner.add(*front)
        front[0].unlink()
    for chunk in chunks:
        path, pages, starts = results[chunk.index]
        joiner.add(path, pages)
        bookmarks += [Bookmark(item.group, item.label, offset + starts[item.key]) for item in chunk.items]
        offset += pages
        path.unlink()
    joiner.finish(bookmarks)


def render_batch_to_bytes(batch: Batch, **options) -> bytes:
    """render_batch through an unnamed temporary file, read back once: what a background job keeps with
    its row."""
    with tempfile.TemporaryFile() as file:
        render_batch(batch, file, **options)
        file.seek(0)
        return file.read()


def render_batch_to_path(batch: Batch, path: Path, **options) -> BatchReport:
    """render_batch into a file at `path`, created 0600, replaced only when the batch succeeds."""
    partial = path.with_name(path.name + ".part")
    write_private_file(partial, b"")
    try:
        with open(partial, "r+b") as file:
            report = render_batch(batch, file, **options)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return report
