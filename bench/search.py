"""Search benchmark: the organisers' list and the scanner's name search over many delegates.

It prints figures; nothing passes or fails on speed, and it exits 0 once it has run.

It seeds one edition with 10,000 registrations (bulk inserts, each with the folded search text
the application keeps, ``search_text_from``) in 200 cities, signs an organiser in, then times
through Flask's test client, as the median of ``--runs`` runs after two untimed ones:

| figure | target |
| --- | --- |
| ``GET /admin/registrations/?q=…`` (one word, two words in any order, nothing found) | < 250 ms |
| ``GET /admin/registrations/?sort=name&page=200`` (the last page, sorted) | < 250 ms |
| the scanner's query (every word, approved only, 20 rows) | < 20 ms |

Usage, from the repository root::

    .venv/bin/python bench/search.py
    .venv/bin/python bench/search.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/x
"""

from __future__ import annotations

import argparse
import secrets
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `config` lives at the root

import sqlalchemy as sa

from bench.common import (
    BenchError,
    add_database_option,
    add_edition,
    count_statements,
    engine_of,
    insert_returning_ids,
    make_app,
    mark,
    registration_row,
    scratch_database,
    timed,
    user_row,
    versions,
)
from forum.auth.models import Role, User
from forum.auth.services import create_user
from forum.cities.models import City
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus
from forum.registration.search import matches, search_text_from

DELEGATES = 10_000
GIVEN = ("Grace", "Anna", "Jürgen", "Øystein", "Valérie", "Ahmed", "Mariam", "José", "Li", "Ada")
FAMILY = ("Mwangi", "Kowalska", "Müller", "Sølberg", "Plante", "Aboutaleb", "Diop", "Núñez")
CITIES = ("Łódź", "Tromsø", "Köln", "Montréal", "Nairobi", "São Paulo", "Dakar", "Bogotá")
COUNTRIES = ("PL", "NO", "DE", "CA", "KE", "BR", "SN", "CO")
ORGANISER = ("organiser@bench.example", "bench-organiser-password")
PAGES = [
    ("one word, 'lodz'", "/admin/registrations/?q=lodz", 250.0),
    ("two words, 'mwangi grace'", "/admin/registrations/?q=mwangi+grace", 250.0),
    ("nothing found", "/admin/registrations/?q=zzzz+qqqq", 250.0),
    ("last page by name", "/admin/registrations/?sort=name&dir=asc&page=200", 250.0),
]


def seed(count: int) -> None:
    """One edition, ``count`` registrations in folded-searchable cities, one organiser."""
    edition = add_edition()
    cities = [
        {
            "name": f"{CITIES[n % 8]} {n}",
            "country_code": COUNTRIES[n % 8],
            "match_key": f"c{n}",
            "slug": f"c{n}",
        }
        for n in range(200)
    ]
    city_ids = insert_returning_ids(City, cities)
    emails = [f"delegate{n}@bench.example" for n in range(count)]
    user_ids = insert_returning_ids(User, [user_row(e, e) for e in emails])
    rows = []
    for n, (user_id, email) in enumerate(zip(user_ids, emails, strict=True)):
        given, family, city = GIVEN[n % 10], f"{FAMILY[n % 8]}{n}", cities[n % 200]
        row = registration_row(edition, user_id, city_ids[n % 200], (given, family), f"s{n}")
        row["search_text"] = search_text_from(
            given=given, family=family, organisation="", city=city["name"],
            country_code=city["country_code"], email=email,
        )  # fmt: skip
        rows.append(row)
    db.session.execute(sa.insert(Registration), rows)
    create_user(ORGANISER[0], Role.ORGANISER, ORGANISER[1], display_name="Bench")
    db.session.commit()


def median_ms(once, runs: int) -> float:
    """The median of ``runs`` timed calls after two untimed ones."""
    once()
    once()
    return statistics.median(timed(once) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    """0 once it has run, whatever the figures; 1 when it could not run."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_database_option(parser, "forum_bench_search")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    try:
        with scratch_database(args.database_url, "forum_bench_search") as (url, description):
            app = make_app("testing", url, SECRET_KEY=secrets.token_hex(16), WTF_CSRF_ENABLED=False)
            with app.app_context():
                seed(DELEGATES)
            print(f"bench/search.py on {description}, {DELEGATES:,} registrations; {versions()}")
            run(app, args.runs)
            engine_of(app).dispose()
    except BenchError as error:
        print(f"bench/search.py could not run: {error}", file=sys.stderr)
        return 1
    return 0


def run(app, runs: int) -> None:
    """Sign in, time each figure, print."""
    client = app.test_client()
    client.post("/login", data={"email": ORGANISER[0], "password": ORGANISER[1]})
    for label, path, target in PAGES:

        def get(path: str = path) -> None:
            assert client.get(path).status_code == 200, path

        ms = median_ms(get, runs)
        statements = count_statements(get)
        print(f"  {label:<30} {ms:8.1f} ms  {statements:3d} statements  {mark(ms < target)}")
    with app.app_context():

        def scanner() -> None:
            db.session.scalars(
                sa.select(Registration.id)
                .where(Registration.status == RegistrationStatus.APPROVED, matches("grace mwangi"))
                .limit(20)
            ).all()

        ms = median_ms(scanner, runs)
        print(f"  {'scanner query':<30} {ms:8.1f} ms  {mark(ms < 20.0)}")


if __name__ == "__main__":
    sys.exit(main())
