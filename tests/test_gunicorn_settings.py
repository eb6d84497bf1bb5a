"""The web workers' collector settings (hrflow/gunicorn_settings.py), applied where gunicorn applies them."""

import subprocess
import sys

from tests.live import ROOT


def test_a_worker_freezes_what_it_loaded_and_collects_the_young_less_often():
    # In a process of its own: the settings change the whole process's collector.
    probe = (
        "import gc; from hrflow import create_app; from hrflow import gunicorn_settings as s\n"
        "app = create_app({'TESTING': True, 'SECRET_KEY': 'x', 'SQLALCHEMY_DATABASE_URI': 'sqlite://'})\n"
        "before = gc.get_threshold(); s.post_worker_init(None)\n"
        "print(before[1:] == gc.get_threshold()[1:], gc.get_threshold()[0], gc.get_freeze_count() > 100_000)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "10000", "True"]
