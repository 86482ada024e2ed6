"""Cities and regional governments that delegates represent."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import Base


class City(Base):
    """A local or regional government, one row per name and country.

    ``match_key`` is the name folded to lower case without accents, so
    "Montréal" and "MONTREAL" are the same city; ``slug`` names its public page
    (/cities/<country>/<slug>), unique in its country and kept once made.
    """

    __tablename__ = "cities"
    __table_args__ = (
        sa.UniqueConstraint("country_code", "match_key"),
        # An index, not a constraint: SQLite adds it without rebuilding the table.
        sa.Index("uq_cities_country_code_slug", "country_code", "slug", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    country_code: Mapped[str] = mapped_column(sa.String(2))
    match_key: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(100))

    def __repr__(self) -> str:
        return f"<City {self.name} {self.country_code}>"
