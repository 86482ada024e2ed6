"""WSGI entry point: ``gunicorn wsgi:app`` or ``flask --app wsgi …``.

Production unless FORUM_CONFIG says otherwise: it needs SECRET_KEY and PUBLIC_BASE_URL
(and REDIS_URL, for rate limits shared by the workers). `make run` picks development.
"""

import gc

from forum import create_app

app = create_app()
# Objects made while starting never die; keeping them out of the collector's sweeps removes
# the occasional long pause under load (measured by bench/wall.py).
gc.freeze()
