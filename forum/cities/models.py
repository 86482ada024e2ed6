"""Cities and regional governments that delegates represent."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from forum.extensions import Base


class City(Base):
    """A local or regional government, one row per name and country.

    ``match_key`` is the name folded to lower case without accents, so
    "Montréal" and "MONTREAL" are the same city.
    """

    __tablename__ = "cities"
    __table_args__ = (sa.UniqueConstraint("country_code", "match_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    country_code: Mapped[str] = mapped_column(sa.String(2))
    match_key: Mapped[str] = mapped_column(sa.String(120))

    def __repr__(self) -> str:
        return f"<City {self.name} {self.country_code}>"
