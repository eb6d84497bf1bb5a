"""Batches in chunks (hrflow.pdf.batch, hrflow.pdf.join): the joined file reads exactly as the one-piece
render — every page's text, page numbers and blank backs included — in process, in a pool of processes
and on RQ; it has a bookmark per department and per person; a failing chunk is retried once, then named."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from flask import current_app
from pypdf import PdfReader

from hrflow.assessment import operations, queries
from hrflow.extensions import db
from hrflow.models import CycleStatus
from hrflow.pdf import batch as batches
from hrflow.printing.documents import assessment as printing
from tests.assessment_support import build_unit, open_2025

# A summary too long for the front page: this person's sheet takes three pages and a blank back.
LONG_SUMMARY = "本年度认真履行岗位职责，按时完成各项工作任务，服务态度良好。" * 60


def page_texts(data: bytes) -> list[str]:
    """The text of every page as pdftotext lays it out (positions included)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        Path(file.name).write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", file.name, "-"], capture_output=True, text=True,
                             check=True).stdout
    return out.split("\f")[:-1]


def batch_bytes(cycle, department=None, **options) -> bytes:
    output = io.BytesIO()
    printing.write_assessment_forms_pdf(cycle, department, output, **options)
    return output.getvalue()


@pytest.fixture
def unit_cycle():
    """Three departments, eight people; the fourth in table order wrote a summary of three pages."""
    unit = build_unit(children_staff=3, circulation_staff=2, office_staff=2)
    cycle = open_2025(unit)
    operations.advance(cycle, CycleStatus.SELF_REVIEW, actor=unit.hr)
    forms = queries.department_assessments(cycle)
    forms[3].self_summary = LONG_SUMMARY
    db.session.commit()
    unit.cycle, unit.forms = cycle, forms
    return unit


@pytest.fixture
def chunk_of(app):
    saved = app.config.get("PRINT_CHUNK_FORMS")

    def set_size(size: int) -> None:
        app.config["PRINT_CHUNK_FORMS"] = size

    yield set_size
    app.config["PRINT_CHUNK_FORMS"] = saved


@pytest.mark.parametrize("size", [1, 2, 4])
def test_a_batch_in_chunks_reads_page_for_page_as_the_one_piece_document(unit_cycle, chunk_of, size):
    chunk_of(size)
    whole = printing.render_assessment_forms_pdf(unit_cycle.cycle, None)
    joined = batch_bytes(unit_cycle.cycle, workers=1)
    expected, got = page_texts(whole), page_texts(joined)
    assert len(expected) == 2 * 8 + 2  # the long summary's sheet: three pages and a blank back
    assert got == expected
    assert "第 18 页 共 18 页" in got[-1]
    assert "第 10 页 共 18 页" in got[9]  # the blank back after the long sheet is numbered too


def test_each_department_and_person_has_a_bookmark_to_the_first_page_of_the_sheet(unit_cycle, chunk_of):
    chunk_of(2)
    reader = PdfReader(io.BytesIO(batch_bytes(unit_cycle.cycle, workers=1)))
    outline = reader.outline
    groups = [entry["/Title"] for entry in outline if not isinstance(entry, list)]
    assert groups == ["办公室", "少儿部", "成人部/流通部"]
    people = [person for entry in outline if isinstance(entry, list) for person in entry]
    assert [p["/Title"] for p in people] == [f.employee.name for f in unit_cycle.forms]
    pages = [reader.get_destination_page_number(p) for p in people]
    assert pages == [0, 2, 4, 6, 10, 12, 14, 16]
    for person, page in zip(people, pages, strict=True):
        assert person["/Title"] in reader.pages[page].extract_text()


def test_a_pool_of_processes_gives_the_same_document(unit_cycle, chunk_of):
    chunk_of(3)
    whole = printing.render_assessment_forms_pdf(unit_cycle.cycle, None)
    progress = []
    output = io.BytesIO()
    report = printing.write_assessment_forms_pdf(unit_cycle.cycle, None, output, workers=2,
                                                 progress=lambda done, total: progress.append((done, total)))
    assert page_texts(output.getvalue()) == page_texts(whole)
    assert (report.chunks, report.forms, report.pages, report.retried) == (3, 8, 18, [])
    # Chunks of 3, 3 and 2 forms, finishing in any order: forms done grow by a chunk at a time up to all 8.
    done = [d for d, total in progress if total == 8]
    assert len(done) == len(progress) == 3 and done[-1] == 8 and done == sorted(done)
    assert sorted(b - a for a, b in zip([0, *done[:-1]], done, strict=True)) == [2, 3, 3]


def test_on_redis_chunks_no_worker_took_are_rendered_by_the_waiting_job(unit_cycle, chunk_of, app):
    chunk_of(4)
    whole = printing.render_assessment_forms_pdf(unit_cycle.cycle, None)
    saved = app.config.get("REDIS_URL"), app.config.get("JOB_QUEUE")
    app.config["REDIS_URL"], app.config["JOB_QUEUE"] = "redis://127.0.0.1:6379/15", "hrflow-test-batch"
    try:
        joined = batch_bytes(unit_cycle.cycle)
        from redis import Redis

        assert Redis.from_url(app.config["REDIS_URL"]).llen("rq:queue:hrflow-test-batch") == 0
    finally:
        app.config["REDIS_URL"], app.config["JOB_QUEUE"] = saved
    assert page_texts(joined) == page_texts(whole)


# ---------------------------------------------------------------- failures

FAILED_ONCE: set[int] = set()


@batches.chunk_kind("test_flaky")
def _flaky(params: dict, keys: list[int]) -> str:
    """Fails for key 2 always, and for key 3 the first time only."""
    if 2 in keys or (3 in keys and 3 not in FAILED_ONCE):
        FAILED_ONCE.add(3)
        raise RuntimeError("layout failed")
    sections = "".join(f'<section class="form" id="{batches.item_anchor(k)}"><p>表 {k}</p></section>' for k in keys)
    return f"<!doctype html><html><body>{sections}</body></html>"


def flaky_batch(keys: list[int]) -> batches.Batch:
    return batches.Batch("test_flaky", {}, [batches.BatchItem(k, "部门", f"人员{k}") for k in keys], "测试")


def test_a_chunk_that_fails_once_is_retried(app, chunk_of):
    chunk_of(1)
    FAILED_ONCE.clear()
    output = io.BytesIO()
    report = batches.render_batch(flaky_batch([1, 3, 4]), output, workers=1)
    assert report.retried == [1]
    assert [p.extract_text().split()[:2] for p in PdfReader(io.BytesIO(output.getvalue())).pages] == [
        ["表", "1"], ["表", "3"], ["表", "4"]]


def test_a_chunk_that_fails_twice_names_its_forms(app, chunk_of):
    chunk_of(2)
    FAILED_ONCE.clear()
    with pytest.raises(batches.BatchFailed) as failure:
        batches.render_batch(flaky_batch([1, 5, 2, 6, 7]), io.BytesIO(), workers=1)
    assert [item.key for item in failure.value.items] == [2, 6]
    assert "人员2、人员6" in str(failure.value)


def test_the_file_is_replaced_only_when_the_batch_succeeds(app, chunk_of, tmp_path):
    chunk_of(2)
    FAILED_ONCE.clear()
    target = tmp_path / "forms.pdf"
    target.write_bytes(b"before")
    with pytest.raises(batches.BatchFailed):
        batches.render_batch_to_path(flaky_batch([1, 2]), target, workers=1)
    assert target.read_bytes() == b"before"
    assert list(tmp_path.iterdir()) == [target]
    batches.render_batch_to_path(flaky_batch([4, 5]), target, workers=1)
    assert len(PdfReader(target).pages) == 2
    assert target.stat().st_mode & 0o777 == 0o600
    assert not any((Path(current_app.instance_path) / "printing").iterdir())  # no chunk left behind
