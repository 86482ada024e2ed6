"""Endorsement endpoints under /api/v1: the public wall feed and the staff desk."""

from __future__ import annotations

import json
import threading
import uuid
from collections import OrderedDict

from flask import Blueprint, Response, abort, jsonify, request
from flask_babel import get_locale

from forum.api.auth import api_role_required
from forum.auth.models import Role
from forum.db import utcnow
from forum.editions.services import current_edition_or_404
from forum.endorsements.desk import endorse_at_desk, preview
from forum.endorsements.models import Declaration
from forum.endorsements.services import declaration_of
from forum.endorsements.wall import wall_json, wall_version
from forum.errors import ApiError
from forum.extensions import csrf, db

bp = Blueprint("endorsements_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.get("/declarations/<int:declaration_id>/endorsements")
def endorsements(declaration_id: int) -> Response:
    """The endorsing cities, newest first; answers 304 to a repeated ETag."""
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


# The last bodies built, by ETag: hundreds of screens poll the same version, so each worker
# builds it once per change. The ETag itself is checked on every request, so nothing is stale.
_WALL_BODIES: OrderedDict[str, bytes] = OrderedDict()
WALL_BODIES_KEPT = 16


_WALL_BODIES_LOCK = threading.Lock()


def _wall_body(declaration: Declaration, etag: str, locale: str) -> bytes:
    with _WALL_BODIES_LOCK:
        body = _WALL_BODIES.get(etag)
    if body is None:
        body = json.dumps(wall_json(declaration, locale), ensure_ascii=False).encode()
        with _WALL_BODIES_LOCK:
            _WALL_BODIES[etag] = body
            while len(_WALL_BODIES) > WALL_BODIES_KEPT:
                _WALL_BODIES.popitem(last=False)
    return body


def _desk_request() -> tuple[Declaration, dict[str, object], str]:
    """The current declaration, the JSON body and the scanned code; ApiError when malformed."""
    declaration = declaration_of(current_edition_or_404())
    if declaration is None:
        raise ApiError("no_declaration", "This edition has no declaration.", 404)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError("invalid_json", "Send a JSON object.")
    code = body.get("code")
    if not isinstance(code, str):
        raise ApiError("invalid_code", "code must be the text read from the QR code.")
    return declaration, body, code


@bp.post("/endorsements/preview")
@api_role_required(Role.STAFF)
def desk_preview() -> Response:
    """Who a badge names and whether they may sign now (writes nothing)."""
    declaration, _body, code = _desk_request()
    return jsonify(preview(declaration, code, now=utcnow()))


@bp.post("/endorsements")
@api_role_required(Role.STAFF)
def desk_endorse() -> Response:
    """Record an on-site endorsement for the badge holder's city."""
    declaration, body, code = _desk_request()
    nonce, title = body.get("nonce"), body.get("title")
    if not isinstance(nonce, str) or not _is_uuid(nonce):
        raise ApiError("invalid_nonce", "nonce must be a UUID made by the desk.")
    if title is not None and (not isinstance(title, str) or len(title) > 200):
        raise ApiError("invalid_title", "title must be text of at most 200 characters.")
    answer = endorse_at_desk(declaration, code, nonce.lower(), now=utcnow(), title=title)
    db.session.commit()
    return jsonify(answer)


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) <= 36
