"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi …``."""

import gc

from forum import create_app

app = create_app()
# Objects made while starting never die; keeping them out of the collector's sweeps removes
# the occasional long pause under load (measured by bench/wall.py).
gc.freeze()
