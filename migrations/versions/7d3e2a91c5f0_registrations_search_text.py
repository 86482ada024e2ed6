"""registrations: folded search text

Revision ID: 7d3e2a91c5f0
Revises: 25aac607e7b3
Create Date: 2026-12-02 14:50:00.000000

"""
from alembic import op
import sqlalchemy as sa

from forum.registration.search import search_text_from


# revision identifiers, used by Alembic.
revision = '7d3e2a91c5f0'
down_revision = '25aac607e7b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    _fill_search_text()


def _fill_search_text():
    # The same fold as the application, so rows written before and after search alike.
    bind = op.get_bind()
    registrations = sa.table(
        'registrations',
        sa.column('id'), sa.column('user_id'), sa.column('city_id'), sa.column('given_name'),
        sa.column('family_name'), sa.column('organisation'), sa.column('search_text'),
    )
    users = sa.table('users', sa.column('id'), sa.column('email'))
    cities = sa.table('cities', sa.column('id'), sa.column('name'), sa.column('country_code'))
    rows = bind.execute(
        sa.select(
            registrations.c.id, registrations.c.given_name, registrations.c.family_name,
            registrations.c.organisation, cities.c.name, cities.c.country_code, users.c.email,
        )
        .join(users, users.c.id == registrations.c.user_id)
        .join(cities, cities.c.id == registrations.c.city_id)
    ).all()
    for row in rows:
        text = search_text_from(
            given=row[1] or '', family=row[2] or '', organisation=row[3] or '',
            city=row[4] or '', country_code=row[5] or '', email=row[6] or '',
        )
        bind.execute(
            registrations.update().where(registrations.c.id == row[0]).values(search_text=text)
        )


def downgrade():
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('search_text')
