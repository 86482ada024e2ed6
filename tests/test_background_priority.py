"""The worker and the batch commands yield the CPU to the requests: they lower their own
priority, never raise it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
NICENESS_OF_WORKER = """\
import os, sys
from forum import create_app
from forum.cli import worker_command
app = create_app("testing", SQLALCHEMY_DATABASE_URI=sys.argv[1], BACKGROUND_NICENESS=10)
with app.app_context():
    worker_command.main(["--once"], standalone_mode=False)
print("niceness", os.getpriority(os.PRIO_PROCESS, 0))
"""


def test_the_worker_runs_at_the_configured_niceness(app: Flask):
    done = subprocess.run(
        [sys.executable, "-c", NICENESS_OF_WORKER, app.config["SQLALCHEMY_DATABASE_URI"]],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert "Working at CPU niceness 10: the requests come first." in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "niceness 10"


def test_a_process_already_nicer_stays_as_nice():
    code = "from forum.background import yield_cpu; import os; os.nice(15); print(yield_cpu(10))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "15"
    assert os.getpriority(os.PRIO_PROCESS, 0) < 10  # this test process was left alone
