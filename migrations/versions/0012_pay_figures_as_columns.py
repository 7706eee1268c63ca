"""The entitlement's pay figures as columns of request_details: payroll and the API select plans
by them without reading each entitlement's JSON

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 04:30:00

"""
import json
from datetime import date

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

details = sa.table(
    'request_details', sa.column('request_id', sa.Integer), sa.column('entitlement', sa.JSON),
    sa.column('company_days', sa.Integer), sa.column('statutory_end', sa.Date),
    sa.column('phased_return_days', sa.Integer),
)


def _figures(entitlement):
    """As portal.domain.pay_kinds.pay_figures reads a stored entitlement, on this day."""
    if isinstance(entitlement, str):
        entitlement = json.loads(entitlement)
    statutory = entitlement.get('statutory') or {}
    phased = entitlement.get('phased_return') or {}
    phased_days = 0
    if phased.get('start') and phased.get('end'):
        phased_days = (date.fromisoformat(phased['end'])
                       - date.fromisoformat(phased['start'])).days + 1
    end = statutory.get('end')
    return {'company_days': int(entitlement.get('company_days') or 0),
            'statutory_end': date.fromisoformat(end) if end else None,
            'phased_return_days': phased_days}


def upgrade():
    with op.batch_alter_table('request_details', schema=None) as batch_op:
        batch_op.add_column(sa.Column('company_days', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('statutory_end', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('phased_return_days', sa.Integer(), nullable=False,
                                      server_default='0'))
    connection = op.get_bind()
    rows = connection.execute(sa.select(details.c.request_id, details.c.entitlement)).all()
    for request_id, entitlement in rows:
        connection.execute(details.update().where(details.c.request_id == request_id)
                           .values(**_figures(entitlement)))


def downgrade():
    # Plain DROP COLUMN (SQLite has it since 3.35): a batch copy of the table would reflect the
    # employee table it refers to, whose lower(userName) index SQLAlchemy cannot reflect.
    for column in ('phased_return_days', 'statutory_end', 'company_days'):
        op.drop_column('request_details', column)
