"""An edition's public outputs, on the public blueprint: the annual report PDF in EN/FR/ES and
the open-data file with its JSON Schema."""

from __future__ import annotations

from datetime import datetime

from flask import Response, abort, current_app, request
from flask_babel import force_locale, get_locale

from forum.agenda.queries import themes
from forum.commitments.open_data import open_data, open_data_json, schema
from forum.commitments.report import annual_report
from forum.commitments.report_pdf import annual_report_pdf
from forum.commitments.routes import bp
from forum.db import utcnow
from forum.editions.models import Edition
from forum.editions.services import current_edition_or_404, edition_by_number
from forum.extensions import limiter
from forum.urls import external_url
from forum.web import download


def files_limit() -> str:
    """How often one client may ask for a file that takes seconds of CPU to make."""
    return str(current_app.config.get("COMMITMENT_FILES_RATE_LIMIT", "20 per minute"))


def requested_edition() -> Edition:
    """``?edition=<number>``, or the current edition; 404 for a number no edition has (the
    edge refuses numbers past the database's integers)."""
    raw = request.args.get("edition", "")
    if not raw:
        return current_edition_or_404()
    if not raw.isdigit():
        abort(404)
    return edition_by_number(int(raw)) or abort(404)


def report_pdf(edition: Edition, language: str, now: datetime) -> bytes:
    """The edition's annual report in ``language``."""
    with force_locale(language):
        report = annual_report(edition, themes(edition, published_only=False), now)
    return annual_report_pdf(report)


def edition_open_data(edition: Edition, now: datetime) -> bytes:
    """The edition's open-data file, its links on the public address."""
    data = open_data(
        edition,
        themes(edition, published_only=False),
        now=now,
        source=external_url("commitments.index"),
        schema_url=external_url("commitments.open_data_schema"),
    )
    return open_data_json(data)


@bp.get("/commitments/report.pdf")
@limiter.limit(files_limit)
def annual_report_download() -> Response:
    """The edition's annual report on its published entries, in ``?lang=`` (en, fr, es)."""
    edition = requested_edition()
    language = request.args.get("lang") or str(get_locale())
    if language not in current_app.config["LANGUAGES"]:
        abort(404)
    pdf = report_pdf(edition, language, utcnow())
    filename = f"commitments-report-{edition.year}-{language}.pdf"
    return download(pdf, filename, "application/pdf")


@bp.get("/commitments/open-data.json")
@limiter.limit(files_limit)
def open_data_download() -> Response:
    """The edition's published entries, updates and offers as open data (CC BY 4.0)."""
    edition = requested_edition()
    body = edition_open_data(edition, utcnow())
    filename = f"commitments-{edition.year}-open-data.json"
    response = download(body, filename, "application/json")
    response.headers["Access-Control-Allow-Origin"] = "*"  # open data: any site may read it
    return response


@bp.get("/commitments/open-data.schema.json")
def open_data_schema() -> Response:
    """The JSON Schema the open-data files follow."""
    response = Response(open_data_json(schema()), mimetype="application/schema+json")
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response
