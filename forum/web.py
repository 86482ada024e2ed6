"""The one way from a route to a service: run it in the request's transaction, commit once,
and show a refusal where the person will read it (on the form field it concerns, or as a
message at the top of the page)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime as DateTime
from functools import wraps
from typing import Any, Generic, ParamSpec, TypeVar
from urllib.parse import quote

from flask import Response, current_app, flash

from forum.db import reading_only, short_lock_wait
from forum.errors import DomainError
from forum.extensions import db
from forum.forms import Form

T = TypeVar("T")
P = ParamSpec("P")


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a service call gave: its value, or the refusal it raised."""

    value: T | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt(
    action: Callable[[], T], *, form: Form | None = None, field: str | None = None
) -> Outcome[T]:
    """Run ``action`` (a service call) and commit; a DomainError rolls back and is shown.

    The refusal's field problems go on the form's fields, a plain refusal on ``field``;
    whatever has no field on the form is flashed.
    """
    try:
        value = action()
    except DomainError as error:
        db.session.rollback()
        show_refusal(error, form=form, field=field)
        return Outcome(error=error)
    db.session.commit()
    return Outcome(value=value)


def show_refusal(error: DomainError, *, form: Form | None, field: str | None) -> None:
    """Put a refusal's messages on the form's fields, or flash them."""
    problems = error.problems or ({field: error.message} if field else {})
    unplaced = [message for name, message in problems.items() if not _place(form, name, message)]
    if not problems:
        unplaced = [error.message]
    for message in unplaced:
        flash(message, "error")


def _place(form: Form | None, name: str, message: str) -> bool:
    if form is None or name not in form:
        return False
    form[name].errors = [*form[name].errors, message]
    return True


def flash_form_errors(form: Form) -> None:
    """Flash every error of a form whose page is not shown again (a button on a list, say)."""
    for errors in form.errors.values():
        for message in errors:
            flash(str(message), "error")


def commits(view: Callable[P, T]) -> Callable[P, T]:
    """JSON views that write: commit once when the view returns (errors roll back elsewhere)."""

    @wraps(view)
    def committed(*args: P.args, **kwargs: P.kwargs) -> T:
        result = view(*args, **kwargs)
        db.session.commit()
        return result

    return committed


def hot_write(view: Callable[P, T]) -> Callable[P, T]:
    """Views the crowd hits at once (scans, the desk, sign-ups): their transaction waits at
    most HOT_WRITE_LOCK_WAIT_MS for a lock, then answers "busy" for the client to retry.

    Put it right under the route decorator, so it holds before the first query."""

    @wraps(view)
    def briefly(*args: P.args, **kwargs: P.kwargs) -> T:
        with short_lock_wait(current_app.config["HOT_WRITE_LOCK_WAIT_MS"]):
            return view(*args, **kwargs)

    return briefly


def hot_write_nowait(view: Callable[P, T]) -> Callable[P, T]:
    """``hot_write`` for views that bound their PostgreSQL lock waits themselves (the scans:
    the fast path's connections wait at most HOT_WRITE_LOCK_WAIT_MS, the full path sets its
    own): only SQLite, whose lock is taken when a transaction begins, gets the short wait,
    and PostgreSQL is spared the ``SET LOCAL lock_timeout`` round trip."""

    @wraps(view)
    def briefly(*args: P.args, **kwargs: P.kwargs) -> T:
        if db.engine.dialect.name != "sqlite":
            return view(*args, **kwargs)
        with short_lock_wait(current_app.config["HOT_WRITE_LOCK_WAIT_MS"]):
            return view(*args, **kwargs)

    return briefly


def reads_only(view: Callable[P, T]) -> Callable[P, T]:
    """Views that never write (the wall): their transaction reads beside writers (see
    ``forum.db.READ_ONLY``). Put it right under the route decorator."""

    @wraps(view)
    def reading(*args: P.args, **kwargs: P.kwargs) -> T:
        with reading_only():
            return view(*args, **kwargs)

    return reading


def download(body: Any, filename: str, mimetype: str) -> Response:
    """A file the browser saves as ``filename`` (``body``: bytes, text or a stream of them)."""
    response = Response(body, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", **_filename_options(filename))
    return response


def _filename_options(filename: str) -> dict[str, str]:
    """The name as headers carry it: ASCII as is, else an ASCII fallback and the UTF-8 name
    (RFC 6266 ``filename*``), as Flask's ``send_file`` writes them."""
    try:
        filename.encode("ascii")
    except UnicodeEncodeError:
        simple = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
        return {"filename": simple, "filename*": f"UTF-8''{quote(filename, safe='')}"}
    return {"filename": filename}


def export_filename(stem: str, year: int, extension: str, now: DateTime) -> str:
    """An export's file name that says what, which edition and when: registrations-2018-
    20181208-0930.csv (a second export never overwrites the first in Downloads)."""
    return f"{stem}-{year}-{now:%Y%m%d-%H%M}.{extension}"


def pdf_response(pdf: bytes, filename: str, *, max_age: int = 300) -> Response:
    """A public PDF shown in the browser (not downloaded), cached briefly."""
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{filename}"',
            "Cache-Control": f"public, max-age={max_age}",
        },
    )
