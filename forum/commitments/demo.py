"""The demo's commitments: 42 published entries of 18 cities over the three themes, with
reports in every progress status and every staleness colour, a few still in moderation, and
8 published offers of support; and matches of needs at every stage."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from forum.agenda.models import Theme
from forum.cities.models import City
from forum.commitments.demo_data import ENTRIES, EXTRA_OBJECTIVES, NARRATIVES, OFFERS, REPORTS
from forum.commitments.match_demo import seed_matches
from forum.commitments.models import (
    Commitment,
    GcmLink,
    Kind,
    Offer,
    OffererKind,
    OfferGcmLink,
    OfferStatus,
    PartnershipLevel,
    ProgressStatus,
    ProgressUpdate,
    Status,
)
from forum.editions.models import Edition
from forum.extensions import db
from forum.registration.models import Registration, RegistrationStatus

PUBLISHED_FROM = datetime(2018, 12, 10, 9, tzinfo=UTC)
# Left in moderation so organisers have something to publish or return.
IN_MODERATION = (Status.SUBMITTED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT)


def seed_commitments(edition: Edition, cities: list[City], *, now: datetime) -> int:
    """Add the demo entries for ``cities`` (in turn); how many were added."""
    themes = {
        t.slug: t for t in db.session.scalars(sa.select(Theme).filter_by(edition_id=edition.id))
    }
    count = 0
    for slug, kinds in ENTRIES.items():
        for kind, rows in kinds.items():
            for title, areas in rows:
                city = cities[count % len(cities)]
                status = IN_MODERATION[count // 12] if count % 12 == 11 else Status.PUBLISHED
                entry = _entry(edition, themes[slug], city, Kind(kind), title, areas, status, count)
                if status is Status.PUBLISHED:
                    _reports(entry, REPORTS[count % len(REPORTS)], now)
                count += 1
    _offers(edition, themes)
    seed_matches(edition)
    return count


def _entry(
    edition: Edition,
    theme: Theme,
    city: City,
    kind: Kind,
    title: str,
    areas: str,
    status: Status,
    index: int,
) -> Commitment:
    support = set(filter(None, areas.split(",")))
    level = next((a.split(":")[1] for a in support if a.startswith("partnerships:")), None)
    extra = EXTRA_OBJECTIVES[theme.slug][index % len(EXTRA_OBJECTIVES[theme.slug])]
    published = PUBLISHED_FROM + timedelta(days=3 * index)
    entry = Commitment(
        edition_id=edition.id, city_id=city.id, theme_id=theme.id, kind=kind, title=title,
        description=f"{title}: an illustrative entry written for the demo.", language="en",
        support_resources="resources" in support, support_tools="tools" in support,
        support_partnerships=level is not None,
        partnership_level=PartnershipLevel(level) if level else None,
        target="A figure the city checks every year." if kind is not Kind.DOING else "",
        target_date=date(2020, 12, 31) if kind is Kind.COMMITMENT else None,
        contact_id=_contact(edition, city), status=status, created_at=published,
        updated_at=published, published_at=published if status is Status.PUBLISHED else None,
        organiser_comment="Please add a measurable target." if status is Status.RETURNED else "",
        gcm_links=[GcmLink(objective=n) for n in sorted({*theme.gcm_objectives, extra})],
    )  # fmt: skip
    db.session.add(entry)
    return entry


def _offers(edition: Edition, themes: dict[str, Theme]) -> None:
    """The demo's published offers, from organisations and one city."""
    for index, (kind, offerer, slug, title, areas, objectives) in enumerate(OFFERS):
        support = set(areas.split(","))
        level = next((a.split(":")[1] for a in support if a.startswith("partnerships:")), None)
        published = PUBLISHED_FROM + timedelta(days=5 * index)
        db.session.add(Offer(
            edition_id=edition.id, offerer_kind=OffererKind(kind), offerer_name=offerer,
            theme_id=themes[slug].id if slug else None, title=title,
            description=f"{title}: an illustrative offer written for the demo.", language="en",
            support_resources="resources" in support, support_tools="tools" in support,
            support_partnerships=level is not None,
            partnership_level=PartnershipLevel(level) if level else None,
            contact_name="Partnerships team", contact_email=f"offers{index}@partner.example.org",
            status=OfferStatus.PUBLISHED, created_at=published, updated_at=published,
            published_at=published,
            gcm_links=[OfferGcmLink(objective=n) for n in objectives],
        ))  # fmt: skip


def _contact(edition: Edition, city: City) -> int | None:
    return db.session.scalar(
        sa.select(Registration.id)
        .where(
            Registration.edition_id == edition.id,
            Registration.city_id == city.id,
            Registration.status == RegistrationStatus.APPROVED,
        )
        .order_by(Registration.id)
        .limit(1)
    )


def _reports(
    entry: Commitment, reports: list[tuple[date | int, str, int | None]], now: datetime
) -> None:
    for day, status, percent in reports:
        reported = day if isinstance(day, date) else (now - timedelta(days=day)).date()
        entry.updates.append(
            ProgressUpdate(
                reported_on=reported,
                status=ProgressStatus(status),
                percent=percent,
                narrative=NARRATIVES[status],
                created_at=datetime.combine(reported, datetime.min.time(), UTC),
            )
        )
