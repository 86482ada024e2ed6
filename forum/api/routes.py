"""The OpenAPI document of every JSON endpoint under /api/v1."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from forum.api.openapi import openapi_document
from forum.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # token-authenticated JSON clients send no CSRF cookie


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of every JSON endpoint."""
    return jsonify(openapi_document())
