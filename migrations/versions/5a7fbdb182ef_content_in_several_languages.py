"""content in several languages: translations per field, an edition's languages and badge prefix

Revision ID: 5a7fbdb182ef
Revises: ce6d90d0d7d5
Create Date: 2026-12-02 18:02:52.526059

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5a7fbdb182ef"
down_revision = "ce6d90d0d7d5"
branch_labels = None
depends_on = None

# Each translatable field's {lang: text} for the languages other than the default one.
TRANSLATED = {
    "editions": ("title_i18n", "subtitle_i18n"),
    "themes": ("title_i18n", "description_i18n"),
    "sessions": ("title_i18n", "description_i18n"),
    "rooms": ("name_i18n",),
    "commitments": ("title_i18n", "description_i18n"),
}


def upgrade():
    for table, columns in TRANSLATED.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.add_column(
                    sa.Column(column, sa.JSON(), server_default="{}", nullable=False)
                )
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("default_language", sa.String(length=8), server_default="en", nullable=False)
        )
        batch_op.add_column(
            sa.Column("languages", sa.JSON(), server_default='["en", "fr", "es"]', nullable=False)
        )
        batch_op.add_column(
            sa.Column("badge_prefix", sa.String(length=12), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("editions", schema=None) as batch_op:
        batch_op.drop_column("badge_prefix")
        batch_op.drop_column("languages")
        batch_op.drop_column("default_language")
    for table, columns in reversed(TRANSLATED.items()):
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in reversed(columns):
                batch_op.drop_column(column)
