"""Commitments benchmark: the public list with its filters, the theme page and the API over
5,000 entries of 200 cities with 20,000 progress updates and 100 offers of support.

It prints figures; nothing passes or fails on speed, and it exits 0 once it has run. Each
figure is the median of ``--runs`` GETs through Flask's test client (after two untimed ones),
in one process with warm caches, with the SQL statements of one more run counted beside it.
Targets (issue 12): the list with filters and the theme page ≤ 50 ms; one need's matches
≤ 20 ms (ranked against every offer and the other cities' actions); the annual report PDF
(every published public entry, ~4,200 of the 5,000) ≤ 10 s. The open-data file has no target;
its figure is printed beside the report's. The two files are timed over ``--file-runs`` GETs.

Usage, from the repository root::

    .venv/bin/python bench/commitments.py                  # SQLite, in a temporary file
    .venv/bin/python bench/commitments.py --runs 31
    .venv/bin/python bench/commitments.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

With PostgreSQL the URL only names the server: a scratch database ``forum_bench_commitments``
is created there and dropped afterwards; the run refuses to start when it exists already.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

import sqlalchemy as sa
from flask import Flask

from bench.common import (
    SEEDED_AT,
    add_database_option,
    add_edition,
    city_rows,
    count_statements,
    engine_of,
    insert_returning_ids,
    make_app,
    mark,
    scratch_database,
    stop_on_sigterm,
    timed,
    versions,
)
from forum.agenda.models import Theme
from forum.cities.models import City
from forum.commitments.models import (
    Commitment,
    GcmLink,
    Kind,
    Offer,
    OffererKind,
    OfferGcmLink,
    OfferStatus,
    ProgressStatus,
    ProgressUpdate,
    Status,
)
from forum.extensions import db

SCRATCH_DATABASE = "forum_bench_commitments"
ENTRIES, CITIES, UPDATES, THEMES = 5_000, 200, 20_000, 3
OFFERS = 100  # published offers of support, which every need's matches are ranked against
MATCHES_TARGET_MS = 20.0
TARGET_MS = 50.0
REPORT_TARGET_MS = 10_000.0
COUNTRIES = ("MA", "ES", "EC", "PH", "DE", "CA", "SL", "UG", "JO", "LB", "GR", "IT", "US", "MX")


def seed(app: Flask, rng: random.Random) -> list[str]:
    """The edition, its themes, cities, entries, updates and offers; the theme slugs."""
    with app.app_context():
        edition = add_edition()
        slugs = [f"theme-{n}" for n in range(THEMES)]
        theme_ids = insert_returning_ids(
            Theme, [{"edition_id": edition.id, "slug": s, "title": s.title()} for s in slugs]
        )
        city_ids = insert_returning_ids(City, city_rows(CITIES, COUNTRIES))
        ids = insert_returning_ids(Commitment, [_entry(edition.id, n, city_ids, theme_ids, rng)
                                                for n in range(ENTRIES)])  # fmt: skip
        db.session.execute(
            GcmLink.__table__.insert(),
            [
                {"commitment_id": i, "objective": o}
                for i in ids
                for o in rng.sample(range(1, 24), 3)
            ],
        )
        updates = [_update(rng.choice(ids), rng) for _ in range(UPDATES)]
        db.session.execute(ProgressUpdate.__table__.insert(), updates)
        offers = insert_returning_ids(
            Offer, [_offer(edition.id, n, theme_ids) for n in range(OFFERS)]
        )
        db.session.execute(
            OfferGcmLink.__table__.insert(),
            [{"offer_id": i, "objective": o} for i in offers for o in rng.sample(range(1, 24), 3)],
        )
        db.session.commit()
    return slugs


def _offer(edition_id: int, n: int, themes: list[int]) -> dict[str, object]:
    return {
        "edition_id": edition_id, "offerer_kind": list(OffererKind)[1 + n % 5],
        "offerer_name": f"Organisation {n}", "theme_id": themes[n % len(themes)],
        "title": f"Offer {n}", "description": "A benchmark offer.", "language": "en",
        "support_resources": n % 2 == 0, "support_tools": n % 3 == 0,
        "support_partnerships": n % 5 == 0, "contact_name": "Contact",
        "contact_email": f"offer{n}@example.org", "status": OfferStatus.PUBLISHED,
        "created_at": SEEDED_AT, "updated_at": SEEDED_AT, "published_at": SEEDED_AT, "version": 1,
    }  # fmt: skip


def a_published_need(app: Flask) -> int:
    """The id of a published public need, whose matches the figures rank."""
    with app.app_context():
        query = sa.select(sa.func.min(Commitment.id)).where(
            Commitment.kind == Kind.SUPPORT_NEEDED,
            Commitment.status == Status.PUBLISHED,
            Commitment.is_public.is_(True),
        )
        need = db.session.scalar(query)
        db.session.remove()
    if need is None:
        raise RuntimeError("The seed made no published need.")
    return need


def _entry(
    edition_id: int, n: int, cities: list[int], themes: list[int], rng: random.Random
) -> dict[str, object]:
    status = Status.PUBLISHED if n % 10 else rng.choice([Status.DRAFT, Status.SUBMITTED])
    return {
        "edition_id": edition_id, "city_id": cities[n % len(cities)],
        "theme_id": themes[n % len(themes)], "kind": list(Kind)[n % 3],
        "title": f"Entry {n}", "description": "A benchmark entry. " * 10, "language": "en",
        "support_resources": n % 2 == 0, "support_tools": n % 3 == 0,
        "support_partnerships": False, "gcr_objectives": [], "target": "", "partners": "",
        "organiser_comment": "", "status": status, "is_public": n % 17 != 0,
        "created_at": SEEDED_AT, "updated_at": SEEDED_AT,
        "published_at": SEEDED_AT + timedelta(minutes=n) if status is Status.PUBLISHED else None,
        "version": 1,
    }  # fmt: skip


def _update(commitment_id: int, rng: random.Random) -> dict[str, object]:
    return {
        "commitment_id": commitment_id,
        "reported_on": date(2019, 1, 1) + timedelta(days=rng.randrange(700)),
        "status": rng.choice(list(ProgressStatus)), "percent": rng.randrange(101),
        "narrative": "Progress.", "evidence_url": "", "created_at": SEEDED_AT,
    }  # fmt: skip


def figure(
    app: Flask, label: str, url: str, runs: int, target: float | None = TARGET_MS, warm: int = 2
) -> bool:
    """Time GET ``url``, print one line; True when the median meets the target (or has none)."""
    client = app.test_client()
    sizes = []

    def once() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        sizes.append(len(response.data))

    for _ in range(warm):
        once()
    started = time.process_time()
    samples = [timed(once) for _ in range(runs)]
    cpu = (time.process_time() - started) * 1000 / runs
    queries = count_statements(once)
    median = statistics.median(samples)
    met = target is None or median <= target
    goal = f"≤ {target:g} {mark(met)}" if target is not None else "(no target)"
    print(f"{label:48} {median:8.1f} {min(samples):8.1f} {max(samples):8.1f} {cpu:8.1f}  "
          f"{goal}  {queries:4d} queries  {sizes[-1] / 1024:6.0f} KiB", flush=True)  # fmt: skip
    return met


def file_figures(app: Flask, runs: int) -> list[bool]:
    """The annual report in English and French, and the open-data file."""
    return [
        figure(app, "GET /commitments/report.pdf?lang=en", "/commitments/report.pdf?lang=en",
               runs, REPORT_TARGET_MS, warm=1),
        figure(app, "GET /commitments/report.pdf?lang=fr", "/commitments/report.pdf?lang=fr",
               runs, REPORT_TARGET_MS, warm=0),
        figure(app, "GET /commitments/open-data.json", "/commitments/open-data.json", runs,
               None, warm=1),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Seed, measure, print; 0 whatever the figures are."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_option(parser, SCRATCH_DATABASE)
    parser.add_argument("--runs", type=int, default=15, help="timed runs per figure")
    parser.add_argument("--file-runs", type=int, default=3, help="timed runs of the PDF, JSON")
    args = parser.parse_args(argv)
    stop_on_sigterm()
    with scratch_database(args.database_url, SCRATCH_DATABASE) as (url, description):
        app = make_app("testing", url, COMMITMENT_FILES_RATE_LIMIT="10000 per minute")
        try:
            slugs = seed(app, random.Random(2018))
            print(f"{description}; {versions()}")
            print(f"{ENTRIES} entries, {CITIES} cities, {UPDATES} progress updates")
            # cpu: this process's CPU time a run, the figure to read on a shared machine.
            print(f"{'figure (ms)':48} {'median':>8} {'min':>8} {'max':>8} {'cpu':>8}")
            cases = [
                ("GET /commitments", "/commitments"),
                ("GET /commitments, theme + kind + area", f"/commitments?theme={slugs[0]}"
                 "&kind=support_needed&area=tools"),
                ("GET /commitments, GCM objective + country", "/commitments?gcm=7&country=MA"),
                ("GET /commitments, progress fulfilled, page 3",
                 "/commitments?progress=fulfilled&page=3"),
                ("GET /agenda/themes/<slug> (with counts)", f"/agenda/themes/{slugs[1]}"),
                ("GET /api/v1/commitments?per_page=100", "/api/v1/commitments?per_page=100"),
            ]  # fmt: skip
            met = [figure(app, label, target, args.runs) for label, target in cases]
            need = a_published_need(app)
            met.append(figure(app, "GET /api/v1/commitments/<need>/matches",
                              f"/api/v1/commitments/{need}/matches", args.runs,
                              MATCHES_TARGET_MS))  # fmt: skip
            met.append(figure(app, "GET /commitments/<need> (its suggestions)",
                              f"/commitments/{need}", args.runs))  # fmt: skip
            met += file_figures(app, args.file_runs)
            print(f"Targets missed: {met.count(False)} of {len(met)}.")
        finally:
            engine_of(app).dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
