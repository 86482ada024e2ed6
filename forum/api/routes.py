"""The OpenAPI document of every JSON endpoint under /api/v1."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from spectree import Response as Answers

from forum.api.spec import spec
from forum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # read-only JSON


@bp.get("/openapi.json")
@spec.validate(resp=Answers(HTTP_200=None), skip_validation=True)
def openapi() -> Response:
    """This document: every JSON endpoint, its parameters, answers and error codes."""
    return jsonify(spec.spec)
