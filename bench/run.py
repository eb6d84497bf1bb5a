"""`make bench`: build deterministic synthetic data, measure, and hold the figures against their goals.

Runs on SQLite, and on PostgreSQL too when HRFLOW_TEST_DATABASE_URL is set (the deadline rush runs on
PostgreSQL only). Prints the goals' table, writes everything measured to bench/results/latest.json and
latest.md, merges each database's figures into bench/results.json (all git-ignored: a run changes no tracked
file) and exits with status 1 when a goal is missed. bench/README.md explains the figures."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench import batch, pages, pdf, review, rush
from hrflow import create_app
from hrflow.extensions import db
from tests.conftest import _drop_postgres, _postgres_url

HERE = Path(__file__).parent
SUITES = ("pdf", "pages", "review", "batch", "rush")
RESULTS = HERE / "results.json"  # every database's latest figure of each suite, merged run after run


@dataclass(frozen=True)
class Goal:
    figure: str  # the key in the results; checked from outside, so never renamed
    suite: str
    limit: float  # the figure meets its goal at or below this (at or above it when at_least)
    text: str
    at_least: bool = False
    databases: tuple[str, ...] = ("sqlite", "postgresql")  # where the figure is measured

    def met(self, value: float) -> bool:
        return value >= self.limit if self.at_least else value <= self.limit


GOALS = (
    Goal("pdf_single_form_s", "pdf", 0.4, "≤ 0.4"),
    Goal("pdf_batch_per_page_s", "pdf", 0.05, "≤ 0.05"),
    Goal("page_p95_ratio_vs_bare_flask", "pages", 4, "≤ 4"),
    Goal("list_queries_growth", "pages", 1.0, "1.0"),  # as many statements at 10× data as at 1×
    Goal("review_20000_applications_s", "review", 5, "≤ 5"),
    Goal("batch_2000_seconds_2_workers", "batch", 90, "≤ 90"),
    Goal("batch_4000_peak_rss_mb_2_workers", "batch", 500, "≤ 500"),
    Goal("batch_peak_rss_growth_2000_to_4000", "batch", 0.1, "< 10 %"),
    Goal("rush_applications", "rush", rush.ACCOUNTS, f"≥ {rush.ACCOUNTS}", at_least=True, databases=("postgresql",)),
    Goal("rush_lost", "rush", 0, "0", databases=("postgresql",)),
    Goal("rush_duplicated", "rush", 0, "0", databases=("postgresql",)),
    Goal("rush_submit_p95_ratio_vs_bare", "rush", 5, "≤ 5", databases=("postgresql",)),
)


def _config(url: str) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False, "FONT_CACHE_DIR": str(HERE.parent / "instance" / "fonts")}


def _sqlite_factory(tmp: Path) -> Callable:
    counter = iter(range(1_000_000))

    def make():
        return create_app(_config(f"sqlite:///{tmp}/bench-{next(counter)}.db"))

    return make


def _postgres_factory(base: str) -> tuple[Callable, list[Callable]]:
    drops: list[Callable] = []

    def make():
        url = _postgres_url(base)
        drops.append(lambda: _drop_postgres(url, base))
        return create_app(_config(url))

    return make, drops


def _fresh(make: Callable):
    app = make()
    with app.app_context():
        db.create_all()
    return app


def run_suites(make: Callable, suites: tuple[str, ...], rounds: int) -> dict[str, float]:
    measures = {"pdf": lambda: pdf.measure(_fresh(make)), "pages": lambda: pages.measure(make, rounds),
                "review": lambda: review.measure(_fresh(make)), "batch": lambda: batch.measure(make),
                "rush": lambda: rush.measure(make)}
    results: dict[str, float] = {}
    for name in suites:
        started = time.perf_counter()
        results.update(measures[name]())
        print(f"  {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return results


def measure_databases(suites: tuple[str, ...], rounds: int) -> dict[str, dict[str, float]]:
    runs: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        print("bench on SQLite", file=sys.stderr)
        runs["sqlite"] = run_suites(_sqlite_factory(Path(tmp)), suites, rounds)
    base = os.environ.get("HRFLOW_TEST_DATABASE_URL")
    if base:
        print("bench on PostgreSQL", file=sys.stderr)
        make, drops = _postgres_factory(base)
        try:
            runs["postgresql"] = run_suites(make, suites, rounds)
        finally:
            for drop in drops:
                drop()
    elif "rush" in suites:
        print("  rush: not measured (PostgreSQL only: set HRFLOW_TEST_DATABASE_URL)", file=sys.stderr)
    return runs


def goal_table(runs: dict[str, dict[str, float]], suites: tuple[str, ...]) -> list[str]:
    lines = ["| figure | goal | " + " | ".join(runs) + " |", "|---|---|" + "---|" * len(runs)]
    for goal in GOALS:
        if goal.suite not in suites:
            continue
        cells = []
        for database, values in runs.items():
            if database not in goal.databases:
                cells.append("— (not measured here)")
                continue
            value = values.get(goal.figure)
            cells.append("not measured ✗" if value is None else f"{value} {'✓' if goal.met(value) else '✗'}")
        lines.append(f"| `{goal.figure}` | {goal.text} | " + " | ".join(cells) + " |")
    return lines


def missed_goals(runs: dict[str, dict[str, float]], suites: tuple[str, ...]) -> list[str]:
    """Every goal of the suites run that a database missed (a figure not measured misses too)."""
    missed = []
    for database, values in runs.items():
        for goal in GOALS:
            value = values.get(goal.figure)
            if goal.suite in suites and database in goal.databases and (value is None or not goal.met(value)):
                missed.append(f"{database}: {goal.figure} = {value}, goal {goal.text}")
    return missed


def report(document: dict) -> str:
    runs, suites = document["results"], tuple(document["suites"])
    machine = document["machine"]
    rounds = f"; {document['rounds']} rounds through the pages" if "pages" in suites else ""
    lines = ["# hrflow benchmark: latest run", "",
             f"Written by `make bench` ({', '.join(suites)}{rounds}); bench/README.md explains each figure.", "",
             f"Measured {document['measured_at']} on {machine['cpus']} CPUs, Python {machine['python']}; "
             f"whole run {document['total_seconds']} s.", "", *goal_table(runs, suites), "", "Details:", ""]
    figures = {goal.figure for goal in GOALS}
    for database, values in runs.items():
        details = ", ".join(f"`{key}` {value}" for key, value in sorted(values.items()) if key not in figures)
        lines.append(f"- {database}: {details}")
    return "\n".join(lines) + "\n"


def merge_results(path: Path, runs: dict[str, dict[str, float]], measured_at: str) -> dict:
    """bench/results.json: each database's figures merged into what the file holds, so that a run of one
    suite (`--only rush`) keeps the other suites' figures."""
    try:
        document = json.loads(path.read_text())
    except (OSError, ValueError):
        document = {}
    merged = document.get("results") if isinstance(document.get("results"), dict) else {}
    for database, values in runs.items():
        if values:
            merged[database] = {**merged.get(database, {}), **values}
    document = {"measured_at": measured_at, "results": merged}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return document


def _at_least_two(text: str) -> int:
    if not text.isdigit() or int(text) < 2:  # a p95 needs two samples at least
        raise argparse.ArgumentTypeError("a whole number of at least 2")
    return int(text)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", choices=SUITES, metavar="SUITE",
                        help=f"measure only this suite ({', '.join(SUITES)}); may be repeated. Default: all")
    parser.add_argument("--rounds", type=_at_least_two, default=pages.ROUNDS,
                        help=f"rounds through the pages for the latency figure (default {pages.ROUNDS})")
    parser.add_argument("--output", type=Path, default=HERE / "results",
                        help="folder for latest.json and latest.md (default bench/results)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    suites = tuple(name for name in SUITES if name in (args.only or SUITES))
    started = time.perf_counter()
    runs = measure_databases(suites, args.rounds)
    document = {
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "total_seconds": round(time.perf_counter() - started, 1),
        "suites": list(suites),
        "rounds": args.rounds,
        "results": runs,
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "latest.json").write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    (args.output / "latest.md").write_text(report(document))
    merge_results(RESULTS, runs, document["measured_at"])
    print("\n".join(goal_table(runs, suites)))
    print(f"\nEverything measured: {args.output / 'latest.md'} and latest.json; merged into {RESULTS}")
    missed = missed_goals(runs, suites)
    for line in missed:
        print(f"goal missed: {line}", file=sys.stderr)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
