"""Endorsement endpoints under /api/v1: the public wall feed and the staff desk."""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Blueprint, Response, abort, request
from flask_babel import get_locale

from forum.api.auth import api_role_required
from forum.api.spec import STAFF, answers, spec
from forum.api.types import ApiErrorCode
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.endorsements.desk import endorse_at_desk, preview
from forum.endorsements.models import Declaration
from forum.endorsements.schemas import (
    DeskAnswer,
    DeskEndorseRequest,
    DeskPreviewRequest,
    WallAnswer,
)
from forum.endorsements.services import declaration_of
from forum.endorsements.wall import wall_json, wall_version
from forum.errors import ApiError
from forum.extensions import csrf, db
from forum.web import commits, hot_write, hot_write_nowait, reads_only

bp = Blueprint("endorsements_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

# The last bodies built, by ETag: hundreds of screens poll the same version, so each worker
# builds it once per change. The ETag itself is checked on every request, so nothing is stale.
_WALL_BODIES: OrderedDict[str, bytes] = OrderedDict()
_WALL_BODIES_LOCK = threading.Lock()
WALL_BODIES_KEPT = 16
DESK_ANSWERS = answers(DeskAnswer, 400, 401, 403, 404)


@bp.get("/declarations/<int:declaration_id>/endorsements")
@reads_only
@spec.validate(resp=answers(WallAnswer, 404, HTTP_304=None), skip_validation=True)
def endorsements(declaration_id: int) -> Response:
    """The endorsing cities, newest first (public); a repeated ETag gets a 304."""
    declaration = db.session.get(Declaration, declaration_id) or abort(404)
    locale = str(get_locale())
    etag = f"{wall_version(declaration).etag}-{locale}"
    response = Response(mimetype="application/json")
    response.set_etag(etag)
    response.cache_control.no_cache = True  # revalidate each time: the 304 costs one query
    if etag in request.if_none_match:
        response.status_code = 304
        return response
    response.set_data(_wall_body(declaration, etag, locale))
    return response


def _wall_body(declaration: Declaration, etag: str, locale: str) -> bytes:
    with _WALL_BODIES_LOCK:
        body = _WALL_BODIES.get(etag)
    if body is None:
        body = wall_json(declaration, locale).model_dump_json().encode()
        with _WALL_BODIES_LOCK:
            _WALL_BODIES[etag] = body
            while len(_WALL_BODIES) > WALL_BODIES_KEPT:
                _WALL_BODIES.popitem(last=False)
    return body


def _declaration() -> Declaration:
    """The current edition's declaration; a JSON 404 when there is none."""
    declaration = declaration_of(current_edition_or_404())
    if declaration is None:
        raise ApiError(ApiErrorCode.NO_DECLARATION, "This edition has no declaration.", 404)
    return declaration


@bp.post("/endorsements/preview")
@hot_write_nowait  # it takes no lock (but a device's, noted as seen once a minute)
@api_role_required(Role.STAFF)
@spec.validate(json=DeskPreviewRequest, resp=DESK_ANSWERS, security=STAFF)
def desk_preview(json: DeskPreviewRequest) -> DeskAnswer:
    """Who a badge names and whether they may sign now (writes nothing)."""
    return preview(_declaration(), json.code, now=utcnow())


@bp.post("/endorsements")
@hot_write
@api_role_required(Role.STAFF)
@commits
@spec.validate(json=DeskEndorseRequest, resp=DESK_ANSWERS, security=STAFF)
def desk_endorse(json: DeskEndorseRequest) -> DeskAnswer:
    """Record an on-site endorsement for the badge holder's city."""
    return endorse_at_desk(_declaration(), json.code, json.nonce, now=utcnow(), title=json.title)
