"""The doors' lane: a device's scan answered before Flask's request machinery starts.

A door scanner's ``POST /api/v1/checkins`` with a bearer token is the one request that comes
by the thousand in minutes. Through the app it pays for every extension's hooks (sessions,
sign-in, security headers, rate limits, CSRF, two-step sign-in), none of which it needs, and
they cost more than the scan itself. This WSGI middleware answers it on the doors' fast path
(``forum.checkin.fast``) with the same parsing, token check, budget, headers and metrics.

Anything else goes on to the app unchanged, its body rewound: another request, a browser's
(cookies bring the app's sign-in rules), a token we do not know or that must be noted as
seen, a body the schema refuses, a spent budget, and every scan the fast path leaves to the
full one. So the app still gives every refusal and
every unusual answer, from one code path; the lane only ever answers 200."""

from __future__ import annotations

import io
from collections.abc import Iterable
from contextlib import nullcontext
from timeit import default_timer
from typing import TYPE_CHECKING, Any

import orjson
from flask import Flask
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.http import parse_options_header
from werkzeug.wsgi import get_content_length

from forum.api.auth import BEARER_KEY
from forum.api.budget import BUDGET_OUTCOME, spend
from forum.auth.models import Role
from forum.auth.tokens import LiveToken, needs_touch, token_from_header
from forum.checkin.fast import fast_check_in
from forum.checkin.metrics import SCANS
from forum.checkin.schemas import ScanRequest, ScanResult
from forum.checkin.services import InvalidScan, Scan
from forum.db import is_lock_timeout, open_transaction, short_lock_wait, utcnow
from forum.extensions import db

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SCAN_PATH = "/api/v1/checkins"
SCAN_ENDPOINT = "checkin_api.create_checkin"
# A QR text may hold 65,536 characters of up to 4 bytes; larger bodies go to the app.
MAX_BODY = 300_000
# In the WSGI environ: the lock timeout the lane met, for the app to answer "busy" with.
FOUND_LOCKED = "forum.lane_found_locked"
# The scans' budget, as the lane and the view (forum.checkin.api) both spend it.
SCAN_LIMIT, SCAN_SCOPE = "SCAN_RATE_LIMIT", "checkins"
Headers = list[tuple[str, str]]


class DoorLane:
    """WSGI middleware in front of the app's own ``wsgi_app`` (see the module's text)."""

    def __init__(self, app: Flask, wrapped: WSGIApplication) -> None:
        self.app = app
        self.wrapped = wrapped
        self._headers: dict[str, Headers | None] = {}  # per scheme and host; None: never answer

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        length = self._length_of_a_device_scan(environ)
        if length is not None:
            try:
                answered = self._answer(environ, length)
            except Exception:
                # Never the scanner's problem: the app answers (a nonce is recorded once, so
                # a scan the lane recorded is replayed there with its first answer).
                self.app.logger.exception("The doors' lane failed; the app answers the scan")
                answered = None
            if answered is not None:
                status, headers, payload = answered
                start_response(status, headers)
                return [payload]
        return self.wrapped(environ, start_response)

    def _length_of_a_device_scan(self, environ: WSGIEnvironment) -> int | None:
        """The body's length for a plain device scan, or None for every other request: a
        signed-in browser (its cookies bring the app's sign-in rules) goes to the app."""
        if not (
            self.app.config["DOOR_LANE"]
            and environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO") == SCAN_PATH
            and not environ.get("SCRIPT_NAME")
            and not environ.get("QUERY_STRING")
            and not environ.get("HTTP_COOKIE")
            and str(environ.get("HTTP_AUTHORIZATION", "")).startswith("Bearer ")
            and parse_options_header(environ.get("CONTENT_TYPE"))[0] == "application/json"
        ):
            return None
        length = get_content_length(environ)  # None when chunked or not a number
        return length if length is not None and length <= MAX_BODY else None

    def _answer(self, environ: WSGIEnvironment, length: int) -> tuple[str, Headers, bytes] | None:
        started = default_timer()
        headers = self._answer_headers(environ)
        if headers is None:
            return None
        with self.app.app_context():
            result = self._in_one_transaction(environ, length)
        if result is None:
            return None
        payload = result.model_dump_json().encode()
        try:
            self._count(result, default_timer() - started)
        except Exception:  # figures never cost a scanner its answer
            self.app.logger.exception("The doors' lane could not count a scan")
        return "200 OK", [*headers, ("Content-Length", str(len(payload)))], payload

    def _in_one_transaction(self, environ: WSGIEnvironment, length: int) -> ScanResult | None:
        """The scan, committed; on SQLite every lock waited for briefly, as the app's hot
        views do (``forum.web.hot_write_nowait``)."""
        sqlite = db.engine.dialect.name == "sqlite"
        waiting = short_lock_wait(self.app.config["HOT_WRITE_LOCK_WAIT_MS"])
        try:
            with waiting if sqlite else nullcontext():
                result = self._scan(environ, length)
                if open_transaction():  # SQLite's; PostgreSQL's scan autocommits
                    db.session.commit()
        except (InvalidScan, SQLAlchemyError) as error:
            # A time the app refuses: it says so. A lock not free in time: the app answers
            # "busy" at once, not after waiting for it a second time.
            db.session.rollback()
            if is_lock_timeout(error):
                environ[FOUND_LOCKED] = error
            return None
        return result

    def _scan(self, environ: WSGIEnvironment, length: int) -> ScanResult | None:
        """The fast path's answer, or None (the token and the budget's outcome noted for
        the app, which does not look them up or spend them again)."""
        now = utcnow()
        token = token_from_header(str(environ["HTTP_AUTHORIZATION"]))
        environ[BEARER_KEY] = token
        if token is None or not token.role.includes(Role.STAFF) or needs_touch(token, now):
            return None  # the app refuses it, or notes the device as seen
        body: bytes = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # the app reads it again if it must
        request = _scan_request(body)
        if request is None:
            return None
        outcome = spend(SCAN_LIMIT, SCAN_SCOPE, device_key(token))
        environ[BUDGET_OUTCOME] = outcome
        if outcome is not None:
            return None
        return fast_check_in(Scan.sent(request, token.name), now=now)

    def _answer_headers(self, environ: WSGIEnvironment) -> Headers | None:
        """The headers the app's own hooks give this endpoint's answer, worked out once per
        URL scheme and (trusted) host; None where the app would not answer it (HTTPS forced
        on plain HTTP)."""
        scheme = str(environ.get("wsgi.url_scheme", "http"))
        host = str(environ.get("HTTP_HOST") or environ.get("SERVER_NAME") or "localhost")
        base_url = f"{scheme}://{host}"
        if base_url not in self._headers:
            self._headers[base_url] = _hook_headers(self.app, base_url)
        return self._headers[base_url]

    def _count(self, result: ScanResult, seconds: float) -> None:
        """The same metrics as the app's: scans by status, and the endpoint's latency."""
        SCANS.labels(status=result.status).inc()
        exporter = self.app.extensions["forum_metrics"]
        collectors: dict[str, Any] = exporter.registry._names_to_collectors
        labels = {"method": "POST", "status": 200}
        collectors["forum_http_request_duration_seconds"].labels(
            endpoint=SCAN_ENDPOINT, **labels
        ).observe(seconds)
        collectors["forum_http_request_total"].labels(**labels).inc()


def device_key(token: LiveToken) -> str:
    """A device's own scan budget: one per token, not per venue address."""
    return f"token:{token.id}"


def _scan_request(body: bytes) -> ScanRequest | None:
    """The body parsed as the app parses it (the JSON object, then the schema), or None."""
    try:
        parsed = orjson.loads(body)
        return ScanRequest.model_validate(parsed) if isinstance(parsed, dict) else None
    except (orjson.JSONDecodeError, ValidationError):
        return None


def _hook_headers(app: Flask, base_url: str) -> Headers | None:
    """Run the app's request hooks around an empty JSON answer and keep what they add."""
    with app.test_request_context(SCAN_PATH, method="POST", base_url=base_url):
        from flask import request

        request.prom_do_not_track = True  # type: ignore[attr-defined]  # not a real request
        if app.preprocess_request() is not None:
            return None
        response = app.process_response(app.response_class(b"", mimetype="application/json"))
    if response.status_code != 200:
        return None
    return [(name, value) for name, value in response.headers.items() if name != "Content-Length"]
