"""pdf_single_form_s (one 岗位说明书, warm process) and pdf_batch_per_page_s (a 200-form booklet)."""

from __future__ import annotations

import io
import resource
import statistics
import time

from pypdf import PdfReader

from bench.synthetic import build_unit
from hrflow.extensions import db
from hrflow.models import Post


def measure(app) -> dict[str, float]:
    from hrflow.printing.documents.posts import render_post_booklet_pdf as post_booklet_pdf
    from hrflow.printing.documents.posts import render_post_description_pdf as post_description_pdf

    with app.test_request_context():
        build_unit(departments=20, posts_per_department=10)  # 200 posts with seed-like text
        post = db.session.query(Post).order_by(Post.id).first()
        post_description_pdf(post)  # warm: fonts loaded, stylesheets parsed
        singles = []
        for _ in range(7):
            started = time.perf_counter()
            post_description_pdf(post)
            singles.append(time.perf_counter() - started)
        started, cpu_started = time.perf_counter(), time.process_time()
        booklet = post_booklet_pdf(None)
        batch, batch_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        pages = len(PdfReader(io.BytesIO(booklet)).pages)
    return {
        "pdf_single_form_s": round(statistics.median(singles), 3),
        "pdf_batch_seconds": round(batch, 2),
        "pdf_batch_pages": pages,
        "pdf_batch_per_page_s": round(batch / pages, 4),
        # CPU time of this process: what the batch costs when the machine is not shared
        "pdf_batch_cpu_per_page_s": round(batch_cpu / pages, 4),
        "pdf_batch_size_kb": len(booklet) // 1024,
        # the benchmark process's peak memory so far (Linux reports KB): a PDF worker's size
        "pdf_process_peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }
