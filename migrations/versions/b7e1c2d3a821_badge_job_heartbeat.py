"""badge job heartbeat and attempts

Revision ID: b7e1c2d3a821
Revises: c4c8486ebaaf
Create Date: 2026-12-02 14:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c2d3a821'
down_revision = 'c4c8486ebaaf'
branch_labels = None
depends_on = None


def upgrade():
    # Jobs running before this change have no heartbeat: the worker treats them as stale,
    # which they are (nothing wrote heartbeats before).
    with op.batch_alter_table('badge_jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('badge_jobs', schema=None) as batch_op:
        batch_op.drop_column('attempts')
        batch_op.drop_column('heartbeat_at')
