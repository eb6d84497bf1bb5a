"""The 2,000-person 登记表 batch (bench/synthetic.py's unit and cycle): wall time with 1 and with 2 worker
processes, and the peak memory of every process at 2,000 and 4,000 people.

Each run is `hrflow print assessment-forms` in a process of its own (python -m bench.batch URL WORKERS),
so its memory is the batch's alone: the high-water mark of the process's own memory (VmHWM) and ru_maxrss
of its largest pool process. Not the process's own ru_maxrss: Linux carries a process's peak across exec,
so a process started by the benchmark (by then hundreds of megabytes, after the other suites) would report
the benchmark's size. A pool process, started by this small one, carries at most this one's."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.synthetic import build_cycle, build_staff, build_unit
from hrflow.extensions import db

ROOT = Path(__file__).resolve().parent.parent


def _build(app, people: int) -> str:
    with app.app_context():
        db.create_all()
        build_unit(departments=20, posts_per_department=10 * max(1, people // 2000))
        build_staff(people)
        build_cycle(2025)
        url = str(db.engine.url.render_as_string(hide_password=False))
        db.session.remove()
    return url


def _run(url: str, workers: int, font_cache: str) -> dict:
    output = subprocess.run([sys.executable, "-m", "bench.batch", url, str(workers), font_cache], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def measure(make_app: Callable) -> dict[str, float]:
    results: dict[str, float] = {}
    for people in (2000, 4000):
        app = make_app()
        url = _build(app, people)
        font_cache = app.config["FONT_CACHE_DIR"]
        runs = (1, 2) if people == 2000 else (2,)
        for workers in runs:
            run = _run(url, workers, font_cache)
            results[f"batch_{people}_seconds_{workers}_workers"] = run["seconds"]
            results[f"batch_{people}_pages"] = run["pages"]
            results[f"batch_{people}_peak_rss_mb_{workers}_workers"] = max(run["parent_mb"], run["worker_mb"])
        with app.app_context():
            db.drop_all()
    results["batch_peak_rss_growth_2000_to_4000"] = round(
        results["batch_4000_peak_rss_mb_2_workers"] / results["batch_2000_peak_rss_mb_2_workers"] - 1, 3)
    return results


def main(url: str, workers: int, font_cache: str) -> None:
    from hrflow import create_app
    from hrflow.assessment import queries
    from hrflow.pdf.batch import render_batch_to_path
    from hrflow.printing.documents.assessment import assessment_forms_batch

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "FONT_CACHE_DIR": font_cache,
                      "PRINT_WORKERS": workers})
    with app.app_context(), tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        report = render_batch_to_path(assessment_forms_batch(queries.get_cycle(2025), None),
                                      Path(folder) / "forms.pdf")
        seconds = time.perf_counter() - started
    print(json.dumps({"seconds": round(seconds, 1), "pages": report.pages,
                      "parent_mb": own_peak_kb() // 1024,
                      "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024}))


def own_peak_kb() -> int:
    """The most memory this process has held since it started (kB): VmHWM, which exec resets."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


if __name__ == "__main__":
    os.environ.setdefault("HRFLOW_INSTANCE_PATH", tempfile.mkdtemp())
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
