"""A forum day, compressed, on two app nodes and two workers over one PostgreSQL and one Redis.

It prints figures; nothing passes or fails on speed, and it exits 0 once it has run (1 when the
cluster could not be started). The cluster is tests/cluster's (``running_cluster``: two gunicorn
nodes with 2 sync workers each, production configuration, two ``forum worker``), seeded by
``tests.cluster.seed day`` with an open edition, the declaration, four forum sessions, an
organiser and a device token for each door. Then, every request alternating between the nodes,
with time compressed ``--compression`` times (10: ten minutes of the day last one):

1. the registration wave: 2,000 people open the form and register within "10 minutes", the
   first 150 as the mayors of 150 cities; then, within "5 minutes", each opens the private
   link their e-mail carries and confirms the address;
2. the organisers approve them all in bulk, 100 ticked at a time (badges are issued);
3. the doors and the room, together for "15 minutes": 8 entrance doors scan the 2,000 badges,
   the four session doors scan 400 of them, 150 mayors endorse the declaration at the desk
   (their badge scanned, then the signing confirmed, as the desk's page does it),
   200 wall screens ask for the endorsements every 3 s (with their ETag, as the wall does),
   delegates read the agenda, and the GFMD summit agenda is synced twice (the command, from
   the demo feed file).

It prints, per action, how many were sent, p50/p99/max in ms and the errors (a 5xx, an error
or an answer other than the expected one), against the targets: p99 ≤ 100 ms for pages,
≤ 25 ms for scans, 0 errors; then the invariants: every registration stored, every badge
admitted once at the entrance, one endorsement per city.

Usage, from the repository root::

    .venv/bin/python bench/day.py
    .venv/bin/python bench/day.py --compression 30 --registrations 500

The load generator is Python threads on the same 2 cores as the nodes and the database: it
drives the requests on time as far as the machine lets it, and says how late it fell.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `tests` lives at the root

from bench.common import mark, percentile, versions
from forum.agenda.gfmd.fetch import demo_feed_path
from tests.cluster.harness import Cluster, running_cluster
from tests.cluster.http import Answer, Browser

COUNTRIES = ("MA", "SL", "FR", "ES", "BR", "CA", "PL", "VN", "TR", "CH")
DOORS = 8
MAYORS = 150
SESSION_SCANS = 400
WALL_SCREENS = 200
WALL_POLL_S = 3.0
AGENDA_READS_PER_S = 2.0
BULK = 100
PAGE_TARGET_MS = 100.0
SCAN_TARGET_MS = 25.0
# The signing at the desk is a confirmation pressed once the mayor has read it, judged as a
# page is; the desk's scan of the badge (its preview) is a scan.
SCANS = ("entrance scan", "session door scan", "desk scan")
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Figures:
    """Latencies (s) and errors per action, and how late the generator fell behind."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: dict[str, str] = field(default_factory=dict)
    late_s: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def run(self, action: str, call: Callable[[], Answer], ok: Callable[[Answer], bool]) -> None:
        """Time one request; an exception, a 5xx or an unexpected answer is an error."""
        started = time.perf_counter()
        try:
            answer: Answer | None = call()
            failed = answer is None or not ok(answer)
            note = "" if answer is None else f"{answer.status} {answer.body[:160]!r}"
        except Exception as error:  # an error is a figure too
            failed, note = True, repr(error)
        took = time.perf_counter() - started
        with self.lock:
            self.seconds.setdefault(action, []).append(took)
            if failed:
                self.errors[action] = self.errors.get(action, 0) + 1
                self.first_error.setdefault(action, note)


def paced(figures: Figures, calls: list[tuple[float, Callable[[], None]]], threads: int) -> None:
    """Run each call at its offset (s) from now, on a pool; note how late the last one started."""
    start = time.perf_counter()

    def at(offset: float, call: Callable[[], None]) -> None:
        delay = start + offset - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        else:
            figures.late_s = max(figures.late_s, -delay)
        call()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(at, offset, call) for offset, call in sorted(calls, key=first)]:
            future.result()


def first(pair: tuple[float, object]) -> float:
    return pair[0]


def ok_status(*statuses: int) -> Callable[[Answer], bool]:
    """An answer is right when its HTTP status is one of these."""
    return lambda answer: answer.status in statuses


def scan_status(*expected: str) -> Callable[[Answer], bool]:
    """A scan's answer is right when it is a 200 with one of these statuses."""
    return lambda answer: answer.status == 200 and answer.json()["status"] in expected  # type: ignore[index]


# --------------------------------------------------------------------------- the day


def registration_fields(index: int) -> dict[str, str]:
    """The form of person ``index``: the first MAYORS are the mayors of as many cities."""
    mayor = index < MAYORS
    return {
        "given_name": "Delegate",
        "family_name": f"Number {index}",
        "category": "mayor" if mayor else "city_official",
        "position_title": "Mayor" if mayor else "Adviser",
        "city": f"City {index % MAYORS}",
        "country": COUNTRIES[(index % MAYORS) % len(COUNTRIES)],
        "email": f"delegate{index}@day.example",
        "consent": "y",
        "languages": "en",
    }


def registration_ok(answer: Answer) -> bool:
    """The redirect to the "check your e-mail" page, not the form again with errors."""
    location = answer.headers.get("Location") or answer.headers.get("location") or ""
    return answer.status == 302 and location.endswith("/register/sent")


def registration_wave(cluster: Cluster, figures: Figures, count: int, seconds: float) -> None:
    """``count`` people open the form and register, evenly over ``seconds``."""

    def register(index: int) -> None:
        browser = cluster.browser(index)
        holder: dict[str, str] = {}

        def form() -> Answer:
            answer = browser.get("/register")
            holder["token"] = Browser.token_in(answer.text) if answer.status == 200 else ""
            return answer

        figures.run("registration form", form, ok_status(200))
        fields = registration_fields(index) | {"csrf_token": holder.get("token", "")}
        figures.run(
            "registration", partial(browser.post_form, "/register", fields), registration_ok
        )

    calls = [(index * seconds / count, partial(register, index)) for index in range(count)]
    paced(figures, calls, threads=32)


def confirmations(cluster: Cluster, figures: Figures, seconds: float) -> None:
    """Each registrant opens the link of their e-mail and confirms the address."""
    links = cluster.run_seed("links")["links"]

    def confirm(index: int, link: str) -> None:
        browser = cluster.browser(index)
        holder: dict[str, str] = {}

        def page() -> Answer:
            answer = browser.get(f"/r/{link}")
            holder["token"] = Browser.token_in(answer.text) if answer.status == 200 else ""
            return answer

        figures.run("private page", page, ok_status(200))
        fields = {"csrf_token": holder.get("token", "")}
        post = partial(browser.post_form, f"/r/{link}/confirm", fields)
        figures.run("e-mail confirmation", post, ok_status(302, 303))

    calls = [(n * seconds / len(links), partial(confirm, n, link)) for n, link in enumerate(links)]
    paced(figures, calls, threads=32)


def bulk_approval(cluster: Cluster, figures: Figures) -> None:
    """The organisers sign in and approve every pending registration, BULK at a time."""
    organiser = signed_in_organiser(cluster)
    pending = cluster.rows("SELECT id FROM registrations WHERE status = 'pending' ORDER BY id")
    for start in range(0, len(pending), BULK):
        token = organiser.form_token("/admin/registrations/")
        ids = [str(row[0]) for row in pending[start : start + BULK]]
        body = urllib.parse.urlencode(
            {"csrf_token": token, "decision": "approved", "message": "", "ids": ids}, doseq=True
        ).encode()
        figures.run(
            f"bulk approval ({BULK})",
            partial(organiser.request, "POST", "/admin/registrations/bulk", body, FORM),
            ok_status(302, 303),
        )


def signed_in_organiser(cluster: Cluster) -> Browser:
    """The organiser, signed in on node 0 (the session works on both nodes)."""
    browser = cluster.browser(0)
    email, password = cluster.seeded["organiser"]
    token = browser.form_token("/login")
    answer = browser.post_form(
        "/login", {"csrf_token": token, "email": email, "password": password}
    )
    assert answer.status == 302, f"the organiser could not sign in: {answer.status}"
    return browser


def badge_texts(cluster: Cluster) -> list[tuple[str, str]]:
    """(QR text, category) of every live badge, in registration order."""
    number = cluster.seeded["edition_number"]
    rows = cluster.rows(
        "SELECT b.code, r.category FROM badges b JOIN registrations r"
        " ON r.id = b.registration_id WHERE b.revoked_at IS NULL ORDER BY r.id"
    )
    return [(f"MAYORS{number}:{code}", category) for code, category in rows]


def the_doors(cluster: Cluster, figures: Figures, seconds: float, syncs: list[float]) -> None:
    """Doors, session doors, the desk, the wall screens, the agenda readers and two syncs."""
    badges = badge_texts(cluster)
    mayors = [text for text, category in badges if category == "mayor"]
    tokens, sessions = cluster.seeded["tokens"], cluster.seeded["sessions"]
    calls: list[tuple[float, Callable[[], None]]] = []

    def scan(index: int, action: str, path: str, body: dict[str, str], *expected: str) -> None:
        browser = cluster.browser(index)
        auth = {"Authorization": f"Bearer {tokens[index % len(tokens)]}"}
        figures.run(action, partial(browser.post_json, path, body, **auth), scan_status(*expected))

    scans_path, endorse_path = "/api/v1/checkins", "/api/v1/endorsements"
    for index, (text, _category) in enumerate(badges):
        body = {"code": text, "checkpoint": "entrance", "nonce": str(uuid.uuid4())}
        call = partial(scan, index, "entrance scan", scans_path, body, "ok")
        calls.append((index * seconds / len(badges), call))
    for index in range(min(SESSION_SCANS, len(badges))):
        checkpoint = f"session:{sessions[index % len(sessions)]}"
        body = {"code": badges[index][0], "checkpoint": checkpoint, "nonce": str(uuid.uuid4())}
        call = partial(scan, index, "session door scan", scans_path, body, "ok")
        calls.append((index * seconds / SESSION_SCANS, call))

    def desk(index: int, text: str) -> None:
        """The desk as desk.js works it: the badge scanned (who is it, may they sign?), then
        the signing confirmed once the mayor has checked their title."""
        scan(index, "desk scan", f"{endorse_path}/preview", {"code": text}, "eligible")
        body = {"code": text, "nonce": str(uuid.uuid4())}
        scan(index, "endorsement (signing)", endorse_path, body, "ok")

    for index, text in enumerate(mayors):
        calls.append(((index + 0.5) * seconds / len(mayors), partial(desk, index, text)))
    calls += wall_screens(cluster, figures, seconds)
    calls += agenda_readers(cluster, figures, seconds)
    calls += [(at * seconds, partial(summit_sync, cluster, figures)) for at in syncs]
    paced(figures, calls, threads=64)


def wall_screens(
    cluster: Cluster, figures: Figures, seconds: float
) -> list[tuple[float, Callable[[], None]]]:
    """WALL_SCREENS screens, each asking every WALL_POLL_S with the ETag it last saw."""
    path = f"/api/v1/declarations/{cluster.seeded['declaration']}/endorsements"
    calls: list[tuple[float, Callable[[], None]]] = []
    for screen in range(WALL_SCREENS):
        browser, seen = cluster.browser(screen), {"etag": ""}

        def poll(b: Browser = browser, s: dict[str, str] = seen) -> None:
            def ask() -> Answer:
                answer = b.get(path, **({"If-None-Match": s["etag"]} if s["etag"] else {}))
                s["etag"] = answer.headers.get("ETag", s["etag"])
                return answer

            figures.run("wall screen", ask, ok_status(200, 304))

        offset = screen * WALL_POLL_S / WALL_SCREENS
        while offset < seconds:
            calls.append((offset, poll))
            offset += WALL_POLL_S
    return calls


def agenda_readers(
    cluster: Cluster, figures: Figures, seconds: float
) -> list[tuple[float, Callable[[], None]]]:
    """Delegates opening the agenda, AGENDA_READS_PER_S a second."""
    count = int(seconds * AGENDA_READS_PER_S)
    read = partial(figures.run, "agenda page", ok=ok_status(200))
    return [
        (n / AGENDA_READS_PER_S, partial(read, partial(cluster.browser(n).get, "/agenda")))
        for n in range(count)
    ]


def summit_sync(cluster: Cluster, figures: Figures) -> None:
    """The GFMD summit agenda synced by the command, from the demo feed file."""

    def sync() -> Answer:
        output = cluster.run_command("forum", "sync-gfmd", str(demo_feed_path()))
        return Answer(200, output.encode(), {})

    figures.run("summit sync (command)", sync, ok_status(200))


# --------------------------------------------------------------------------- output


def print_figures(figures: Figures) -> None:
    """Per action: count, p50/p99/max, errors and the target."""
    print(f"\n  {'action':30} {'count':>6} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>9} {'errors':>6}")
    for action, seconds in figures.seconds.items():
        ms = [s * 1000 for s in seconds]
        errors = figures.errors.get(action, 0)
        p99 = percentile(ms, 99)
        target = SCAN_TARGET_MS if action in SCANS else PAGE_TARGET_MS
        judged = "" if action.startswith(("summit", "bulk")) else (
            f"  p99 target ≤ {target:g} ms {mark(p99 <= target)}")  # fmt: skip
        print(f"  {action:30} {len(ms):6,} {percentile(ms, 50):8.1f} {p99:8.1f} {max(ms):9.1f}"
              f" {errors:6,} {mark(errors == 0)}{judged}")  # fmt: skip
        if action in figures.first_error:
            print(f"  {'':30} first error: {figures.first_error[action]}")
    print(f"  the load generator started its last request {figures.late_s:.2f} s late at most")


def print_invariants(cluster: Cluster, registrations: int) -> None:
    """Every registration stored and approved, one admission a badge, one endorsement a city."""
    stored = cluster.scalar("SELECT count(*) FROM registrations WHERE status = 'approved'")
    rows = cluster.rows(
        "SELECT count(*), count(DISTINCT badge_id) FROM check_ins"
        " WHERE checkpoint = 'entrance' AND status = 'ok'"
    )[0]
    cities = cluster.rows("SELECT count(*), count(DISTINCT city_id) FROM endorsements")[0]
    print("\nInvariants")
    print(
        f"  registrations approved {stored:,} of {registrations:,} {mark(stored == registrations)}"
    )
    print(f"  entrance admissions {rows[0]:,} for {rows[1]:,} badges"
          f" {mark(rows[0] == rows[1] == registrations)}")  # fmt: skip
    print(f"  endorsements {cities[0]:,} for {cities[1]:,} cities"
          f" {mark(cities[0] == cities[1] == min(MAYORS, registrations))}")  # fmt: skip


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--compression", type=float, default=10.0, help="times faster (10)")
    parser.add_argument("--registrations", type=int, default=2_000, help="(2000)")
    args = parser.parse_args()
    if args.compression <= 0 or not 1 <= args.registrations <= 20_000:
        parser.error("--compression must be positive and --registrations 1 to 20000")
    return args


def main() -> int:
    """Start the cluster, replay the day, print the figures; 1 if the cluster cannot start."""
    args = parse_args()
    wave_s, doors_s = 600 / args.compression, 900 / args.compression
    print(f"A forum day on two app nodes; {versions()}; time compressed {args.compression:g}×:"
          f" the wave {wave_s:.0f} s, the doors {doors_s:.0f} s")  # fmt: skip
    limits = {
        "REGISTRATION_RATE_LIMIT": "1000000 per minute",
        "LOGIN_RATE_LIMIT": "1000 per minute",
    }
    try:
        with running_cluster(seed=("day", str(DOORS)), settings=limits) as cluster:
            figures = Figures()
            started = time.perf_counter()
            registration_wave(cluster, figures, args.registrations, wave_s)
            confirmations(cluster, figures, wave_s / 2)
            bulk_approval(cluster, figures)
            the_doors(cluster, figures, doors_s, syncs=[1 / 3, 2 / 3])
            print(f"\nThe day took {time.perf_counter() - started:.0f} s")
            print_figures(figures)
            print_invariants(cluster, args.registrations)
    except (AssertionError, OSError) as error:
        print(f"The cluster could not run the day: {error}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
