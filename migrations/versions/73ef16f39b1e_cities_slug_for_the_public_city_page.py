"""cities.slug for the public city page /cities/<country>/<slug>

Revision ID: 73ef16f39b1e
Revises: 5a7fbdb182ef
Create Date: 2026-12-02 18:03:02.738654

"""
import re

from alembic import op
from anyascii import anyascii
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '73ef16f39b1e'
down_revision = '5a7fbdb182ef'
branch_labels = None
depends_on = None


def slug_of(name):
    # A copy of forum.cities.slugs.slug_of as it was when this migration was written.
    return re.sub(r'[^a-z0-9]+', '-', anyascii(name).lower()).strip('-')[:100].strip('-') or 'city'


def upgrade():
    # Added NOT NULL with a default and unique through an index, so SQLite does not rebuild
    # the table (rebuilding it would break the foreign keys of the rows pointing at it).
    with op.batch_alter_table('cities', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('slug', sa.String(length=100), nullable=False, server_default='')
        )

    # Give every city already stored its slug, -2, -3… where two of one country write alike.
    connection = op.get_bind()
    cities = sa.table('cities', sa.column('id'), sa.column('name'), sa.column('country_code'),
                      sa.column('slug'))
    taken = set()
    rows = connection.execute(
        sa.select(cities.c.id, cities.c.name, cities.c.country_code).order_by(cities.c.id)
    ).all()
    for city_id, name, country in rows:
        base = slug = slug_of(name)
        number = 2
        while (country, slug) in taken:
            slug = f'{base}-{number}'
            number += 1
        taken.add((country, slug))
        connection.execute(cities.update().where(cities.c.id == city_id).values(slug=slug))

    op.create_index('uq_cities_country_code_slug', 'cities', ['country_code', 'slug'], unique=True)


def downgrade():
    op.drop_index('uq_cities_country_code_slug', table_name='cities')
    with op.batch_alter_table('cities', schema=None) as batch_op:
        batch_op.drop_column('slug')
