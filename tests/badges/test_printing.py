"""Printing the approved delegates' badges: the service, the CLI, the delegate's own PDF."""

from __future__ import annotations

import io

import sqlalchemy as sa

from forum.audit.models import AuditEvent
from forum.badges.models import Badge
from forum.badges.printing import (
    BadgeSelection,
    badge_pdf,
    print_badges,
    printable_badge,
    selected_badge_ids,
)
from forum.badges.prints import mark_printed
from forum.badges.services import issue_badge, parse_qr_text, qr_text
from forum.extensions import db
from forum.registration.models import Category, RegistrationStatus
from tests import factories
from tests.badges.helpers import NOW, approved, badge_of
from tests.gfmd_helpers import counting_queries
from tests.pdf_reading import decode_qr_codes, page_count, pdf_lines


def _printed_at() -> dict[str, object]:
    rows = db.session.execute(
        sa.select(Badge.code, Badge.printed_at).where(Badge.revoked_at.is_(None))
    )
    return {row.code: row.printed_at for row in rows}


def test_the_printed_qr_code_is_the_badge_text_and_the_check_in_accepts_it(ctx):
    edition = factories.edition()
    badge = badge_of(approved(edition, "valerie@example.org"))
    [decoded] = decode_qr_codes(badge_pdf(badge))
    assert decoded == qr_text(badge)
    content = parse_qr_text(decoded)
    assert (content.edition_number, content.code) == (5, badge.code)  # type: ignore[union-attr]


def test_the_badge_reads_name_position_city_country_category_and_edition(ctx):
    edition = factories.edition()
    registration = approved(
        edition, "hanna@example.org", ("Hanna", "Zdanowska"), city=("Łódź", "PL")
    )
    registration.position_title = "Mayor of Łódź"
    assert pdf_lines(badge_pdf(badge_of(registration))) == [
        "Mayoral Forum · Marrakech 2018",
        "Hanna Zdanowska",
        "Mayor of Łódź",
        "Łódź, Poland",
        "MAYOR",
    ]


def test_the_badge_speaks_the_language_asked_for(ctx):
    edition = factories.edition()
    badge = badge_of(approved(edition, "ana@example.org", city=("Quito", "EC")))
    assert pdf_lines(badge_pdf(badge, locale="fr"))[-2:] == ["Quito, Équateur", "MAIRE"]
    assert pdf_lines(badge_pdf(badge))[-2:] == ["Quito, Ecuador", "MAYOR"]


def test_only_working_badges_of_approved_delegates_are_selected(ctx):
    edition = factories.edition()
    kept = approved(edition, "kept@example.org", ("Ada", "Byron"))
    reissued = approved(edition, "reissued@example.org", ("Bea", "Cruz"))
    new_badge = issue_badge(reissued, now=NOW)
    withdrawn = approved(edition, "gone@example.org", ("Cy", "Dunn"))
    withdrawn.status = RegistrationStatus.WITHDRAWN
    factories.registration(edition, "pending@example.org")
    other = factories.edition(number=6, year=2020, is_current=False)
    approved(other, "other@example.org", ("Di", "Eve"))
    db.session.flush()
    selected = selected_badge_ids(BadgeSelection(edition.id))
    assert selected == [badge_of(kept).id, new_badge.id]


def test_category_and_not_printed_on_a_layout_narrow_the_selection(ctx):
    edition = factories.edition()
    mayor = approved(edition, "mayor@example.org", ("Ada", "Mayor"))
    printed = approved(edition, "printed@example.org", ("Bo", "Printed"))
    mark_printed([badge_of(printed).id], layout="a4", now=NOW)
    official = approved(
        edition, "official@example.org", ("Cy", "Official"), category=Category.CITY_OFFICIAL
    )
    db.session.flush()
    ids = {name: badge_of(r).id for name, r in [("m", mayor), ("p", printed), ("o", official)]}
    mayors = BadgeSelection(edition.id, Category.MAYOR)
    assert selected_badge_ids(mayors) == [ids["m"], ids["p"]]
    assert selected_badge_ids(BadgeSelection(edition.id, not_printed=True)) == [ids["m"], ids["o"]]
    cards = BadgeSelection(edition.id, not_printed=True, layout="card")
    assert selected_badge_ids(cards) == [ids["m"], ids["o"], ids["p"]]  # family-name order


def test_making_a_pdf_marks_nothing_printed(ctx):
    edition = factories.edition()
    badge = badge_of(approved(edition, "ada@example.org"))
    out = io.BytesIO()
    assert print_badges([badge.id], out, layout="a6") == 1
    db.session.expire_all()
    assert _printed_at() == {badge.code: None}


def test_faces_are_loaded_a_batch_at_a_time(ctx):
    edition = factories.edition()
    badge_ids = [
        badge_of(approved(edition, f"d{n}@example.org", ("Delegate", f"N{n:03d}"))).id
        for n in range(30)
    ]
    db.session.commit()
    db.session.expire_all()
    with counting_queries() as statements:
        print_badges(badge_ids, io.BytesIO(), layout="a4")
    # One SELECT for the badges with their registrations, cities and edition, one for the
    # speakers' role lines; no write.
    selects = [s.split()[0] for s in statements if s.startswith(("SELECT", "UPDATE"))]
    assert selects == ["SELECT", "SELECT"]


def test_the_cli_writes_a_pdf_and_marks_nothing_unless_asked(app, runner, tmp_path):
    with app.app_context():
        edition = factories.edition()
        for n in range(5):
            approved(edition, f"d{n}@example.org", ("Delegate", f"N{n}"))
        db.session.commit()
    out = tmp_path / "badges.pdf"
    result = runner.invoke(args=["forum", "badges", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        f"5 badges written to {out}; not marked printed (add --mark-printed once they are printed)."
    )
    assert page_count(out.read_bytes()) == 2
    with app.app_context():
        assert set(_printed_at().values()) == {None}
    marked = runner.invoke(args=["forum", "badges", "--out", str(out), "--mark-printed"])
    assert marked.output.splitlines()[-1] == f"5 badges written to {out} and marked printed on a4."
    with app.app_context():
        assert None not in _printed_at().values()
        event = db.session.scalars(sa.select(AuditEvent)).all()[-1]
        assert (event.action, event.details["count"]) == ("badges.marked_printed", 5)


def test_the_cli_skips_badges_printed_on_its_layout_when_asked(app, runner, tmp_path):
    with app.app_context():
        edition = factories.edition()
        old = approved(edition, "old@example.org", ("Old", "Hand"))
        mark_printed([badge_of(old).id], layout="card", now=NOW)
        new = approved(edition, "new@example.org", ("New", "Comer"))
        new_code = qr_text(badge_of(new))
        db.session.commit()
    out = tmp_path / "new.pdf"
    args = ["forum", "badges", "--out", str(out), "--not-printed", "--layout", "card"]
    result = runner.invoke(args=[*args, "--mark-printed"])
    assert result.exit_code == 0, result.output
    assert decode_qr_codes(out.read_bytes()) == [new_code]
    again = runner.invoke(args=args)
    assert again.output.splitlines() == ["No badges match; nothing written."]
    a4 = runner.invoke(args=["forum", "badges", "--out", str(out), "--not-printed"])
    assert a4.output.splitlines()[-1].startswith("2 badges written")


def test_the_cli_prints_only_the_category_asked_for(app, runner, tmp_path):
    with app.app_context():
        edition = factories.edition()
        approved(edition, "mayor@example.org", ("Ada", "Mayor"))
        approved(edition, "youth@example.org", ("Bo", "Young"), category=Category.YOUTH)
        db.session.commit()
    out = tmp_path / "youth.pdf"
    result = runner.invoke(args=["forum", "badges", "--out", str(out), "--category", "youth"])
    assert result.exit_code == 0, result.output
    assert pdf_lines(out.read_bytes())[1] == "Bo Young"
    assert page_count(out.read_bytes()) == 1


def test_badge_codes_lists_the_qr_texts_of_working_badges(app, runner):
    with app.app_context():
        edition = factories.edition()
        codes = [
            qr_text(badge_of(approved(edition, f"{n}@example.org", ("A", name))))
            for n, name in enumerate(["Ba", "Ab"])
        ]
        factories.registration(edition, "pending@example.org")
        db.session.commit()
    result = runner.invoke(args=["forum", "badge-codes"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [codes[1], codes[0]]  # family-name order


def test_only_approved_delegates_have_a_printable_badge(ctx):
    edition = factories.edition()
    approved_one = approved(edition, "ok@example.org")
    pending = factories.registration(edition, "wait@example.org")
    assert printable_badge(approved_one) == badge_of(approved_one)
    assert printable_badge(pending) is None
