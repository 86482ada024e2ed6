"""Why a summit sync failed, in plain words, and where it read from, without the server's
paths: organisers see these; the technical detail goes to the server's log only.

A failed sync stores a reason code (its `error` column); the pages word it in the viewer's
language. Older versions stored free text, possibly an exception's: it is not shown.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l

from forum.agenda.gfmd.fetch import demo_feed_path

FAILURE_MESSAGES = {
    "unreachable": _l("The address could not be reached."),
    "timeout": _l("The server did not answer in time."),
    "not_allowed": _l(
        "The address is not allowed: the sync reads public addresses only"
        " (an administrator can allow a host)."
    ),
    "not_calendar": _l("The file is not a calendar."),
    "too_large": _l("The calendar is too large to be taken."),
    "http_error": _l("The server did not give the calendar (the address may be wrong)."),
    "redirects": _l("The address sends the sync elsewhere too often, or to a non-web address."),
    "certificate": _l("The server could not prove who it is (its certificate)."),
    "not_web": _l("The address did not answer as a web server does."),
    "invalid_address": _l("This is not a valid web address."),
    "no_file": _l("The calendar file could not be read."),
    "no_source": _l("No summit agenda source: give the address of its calendar."),
    "too_long": _l("The address is too long."),
    "outdated": _l("The summit agenda was synced again since this preview; sync anew."),
    "unexpected": _l("The sync stopped on an unexpected error; nothing was changed."),
    "stopped": _l("The sync stopped before it finished; nothing was changed."),
}
WEB_SCHEMES = {"http", "https", "webcal"}


def failure_message(reason: str | None) -> str:
    """A failed sync's reason in the viewer's words ("" when it did not fail)."""
    if not reason:
        return ""
    message = FAILURE_MESSAGES.get(reason)
    return str(message if message is not None else _l("The sync failed."))


def source_label(source: str | None) -> str:
    """Where a sync reads from, as organisers may see it: a web address as it is, a file of
    the server only as such (its path tells nobody anything but an intruder)."""
    source = (source or "").strip()
    if not source or urlsplit(source).scheme.lower() in WEB_SCHEMES:
        return source
    if source == str(demo_feed_path()):
        return str(_l("the demo summit calendar (a file on the server)"))
    return str(_l("a calendar file on the server"))


def is_web_address(source: str | None) -> bool:
    """True for an http(s) or webcal address (what organisers may type and see)."""
    parts = urlsplit((source or "").strip())
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.netloc)
