"""A small HTTP client for the cluster: cookies kept by hand, since production marks them Secure
and a cookie jar would never send a Secure cookie to a plain-HTTP node on 127.0.0.1."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class Answer:
    """A status, the body and the headers of one answer."""

    status: int
    body: bytes
    headers: dict[str, str]

    def json(self) -> object:
        return json.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


@dataclass
class Browser:
    """One visitor of one node: its cookies, sent back on each request."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, path: str, **headers: str) -> Answer:
        return self.request("GET", path, None, headers)

    def post_form(self, path: str, fields: dict[str, str]) -> Answer:
        data = urllib.parse.urlencode(fields).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self.request("POST", path, data, headers)

    def post_json(self, path: str, body: object, **headers: str) -> Answer:
        data = json.dumps(body).encode()
        return self.request("POST", path, data, {"Content-Type": "application/json", **headers})

    def form_token(self, path: str) -> str:
        """The CSRF token of the form on ``path`` (the session cookie is kept)."""
        page = self.get(path)
        assert page.status == 200, (path, page.status)
        token = self.token_in(page.text)
        assert token, f"no CSRF token on {path}"
        return token

    @staticmethod
    def token_in(html: str) -> str:
        """The first form's CSRF token in a page, or ""."""
        match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
        return match.group(1) if match else ""

    def request(
        self, method: str, path: str, data: bytes | None, headers: dict[str, str]
    ) -> Answer:
        cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        sent = {**headers, **({"Cookie": cookie} if cookie else {})}
        url = self.base + path  # always http://127.0.0.1:<port> of our own node
        request = urllib.request.Request(url, data=data, headers=sent, method=method)  # noqa: S310
        try:
            with _OPENER.open(request, timeout=30) as response:
                answer = Answer(response.status, response.read(), dict(response.headers))
                self._keep(response.headers.get_all("Set-Cookie") or [])
        except urllib.error.HTTPError as error:
            answer = Answer(error.code, error.read(), dict(error.headers))
            self._keep(error.headers.get_all("Set-Cookie") or [])
        return answer

    def _keep(self, set_cookies: list[str]) -> None:
        for line in set_cookies:
            for name, morsel in SimpleCookie(line).items():
                self.cookies[name] = morsel.value
