"""edition subtitle, contact address and one current edition

Revision ID: 51fbefcd5d67
Revises: e715908b7e25
Create Date: 2026-12-02 15:37:28.246907

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "51fbefcd5d67"
down_revision = "e715908b7e25"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("subtitle", sa.String(length=300), server_default="", nullable=False)
        )
        batch_op.add_column(
            sa.Column("contact_email", sa.String(length=254), server_default="", nullable=False)
        )
    _keep_one_current()
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.create_index(
            "uq_editions_one_current",
            ["is_current"],
            unique=True,
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )


def _keep_one_current():
    # Seed data may mark several editions current: the highest-numbered of them stays so
    # (it is the one the app showed), before the index allows only one.
    editions = sa.table(
        "editions", sa.column("number", sa.Integer), sa.column("is_current", sa.Boolean)
    )
    bind = op.get_bind()
    top = bind.execute(
        sa.select(sa.func.max(editions.c.number)).where(editions.c.is_current == sa.true())
    ).scalar()
    if top is not None:
        bind.execute(
            sa.update(editions)
            .where(editions.c.is_current == sa.true(), editions.c.number != top)
            .values(is_current=False)
        )


def downgrade():
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_editions_one_current",
            sqlite_where=sa.text("is_current"),
            postgresql_where=sa.text("is_current"),
        )
        batch_op.drop_column("contact_email")
        batch_op.drop_column("subtitle")
