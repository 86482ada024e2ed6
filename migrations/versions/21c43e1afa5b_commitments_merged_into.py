"""commitments: an entry merged into another leads there

Revision ID: 21c43e1afa5b
Revises: 73ef16f39b1e
Create Date: 2026-12-02 18:01:55.118949

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '21c43e1afa5b'
down_revision = '73ef16f39b1e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('merged_into_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_commitments_merged_into_id_commitments'), 'commitments', ['merged_into_id'], ['id'])


def downgrade():
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_commitments_merged_into_id_commitments'), type_='foreignkey')
        batch_op.drop_column('merged_into_id')
