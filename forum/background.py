"""Work outside the requests: a daemon thread with an app context of its own, for when no
worker process runs (the demo, a single node), and the processes that do the batch work
(the worker, a summit sync), which yield the CPU to the requests."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from flask import Flask

from forum.extensions import db


def start_in_thread(app: Flask, name: str, work: Callable[[], object]) -> threading.Thread:
    """Run ``work`` in a daemon thread inside its own application context and session."""
    thread = threading.Thread(target=_in_context, args=(app, work), name=name, daemon=True)
    thread.start()
    return thread


def _in_context(app: Flask, work: Callable[[], object]) -> None:
    with app.app_context():
        try:
            work()
        finally:
            db.session.remove()


def yield_cpu(niceness: int) -> int:
    """Lower this process's CPU priority to ``niceness`` (never raise it back): on the
    forum's day, rendering certificates or syncing the summit must not slow the doors.
    Returns the niceness the process runs at."""
    if not hasattr(os, "getpriority"):
        return 0  # no priorities to set on this system
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if niceness > current:
        os.setpriority(os.PRIO_PROCESS, 0, niceness)
    return os.getpriority(os.PRIO_PROCESS, 0)
