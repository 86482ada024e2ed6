"""The public address: absolute links (e-mails, feeds, PDFs, the API) are built on it, and
requests naming another host are refused."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from flask import Flask, current_app
from werkzeug.exceptions import SecurityError
from werkzeug.wrappers import Response as WerkzeugResponse
from werkzeug.wsgi import get_host

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on PUBLIC_BASE_URL, inside a request or not.

    Never the request's host: a client chooses its Host header, and a link built from it
    would send a sign-in or private link to whatever site the client named.
    """
    base = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    anchor = values.pop("_anchor", None)
    current_app.inject_url_defaults(endpoint, values)
    adapter = current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )
    url = adapter.build(endpoint, values, force_external=True)
    return f"{url}#{quote(anchor, safe='')}" if anchor else url


class RefuseUnknownHosts:
    """WSGI middleware: a request naming a host outside TRUSTED_HOSTS gets a plain 400.

    Flask refuses such a request too, but only once its error page is being drawn, and that
    page cannot build its own links without a trusted host; this answers before Flask starts.
    """

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wsgi_app = app.wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        trusted = self.app.config.get("TRUSTED_HOSTS")
        try:
            get_host(environ, trusted_hosts=trusted)
        except SecurityError:
            return _unknown_host(environ)(environ, start_response)
        return self.wsgi_app(environ, start_response)


def _unknown_host(environ: WSGIEnvironment) -> WerkzeugResponse:
    if str(environ.get("PATH_INFO", "")).startswith("/api/"):
        body = {
            "error": {"code": "unknown_host", "message": "This server does not serve that host."}
        }
        return WerkzeugResponse(json.dumps(body), 400, mimetype="application/json")
    return WerkzeugResponse("This server does not serve that host.", 400, mimetype="text/plain")


def same_site_path(target: object) -> str | None:
    """``target`` when it is a path on this site (``/…``), else None.

    Browsers read ``//host``, ``/\\host`` and a scheme as another site, and strip tabs and
    newlines before doing so; a ``next`` that could be read that way is never followed.
    """
    if not isinstance(target, str) or not target.startswith("/") or len(target) > 2000:
        return None
    if target.startswith("//") or "\\" in target:
        return None
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None
