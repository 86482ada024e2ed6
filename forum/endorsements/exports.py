"""The list of signatories as organisers present it: CSV here, PDF in pdf.py."""

from __future__ import annotations

import io
from dataclasses import dataclass

from forum.cities.services import country_name
from forum.endorsements.models import Declaration
from forum.endorsements.wall import standing_endorsements
from forum.spreadsheets import BOM, SafeWriter


@dataclass(frozen=True)
class Signatory:
    """One line of the list: the city and who signed for it, when and how."""

    city: str
    country: str
    name: str
    title: str
    date: str
    method: str


def signatories(declaration: Declaration) -> list[Signatory]:
    """Standing endorsements as signatory lines, by country then city."""
    zone = declaration.edition.zone
    rows = [
        Signatory(
            city=e.city.name,
            country=country_name(e.city.country_code),
            name=e.signatory_name,
            title=e.signatory_title,
            date=e.endorsed_at.astimezone(zone).date().isoformat(),
            method="on-site" if e.method.value == "on_site" else "online",
        )
        for e in standing_endorsements(declaration)
    ]
    return sorted(rows, key=lambda s: (s.country.casefold(), s.city.casefold()))


def signatories_csv(declaration: Declaration) -> str:
    """CSV with a BOM so spreadsheet programs read the accents right."""
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(["city", "country", "name", "title", "date", "method"])
    for s in signatories(declaration):
        writer.writerow([s.city, s.country, s.name, s.title, s.date, s.method])
    return BOM + buffer.getvalue()
