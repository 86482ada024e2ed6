"""Scanner endpoints under /api/v1: check-ins, the offline roster, search by name."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from flask import Blueprint, Response, current_app, jsonify, request
from flask_login import current_user

from forum.api.auth import api_caller_name, api_role_required
from forum.auth.models import Role
from forum.checkin.roster import roster, search_delegates
from forum.checkin.services import InvalidScan, Scan, check_in, checkpoint_key
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.errors import json_error
from forum.extensions import csrf, db, limiter

bp = Blueprint("checkin_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer clients have no cookie; cookie users are checked in api_role_required
MAX_CLOCK_SKEW = timedelta(minutes=5)
MAX_OFFLINE_AGE = timedelta(days=7)


def _scan_limit() -> str:
    return str(current_app.config["SCAN_RATE_LIMIT"])


def _scan_key() -> str:
    """One budget per device token or per signed-in person, not per venue IP address."""
    if request.headers.get("Authorization"):
        return "token:" + request.headers["Authorization"][-16:]
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return request.remote_addr or "anonymous"


@bp.post("/checkins")
@limiter.limit(_scan_limit, key_func=_scan_key)
@api_role_required(Role.STAFF)
def create_checkin() -> Response | tuple[Response, int]:
    """Scan a badge at a checkpoint; always answers with a ``status``."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error("invalid_json", "Send a JSON object.", 400)
    scan = _scan_from(body)
    if isinstance(scan, tuple):
        return scan
    try:
        answer = check_in(current_edition_or_404(), scan, now=utcnow())
    except InvalidScan as error:
        db.session.rollback()
        return json_error(error.code, error.message, 400)
    db.session.commit()
    return jsonify(answer)


def _scan_from(body: dict[str, object]) -> Scan | tuple[Response, int]:
    code, nonce, checkpoint = (
        body.get("code"),
        body.get("nonce"),
        body.get("checkpoint", "entrance"),
    )
    if not isinstance(code, str):
        return json_error("invalid_code", "code must be the text read from the QR code.", 400)
    if not isinstance(nonce, str) or not _is_uuid(nonce):
        return json_error("invalid_nonce", "nonce must be a UUID made by the scanner.", 400)
    if not isinstance(checkpoint, str | int) or isinstance(checkpoint, bool):
        return json_error(
            "invalid_checkpoint", "checkpoint must be 'entrance' or a session id.", 400
        )
    scanned_at = _scanned_at(body.get("scanned_at"))
    if scanned_at is None:
        return json_error(
            "invalid_scanned_at", "scanned_at must be an ISO 8601 time with zone.", 400
        )
    return Scan(
        text=code,
        checkpoint=str(checkpoint),
        nonce=nonce.lower(),
        scanned_at=scanned_at,
        device=api_caller_name(),
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) <= 36


def _scanned_at(value: object) -> datetime | None:
    """The scan time an offline scanner reports, or now; impossible times are refused."""
    now = utcnow()
    if value is None:
        return now
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    if when.tzinfo is None or not now - MAX_OFFLINE_AGE <= when <= now + MAX_CLOCK_SKEW:
        return None
    return min(when, now)


@bp.get("/roster")
@api_role_required(Role.STAFF)
def get_roster() -> Response | tuple[Response, int]:
    """What a scanner needs to answer offline at one checkpoint: code hashes and names."""
    edition = current_edition_or_404()
    try:
        key, session = checkpoint_key(edition, request.args.get("checkpoint", "entrance"))
    except InvalidScan as error:
        return json_error(error.code, error.message, 400)
    return jsonify(roster(edition, key, session))


@bp.get("/delegates")
@api_role_required(Role.STAFF)
def find_delegates() -> Response | tuple[Response, int]:
    """Approved delegates whose name matches ``q``, for when a badge is missing."""
    query = request.args.get("q", "").strip()
    if len(query) < 2 or len(query) > 100:
        return json_error("invalid_query", "Type between 2 and 100 characters.", 400)
    return jsonify({"delegates": search_delegates(current_edition_or_404(), query)})
