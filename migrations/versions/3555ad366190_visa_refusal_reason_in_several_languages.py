"""visa_requests: the refusal reason in the edition's other languages

Revision ID: 3555ad366190
Revises: 21c43e1afa5b
Create Date: 2026-12-03 08:55:20.901813

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3555ad366190'
down_revision = '21c43e1afa5b'
branch_labels = None
depends_on = None


def upgrade():
    # {lang: text} beside refusal_reason, which stays in the edition's default language.
    with op.batch_alter_table('visa_requests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('refusal_reason_i18n', sa.JSON(), server_default='{}', nullable=False))


def downgrade():
    with op.batch_alter_table('visa_requests', schema=None) as batch_op:
        batch_op.drop_column('refusal_reason_i18n')
