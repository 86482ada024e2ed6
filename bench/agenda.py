"""Agenda benchmark: how fast the programme pages, its calendar feeds and the summit sync are.

It prints figures; nothing passes or fails on speed, and it always exits 0 once it has run.
Each figure is the median of several runs after a few warm-ups, measured with
``time.perf_counter`` in this one process (so with warm caches, as a running server has them,
and the app's startup objects frozen out of garbage collection, as ``wsgi.py`` does).

The data: one edition with 500 forum sessions over 5 days in 20 rooms (never two at once in
a room) and 6 themes, 100 GFMD summit items, and 1,000 approved delegates who picked 5
sessions each (5,000 sign-ups). The pages and feeds are fetched through Flask's test client.

Usage, from the repository root::

    .venv/bin/python bench/agenda.py                      # SQLite, in a temporary file
    .venv/bin/python bench/agenda.py --runs 31 --profile  # cProfile whatever misses its target
    .venv/bin/python bench/agenda.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

With PostgreSQL the URL only says which server to use: the script creates its own scratch
database ``forum_bench`` on it and drops it afterwards; no other database is touched.
When ``forum_bench`` exists already it refuses to start: another run may be using it.
"""

from __future__ import annotations

import argparse
import cProfile
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar, Event

from bench.common import (
    SEEDED_AT,
    BenchError,
    add_database_option,
    add_edition,
    add_profile_option,
    engine_of,
    insert_returning_ids,
    make_app,
    mark,
    profile_report,
    registration_row,
    scratch_database,
    stop_on_sigterm,
    user_row,
    versions,
)
from forum.agenda import page_cache
from forum.agenda.gfmd.reconcile import sync_gfmd
from forum.agenda.ical import clear_caches
from forum.agenda.models import (
    Room,
    Session,
    SessionKind,
    SessionSignup,
    SessionSource,
    SessionStatus,
    Theme,
)
from forum.auth.models import User
from forum.cities.models import City
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration, new_calendar_secret

SCRATCH_DATABASE = "forum_bench"
TIMEZONE = "Africa/Casablanca"
ZONE = ZoneInfo(TIMEZONE)
FIRST_DAY = date(2018, 12, 6)
DAYS = 5
SYNC_NOW = datetime(2018, 11, 30, 12, tzinfo=UTC)

FORUM_SESSIONS = 500
ROOMS = 20
THEMES = 6
GFMD_ITEMS = 100
DELEGATES = 1_000
PICKS_EACH = 5
FEED_EVENTS = 500
MOVED_EVENTS = 50

PAGE_TARGET_MS = 50.0
NOT_MODIFIED_TARGET_MS = 5.0
SYNC_TARGET_MS = 1_000.0
# The printed programme of 500 sessions (issue 16.2).
BOOKLET_TARGET_MS = 3_000.0

# The kinds of forum sessions, with how often each occurs.
FORUM_KINDS = {
    SessionKind.THEME_SESSION: 30,
    SessionKind.ROUNDTABLE: 20,
    SessionKind.BREAKOUT: 15,
    SessionKind.SIDE_EVENT: 10,
    SessionKind.PLENARY: 5,
    SessionKind.NETWORKING: 5,
    SessionKind.BREAK: 3,
    SessionKind.MEAL: 2,
}
PICKABLE = {kind for kind in FORUM_KINDS if kind not in {SessionKind.BREAK, SessionKind.MEAL}}
# Summit item titles; the sync guesses each item's kind from its title.
SUMMIT_TITLES = (
    "Roundtable {n}: Partnerships for migration governance",
    "Side event: Cities and the Global Compact on Refugees ({n})",
    "Common Space session {n}: Governments and civil society",
    "Plenary session {n}",
    "Business meeting {n} of the GFMD",
    "Platform for Partnerships {n}",
    "Networking with the Mayoral Mechanism ({n})",
    "Breakout group {n} on labour mobility",
    "Coffee break ({n})",
    "Working lunch ({n})",
)
LOREM = (
    "Local and regional governments share how they include migrants and refugees in city"
    " services, labour markets and public life, and what they need from national governments"
    " and international partners to implement the Global Compacts."
)


# --------------------------------------------------------------------------- seeding


@dataclass(frozen=True)
class Seeded:
    """What the seeding made, for the benchmarks to use."""

    edition_id: int
    calendar_secret: str
    seconds: float


def seed(app: Flask, rng: random.Random) -> Seeded:
    """Fill the database: the edition, its programme, delegates and their picks (bulk inserts)."""
    start = time.perf_counter()
    with app.app_context():
        edition = add_edition(FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1))
        theme_ids = add_themes(edition)
        seats = add_rooms(edition, rng)
        sessions = forum_session_rows(edition, theme_ids, seats, rng)
        session_ids = insert_returning_ids(Session, sessions)
        db.session.execute(sa.insert(Session), gfmd_item_rows(edition))
        registration_ids, secret = add_delegates(edition)
        capacities = {
            session_id: row["capacity"]
            for session_id, row in zip(session_ids, sessions, strict=True)
            if row["capacity"] is not None and row["status"] is SessionStatus.SCHEDULED
        }
        db.session.execute(sa.insert(SessionSignup), signup_rows(registration_ids, capacities, rng))
        db.session.commit()
        check_seed(edition)
        edition_id = edition.id
        db.session.remove()
    return Seeded(edition_id, secret, time.perf_counter() - start)


def check_seed(edition: Edition) -> None:
    """BenchError unless the rows are what the figures claim: counts, no double-booked room."""
    sessions = sa.select(Session).where(Session.edition_id == edition.id).subquery()
    count = sa.select(sa.func.count()).select_from(sessions)
    forum = db.session.scalar(count.where(sessions.c.source == SessionSource.FORUM))
    summit = db.session.scalar(count.where(sessions.c.source == SessionSource.GFMD))
    signups = db.session.scalar(sa.select(sa.func.count()).select_from(SessionSignup))
    one, other = sa.orm.aliased(Session), sa.orm.aliased(Session)
    double_booked = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(one)
        .join(
            other,
            sa.and_(
                one.room_id == other.room_id,
                one.id < other.id,
                one.starts_at < other.ends_at,
                other.starts_at < one.ends_at,
            ),
        )
    )
    found = (forum, summit, signups, double_booked)
    wanted = (FORUM_SESSIONS, GFMD_ITEMS, DELEGATES * PICKS_EACH, 0)
    if found != wanted:
        raise BenchError(f"Seeded (forum, GFMD, sign-ups, double-booked) = {found}, not {wanted}.")


def add_themes(edition: Edition) -> list[int]:
    """A handful of policy themes; their ids."""
    themes = [
        Theme(
            edition_id=edition.id,
            slug=f"theme-{n}",
            title=f"Policy theme {n}: cities and migration",
            description=LOREM,
            position=n,
            gcm_objectives=[n, n + 7],
            updated_at=SEEDED_AT,
        )
        for n in range(1, THEMES + 1)
    ]
    db.session.add_all(themes)
    db.session.flush()
    return [theme.id for theme in themes]


def add_rooms(edition: Edition, rng: random.Random) -> dict[int, int]:
    """The venue's rooms: {room id: seats}."""
    rooms = [
        Room(edition_id=edition.id, name=f"Room {n:02d}", seats=rng.choice((40, 60, 80, 120, 300)))
        for n in range(1, ROOMS + 1)
    ]
    db.session.add_all(rooms)
    db.session.flush()
    return {room.id: room.seats or 0 for room in rooms}


def forum_session_rows(
    edition: Edition, theme_ids: list[int], seats: dict[int, int], rng: random.Random
) -> list[dict[str, Any]]:
    """The forum's sessions: each in a free (day, hour, room) slot, 45 or 60 minutes long."""
    slots = [
        (day, hour, room_id) for day in range(DAYS) for hour in range(8, 18) for room_id in seats
    ]
    kinds = rng.choices(list(FORUM_KINDS), weights=list(FORUM_KINDS.values()), k=FORUM_SESSIONS)
    rows = []
    for n, ((day, hour, room_id), kind) in enumerate(
        zip(sorted(rng.sample(slots, FORUM_SESSIONS)), kinds, strict=True), start=1
    ):
        starts_at = local_time(day, hour)
        pickable = kind in PICKABLE
        rows.append(
            {
                "edition_id": edition.id,
                "theme_id": rng.choice(theme_ids) if pickable else None,
                "room_id": room_id,
                "kind": kind,
                "title": f"Session {n}: {kind.value.replace('_', ' ')} on inclusive cities",
                "description": LOREM,
                "location": "",
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=rng.choice((45, 60))),
                "all_day": False,
                "capacity": seats[room_id] if pickable and rng.random() < 0.7 else None,
                "status": SessionStatus.CANCELLED
                if rng.random() < 0.02
                else SessionStatus.SCHEDULED,
                "is_published": True,
                "source": SessionSource.FORUM,
                "sequence": 0,
                "created_at": SEEDED_AT,
                "updated_at": SEEDED_AT,
            }
        )
    return rows


def gfmd_item_rows(edition: Edition) -> list[dict[str, Any]]:
    """Summit items as an earlier sync would have stored them (source GFMD, external UID)."""
    rows = []
    for n in range(GFMD_ITEMS):
        starts_at = local_time(n % DAYS, 8 + n // DAYS % 10)
        rows.append(
            {
                "edition_id": edition.id,
                "kind": SessionKind.SIDE_EVENT if n % 3 else SessionKind.ROUNDTABLE,
                "title": f"GFMD summit item {n}",
                "description": LOREM,
                "location": f"Summit hall {'ABCD'[n % 4]}",
                "starts_at": starts_at,
                "ends_at": starts_at + timedelta(minutes=90),
                "source": SessionSource.GFMD,
                "external_uid": f"seeded-{n:03d}@gfmd.example",
                "created_at": SEEDED_AT,
                "updated_at": SEEDED_AT,
            }
        )
    return rows


def add_delegates(edition: Edition) -> tuple[list[int], str]:
    """Approved registrations (with their users and a city); their ids and the first's secret."""
    city = City(name="Freetown", country_code="SL", match_key="freetown", slug="freetown")
    db.session.add(city)
    db.session.flush()
    user_ids = insert_returning_ids(
        User, [user_row(f"delegate{n}@bench.example", f"delegate{n}") for n in range(DELEGATES)]
    )
    secrets = [new_calendar_secret() for _ in user_ids]
    registration_ids = insert_returning_ids(
        Registration,
        [
            registration_row(edition, user_id, city.id, ("Delegate", str(n)), secret)
            for n, (user_id, secret) in enumerate(zip(user_ids, secrets, strict=True))
        ],
    )
    return registration_ids, secrets[0]


def signup_rows(
    registration_ids: list[int], capacities: dict[int, int], rng: random.Random
) -> list[dict[str, Any]]:
    """Each delegate picks distinct sessions that still have room."""
    left = dict(capacities)
    rows = []
    for registration_id in registration_ids:
        open_sessions = [session_id for session_id, seats in left.items() if seats > 0]
        for session_id in rng.sample(open_sessions, PICKS_EACH):
            left[session_id] -= 1
            rows.append(
                {
                    "registration_id": registration_id,
                    "session_id": session_id,
                    "created_at": SEEDED_AT,
                }
            )
    return rows


def local_time(day: int, hour: int, minute: int = 0) -> datetime:
    """An aware time on the ``day``-th day of the edition, in its zone."""
    when = FIRST_DAY + timedelta(days=day)
    return datetime(when.year, when.month, when.day, hour, minute, tzinfo=ZONE)


# --------------------------------------------------------------------------- summit feed


def summit_feed(*, moved: int = 0) -> bytes:
    """A valid summit calendar of FEED_EVENTS items in Africa/Casablanca time, with VTIMEZONE.

    Every ``FEED_EVENTS // moved``-th item (so ``moved`` of them) starts half an hour later.
    """
    calendar = Calendar()
    calendar.add("prodid", "-//forum bench//GFMD summit agenda//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", TIMEZONE)
    every = FEED_EVENTS // moved if moved else 0
    for n in range(FEED_EVENTS):
        track, slot = n % 8, n // 8
        starts_at = local_time(slot // 11 - 1, 8 + slot % 11)  # from the day before the forum
        is_moved = bool(every) and n % every == 0
        if is_moved:
            starts_at += timedelta(minutes=30)
        event = Event()
        event.add("uid", f"summit-{n:04d}@gfmd.example")
        event.add("dtstamp", SEEDED_AT)
        event.add("sequence", 1 if is_moved else 0)
        event.add("summary", SUMMIT_TITLES[n % len(SUMMIT_TITLES)].format(n=n))
        event.add("dtstart", starts_at)
        event.add("dtend", starts_at + timedelta(minutes=50))
        event.add("location", f"Summit hall {'ABCDEFGH'[track]}")
        event.add("description", LOREM)
        calendar.add_component(event)
    calendar.add_missing_timezones(first_date=date(2018, 1, 1), last_date=date(2019, 12, 31))
    return calendar.to_ical()


# --------------------------------------------------------------------------- measuring


class Stopwatch:
    """Times the block it wraps; can also count its SQL statements or profile it."""

    def __init__(
        self, engine: sa.Engine, *, count: bool = False, profiler: cProfile.Profile | None = None
    ) -> None:
        self.engine = engine
        self.count = count
        self.profiler = profiler
        self.queries = 0
        self.elapsed_ms = 0.0
        self._start = 0.0

    def _on_query(self, *_args: object) -> None:
        self.queries += 1

    def __enter__(self) -> Stopwatch:
        if self.count:
            sa.event.listen(self.engine, "before_cursor_execute", self._on_query)
        if self.profiler:
            self.profiler.enable()
        self._start = time.perf_counter()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        self.elapsed_ms = (time.perf_counter() - self._start) * 1000
        if self.profiler:
            self.profiler.disable()
        if self.count:
            sa.event.remove(self.engine, "before_cursor_execute", self._on_query)


@dataclass
class Case:
    """One thing to time; ``once`` runs it once, its timed part inside ``with watch:``."""

    label: str
    target_ms: float
    once: Callable[[Stopwatch], str]  # returns a note on what it did (size, outcome...)


@dataclass
class Figure:
    """A case's samples and what a separate counting run saw."""

    case: Case
    samples: list[float]
    queries: int
    note: str
    profile: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def met(self) -> bool:
        return self.median < self.case.target_ms


@dataclass
class Settings:
    """How many times to run each case, and whether to profile the slow ones."""

    runs: int
    warmups: int
    profile: str  # "", "missed" or "all"


def measure(case: Case, engine: sa.Engine, settings: Settings) -> Figure:
    """Warm up, time ``settings.runs`` runs, then one more run counting SQL statements."""
    for _ in range(settings.warmups):
        case.once(Stopwatch(engine))
    samples = []
    for _ in range(settings.runs):
        watch = Stopwatch(engine)
        case.once(watch)
        samples.append(watch.elapsed_ms)
    counter = Stopwatch(engine, count=True)
    note = case.once(counter)
    figure = Figure(case, samples, counter.queries, note)
    if settings.profile == "all" or (settings.profile == "missed" and not figure.met):
        figure.profile = profile(case, engine)
    print_figure(figure)
    return figure


def profile(case: Case, engine: sa.Engine, top: int = 25) -> str:
    """cProfile of one run of ``case``: the most time, with callees and without."""
    profiler = cProfile.Profile()
    case.once(Stopwatch(engine, profiler=profiler))
    return profile_report(profiler, top)


# --------------------------------------------------------------------------- cases


def get(
    client: FlaskClient,
    url: str,
    *,
    label: str = "",
    status: int = 200,
    cold: bool = False,
    **headers: str,
) -> Case:
    """GET ``url`` through the test client; the note gives the size (and events of a feed).

    ``cold`` empties the feed code's caches (VTIMEZONEs and events written) and the kept
    programme pages first, as after a restart or a change to every session.
    """

    def once(watch: Stopwatch) -> str:
        if cold:
            clear_caches()
            page_cache.clear()
        with watch:
            response = client.get(url, headers=headers)
        if response.status_code != status:
            raise BenchError(f"GET {url} answered {response.status_code}, not {status}.")
        body = response.get_data()
        events = body.count(b"BEGIN:VEVENT")
        size = f"{len(body) / 1024:.0f} KB" if body else "empty body"
        return f"{size}, {events} events" if events else size

    label = label or f"GET {url}"
    target = NOT_MODIFIED_TARGET_MS if status == 304 else PAGE_TARGET_MS
    return Case(label, target, once)


def page_cases(app: Flask, seeded: Seeded) -> list[Case]:
    """The public programme, its feeds, a personal feed and a 304."""
    client = app.test_client()
    etag = client.get("/agenda.ics").headers.get("ETag", "")
    if not etag:
        raise BenchError("GET /agenda.ics gave no ETag.")
    return [
        get(client, "/agenda"),
        get(client, "/agenda", cold=True, label="GET /agenda, cold (its days rendered anew)"),
        get(client, "/agenda?view=combined"),
        get(
            client,
            "/agenda?view=combined",
            cold=True,
            label="GET /agenda?view=combined, cold",
        ),
        get(client, "/agenda/themes/theme-1", label="GET /agenda/themes/<slug> (1 of 6 themes)"),
        get(client, "/agenda.ics"),
        get(client, "/agenda.ics", cold=True, label="GET /agenda.ics, cold (no cached events)"),
        get(client, "/agenda.ics?include=gfmd"),
        get(
            client,
            f"/calendar/{seeded.calendar_secret}.ics",
            label=f"GET /calendar/<secret>.ics ({PICKS_EACH} picks)",
        ),
        get(
            client,
            "/agenda.ics",
            label="GET /agenda.ics, If-None-Match: its ETag (304)",
            status=304,
            **{"If-None-Match": etag},
        ),
        _booklet(get(client, "/agenda.pdf", label="GET /agenda.pdf (the printed programme)")),
    ]


def _booklet(case: Case) -> Case:
    """The programme PDF, judged against its own target."""
    return Case(case.label, BOOKLET_TARGET_MS, case.once)


def sync_cases(app: Flask, edition_id: int, feeds: Path) -> list[Case]:
    """The summit sync of a 500-item feed: first import, nothing changed, 50 items moved."""
    first = feeds / "summit.ics"
    first.write_bytes(summit_feed())
    moved = feeds / "summit-moved.ics"
    moved.write_bytes(summit_feed(moved=MOVED_EVENTS))

    def fresh(edition: Edition) -> None:
        """No summit items yet (the seeded ones go), as before an edition's first sync."""
        db.session.execute(
            sa.delete(Session).where(
                Session.edition_id == edition.id, Session.source == SessionSource.GFMD
            )
        )

    def imported(edition: Edition) -> None:
        """The feed already taken in once, in this same transaction."""
        fresh(edition)
        sync_gfmd(edition, str(first), now=SYNC_NOW)

    def case(label: str, prepare: Callable[[Edition], None], source: Path) -> Case:
        def once(watch: Stopwatch) -> str:
            with app.app_context():
                try:
                    prepare(db.session.get_one(Edition, edition_id))
                    db.session.flush()
                    db.session.expunge_all()  # the timed sync loads what it needs, as on a request
                    edition = db.session.get_one(Edition, edition_id)
                    with watch:
                        record = sync_gfmd(edition, str(source), now=SYNC_NOW + timedelta(hours=1))
                    warnings = f", {len(record.warnings)} warnings" if record.warnings else ""
                    return (
                        f"{record.added} added, {record.updated} updated,"
                        f" {record.unchanged} unchanged, {len(record.new_clashes)} new clashes"
                        + warnings
                    )
                finally:
                    db.session.rollback()

        return Case(label, SYNC_TARGET_MS, once)

    return [
        case(f"sync {FEED_EVENTS}-item feed: first import", fresh, first),
        case("sync again: nothing changed", imported, first),
        case(f"sync again: {MOVED_EVENTS} items moved", imported, moved),
    ]


# --------------------------------------------------------------------------- output


def print_header(description: str, dialect: str, seeded: Seeded, settings: Settings) -> None:
    """What was measured, on what, and how."""
    print(f"Agenda benchmark on {description}; {versions()}")
    print(
        f"Data: {FORUM_SESSIONS} forum sessions ({DAYS} days, {ROOMS} rooms, {THEMES} themes),"
        f" {GFMD_ITEMS} GFMD items, {DELEGATES:,} approved delegates with {PICKS_EACH} picks"
        f" ({DELEGATES * PICKS_EACH:,} sign-ups); seeded in {seeded.seconds:.1f} s"
    )
    print(
        f"Each figure: median of {settings.runs} runs after {settings.warmups} warm-up(s),"
        " in ms, with min and max; SQL statements counted in one extra run"
        + (
            " (on SQLite a transaction's BEGIN IMMEDIATE counts as one)."
            if dialect == "sqlite"
            else "."
        )
    )
    print()
    print(f"{'':54} {'median':>8} {'min':>8} {'max':>8}  {'target':>9}  {'queries':>7}  note")


def print_figure(figure: Figure) -> None:
    """One line: the figure, its spread, its target and a mark, the queries and a note."""
    target = f"< {figure.case.target_ms:g} {mark(figure.met)}"
    print(
        f"{figure.case.label[:54]:54} {figure.median:8.1f} {min(figure.samples):8.1f}"
        f" {max(figure.samples):8.1f}  {target:>9}  {figure.queries:7d}  {figure.note}",
        flush=True,
    )


def print_summary(figures: list[Figure]) -> None:
    """The slowest figure against its target, the misses and their profiles."""
    print()
    print(
        "Sync: timed is sync_gfmd() itself (reading and parsing the file, reconciling, its"
        " flushes, the clash check); COMMIT is not. Every run is its own transaction, rolled"
        " back afterwards, so each starts from the same rows; a re-sync's earlier import is"
        " done untimed in that transaction and the session emptied before the timed part."
    )
    worst = max(figures, key=lambda figure: figure.median / figure.case.target_ms)
    missed = [figure for figure in figures if not figure.met]
    print(
        f"Slowest against its target: {worst.case.label}, {worst.median:.1f} ms"
        f" ({worst.median / worst.case.target_ms:.0%} of {worst.case.target_ms:g} ms)."
    )
    print(f"Targets missed: {len(missed)} of {len(figures)}.")
    for figure in figures:
        if figure.profile:
            print(f"\ncProfile of one run of {figure.case.label}:\n{figure.profile}")


# --------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_option(parser, SCRATCH_DATABASE)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure (default 15)")
    parser.add_argument("--warmups", type=int, default=2, help="untimed runs first (default 2)")
    parser.add_argument("--seed", type=int, default=2018, help="random seed of the data")
    parser.add_argument(
        "--only", default="", help="measure only the figures whose label contains this text"
    )
    add_profile_option(
        parser, "print a cProfile of one run of every figure over its target (or of all)"
    )
    args = parser.parse_args(argv)
    if args.runs < 1 or args.warmups < 0:
        parser.error("--runs must be at least 1 and --warmups at least 0")
    return args


def main(argv: list[str] | None = None) -> int:
    """Seed, measure, print; 0 whatever the figures are."""
    args = parse_args(argv)
    settings = Settings(runs=args.runs, warmups=args.warmups, profile=args.profile)
    stop_on_sigterm()  # the scratch database is dropped then too
    with (
        scratch_database(args.database_url, SCRATCH_DATABASE) as (url, description),
        tempfile.TemporaryDirectory(prefix="forum-bench-feeds-") as feeds,
    ):
        app = make_app("testing", url)
        engine = engine_of(app)
        try:
            seeded = seed(app, random.Random(args.seed))
            print_header(description, engine.dialect.name, seeded, settings)
            cases = page_cases(app, seeded) + sync_cases(app, seeded.edition_id, Path(feeds))
            cases = [case for case in cases if args.only in case.label]
            figures = [measure(case, engine, settings) for case in cases]
        finally:
            engine.dispose()
    print_summary(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
