"""sessions: speakers, moderators, rapporteurs and keynotes, in order

Revision ID: 33d420b6cebe
Revises: 51fbefcd5d67
Create Date: 2026-12-02 15:36:37.152976

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '33d420b6cebe'
down_revision = '51fbefcd5d67'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('keynote', 'moderator', 'speaker', 'rapporteur', name='personrole', native_enum=False, length=20), nullable=False),
    sa.Column('registration_id', sa.Integer(), nullable=True),
    sa.Column('guest_name', sa.String(length=200), nullable=True),
    sa.Column('guest_title', sa.String(length=200), nullable=True),
    sa.Column('guest_organisation', sa.String(length=200), nullable=True),
    sa.Column('guest_city', sa.String(length=200), nullable=True),
    sa.Column('guest_country_code', sa.String(length=2), nullable=True),
    sa.CheckConstraint('(registration_id IS NULL) <> (guest_name IS NULL)', name=op.f('ck_session_people_registration_or_guest')),
    sa.ForeignKeyConstraint(['registration_id'], ['registrations.id'], name=op.f('fk_session_people_registration_id_registrations')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_session_people_session_id_sessions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_people')),
    sa.UniqueConstraint('session_id', 'registration_id', name=op.f('uq_session_people_session_id'))
    )
    with op.batch_alter_table('session_people', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_people_registration_id'), ['registration_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_session_people_session_id'), ['session_id'], unique=False)



def downgrade():
    with op.batch_alter_table('session_people', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_people_session_id'))
        batch_op.drop_index(batch_op.f('ix_session_people_registration_id'))

    op.drop_table('session_people')
