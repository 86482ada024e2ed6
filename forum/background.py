"""Work started by a request that outlives it: a daemon thread with an app context of its
own, for when no worker process runs (the demo, a single node); workers take the same jobs."""

from __future__ import annotations

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
