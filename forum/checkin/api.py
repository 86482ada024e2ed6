"""Scanner endpoints under /api/v1: check-ins, the offline roster, search by name."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, request
from flask_login import current_user

from forum.api.auth import api_caller_name, api_role_required, bearer_token
from forum.api.budget import budgeted
from forum.api.spec import STAFF, answers, spec
from forum.auth.models import Role
from forum.checkin.fast import fast_check_in
from forum.checkin.lane import FOUND_LOCKED, SCAN_LIMIT, SCAN_SCOPE, device_key
from forum.checkin.metrics import SCANS
from forum.checkin.models import ScanStatus
from forum.checkin.roster import roster, search_delegates
from forum.checkin.schemas import (
    DelegatesAnswer,
    DelegatesQuery,
    Roster,
    RosterQuery,
    ScanRequest,
    ScanResult,
)
from forum.checkin.services import Scan, check_in, checkpoint_key
from forum.db import short_lock_wait, utcnow
from forum.editions.services import current_edition_or_404
from forum.extensions import csrf, db
from forum.web import commits, hot_write_nowait

bp = Blueprint("checkin_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer clients have no cookie; cookie users are checked in api_role_required


def _scan_key() -> str:
    """One budget per device token or per signed-in person, not per venue IP address; a
    token we do not know spends its address's budget, so made-up tokens get no fresh one."""
    header = request.headers.get("Authorization")
    if header:
        token = bearer_token()  # known tokens are remembered: no query
        return device_key(token) if token else f"address:{request.remote_addr}"
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"address:{request.remote_addr}"


@bp.post("/checkins")
@hot_write_nowait
@budgeted(SCAN_LIMIT, SCAN_SCOPE, _scan_key)
@api_role_required(Role.STAFF)
@commits
@spec.validate(json=ScanRequest, resp=answers(ScanResult, 400, 401, 403, 404, 429), security=STAFF)
def create_checkin(json: ScanRequest) -> ScanResult:
    """Scan a badge at the entrance or a session door; always answers with a ``status``."""
    locked = request.environ.get(FOUND_LOCKED)
    if isinstance(locked, BaseException):
        raise locked  # the doors' lane waited for that lock already: "busy" now, not again
    scan = Scan.sent(json, api_caller_name())
    now = utcnow()
    result = fast_check_in(scan, now=now) or _full_check_in(scan, now)
    SCANS.labels(status=ScanStatus(result.status).value).inc()
    return result


def _full_check_in(scan: Scan, now: datetime) -> ScanResult:
    """Every other scan, step by step, waiting briefly for a badge another door holds."""
    if db.session().in_transaction():
        # A new transaction, so the short lock wait applies to it from its first statement.
        db.session.commit()
    with short_lock_wait(current_app.config["HOT_WRITE_LOCK_WAIT_MS"]):
        return check_in(current_edition_or_404(), scan, now=now)


@bp.get("/roster")
@api_role_required(Role.STAFF)
@spec.validate(query=RosterQuery, resp=answers(Roster, 400, 401, 403, 404), security=STAFF)
def get_roster(query: RosterQuery) -> Roster:
    """Badges by SHA-256 of their code, for answering offline at one checkpoint."""
    edition = current_edition_or_404()
    key, session = checkpoint_key(edition, query.checkpoint)
    return roster(edition, key, session)


@bp.get("/delegates")
@api_role_required(Role.STAFF)
@spec.validate(query=DelegatesQuery, resp=answers(DelegatesAnswer, 400, 401, 403), security=STAFF)
def find_delegates(query: DelegatesQuery) -> DelegatesAnswer:
    """Approved delegates by name, with their badge's QR text (for a badge left at home)."""
    return DelegatesAnswer(delegates=search_delegates(current_edition_or_404(), query.q))
