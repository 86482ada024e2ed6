"""Reading the GFMD summit's agenda feed from the web or a file. Pure: no Flask, no database."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from forum.agenda.gfmd.download import FetchFailed, FetchPolicy, download

_DEMO_FEED = Path(__file__).resolve().parent / "data" / "gfmd-2018.ics"


class FeedError(Exception):
    """The feed cannot be read at all: the message says what and where, for the logs and the
    command line; the reason says it in plain words for the pages (see failures.py)."""

    def __init__(self, message: str, reason: str = "not_calendar") -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


def demo_feed_path() -> Path:
    """The demo feed of the 11th GFMD summit (Marrakech 2018) shipped with the package."""
    return _DEMO_FEED


def read_source(source: str, policy: FetchPolicy | None = None) -> bytes:
    """The bytes of an http(s) (or webcal) URL or of a local file; FeedError otherwise.

    Web addresses are fetched under ``policy`` (public addresses only, a deadline and a
    size cap); files are read with the same size cap.
    """
    policy = policy or FetchPolicy()
    source = source.strip()
    parts = urlsplit(source)
    scheme = parts.scheme.lower()
    if scheme == "webcal":  # calendar subscription links: the same feed over https
        source, scheme = parts._replace(scheme="https").geturl(), "https"
    if scheme in {"http", "https"}:
        try:
            return download(source, policy)
        except FetchFailed as error:
            raise FeedError(str(error), error.reason) from error
    if scheme == "file":
        return _read_file(Path(url2pathname(parts.path)), policy.max_bytes)
    if scheme == "" or len(scheme) == 1:  # a plain path, or a Windows drive letter
        return _read_file(Path(source).expanduser(), policy.max_bytes)
    raise FeedError(
        f"Cannot read {source!r}: give an http or https address or a file path.",
        "invalid_address",
    )


def _read_file(path: Path, max_bytes: int) -> bytes:
    """A local file's bytes, with the same size cap as a download."""
    try:
        with path.open("rb") as file:
            data = file.read(max_bytes + 1)
    except FileNotFoundError as error:
        raise FeedError(f"No such file: {path}.", "no_file") from error
    except OSError as error:
        raise FeedError(f"Cannot read {path}: {error.strerror or error}.", "no_file") from error
    if len(data) > max_bytes:
        raise FeedError(f"{path} is larger than {max_bytes:,} bytes; it is not taken.", "too_large")
    return data
