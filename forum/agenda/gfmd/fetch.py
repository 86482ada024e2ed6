"""Fetching the GFMD summit's agenda feed from the web or a file. Pure: no Flask, no database."""

from __future__ import annotations

from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import (
    HTTPDefaultErrorHandler,
    HTTPErrorProcessor,
    HTTPHandler,
    HTTPRedirectHandler,
    HTTPSHandler,
    OpenerDirector,
    Request,
    url2pathname,
)

USER_AGENT = "forum-gfmd-sync/1.0 (+Mayoral Forum agenda)"
_DEMO_FEED = Path(__file__).resolve().parent / "data" / "gfmd-2018.ics"


class FeedError(Exception):
    """The feed cannot be read at all; the message says what and where."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def demo_feed_path() -> Path:
    """The demo feed of the 11th GFMD summit (Marrakech 2018) shipped with the package."""
    return _DEMO_FEED


def read_source(source: str, *, timeout: float = 10, max_bytes: int = 5_000_000) -> bytes:
    """The bytes of an http(s) (or webcal) URL or of a local file; FeedError otherwise."""
    parts = urlsplit(source.strip())
    scheme = parts.scheme.lower()
    if scheme in {"http", "https"}:
        return _fetch_url(source.strip(), timeout, max_bytes)
    if scheme == "webcal":  # calendar subscription links: the same feed over https
        return _fetch_url(parts._replace(scheme="https").geturl(), timeout, max_bytes)
    if scheme == "file":
        return _read_file(Path(url2pathname(parts.path)), max_bytes)
    if scheme == "" or len(scheme) == 1:  # a plain path, or a Windows drive letter
        return _read_file(Path(source.strip()).expanduser(), max_bytes)
    raise FeedError(f"Cannot read {source!r}: give an http or https address or a file path.")


def _fetch_url(url: str, timeout: float, max_bytes: int) -> bytes:
    """GET ``url`` with a time limit and a size cap."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*"}
    request = Request(url, headers=headers)  # noqa: S310 - only http(s) addresses reach here
    try:
        with _web_opener().open(request, timeout=timeout) as response:
            data: bytes = response.read(max_bytes + 1)
    except HTTPError as error:
        raise FeedError(f"{url} answered HTTP {error.code} {error.reason}.") from error
    except URLError as error:
        raise FeedError(f"Could not reach {url}: {error.reason}.") from error
    except TimeoutError as error:
        raise FeedError(f"{url} did not answer within {timeout:g} seconds.") from error
    except OSError as error:
        raise FeedError(f"Could not read {url}: {error}.") from error
    return _capped(data, max_bytes, url)


def _web_opener() -> OpenerDirector:
    """An opener for http and https only: a redirect cannot lead it to ftp: or file:."""
    opener = OpenerDirector()
    for handler in (
        HTTPHandler(),
        HTTPSHandler(),
        HTTPRedirectHandler(),
        HTTPDefaultErrorHandler(),
        HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _read_file(path: Path, max_bytes: int) -> bytes:
    """A local file's bytes, with the same size cap as a download."""
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise FeedError(f"No such file: {path}.") from error
    except OSError as error:
        raise FeedError(f"Cannot read {path}: {error.strerror or error}.") from error
    return _capped(data, max_bytes, str(path))


def _capped(data: bytes, max_bytes: int, where: str) -> bytes:
    if len(data) > max_bytes:
        raise FeedError(f"{where} is larger than {max_bytes:,} bytes; it is not taken.")
    return data
