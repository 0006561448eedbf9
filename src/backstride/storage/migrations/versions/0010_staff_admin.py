"""Staff admins: ``staff.is_admin``, who may manage the staff on the web app's Staff page.

An admin adds and removes staff members, gives one a new password and makes another an admin, on a
page, as ``backstride staff`` does at the computer that holds the database. Every member kept before
is not an admin (``false``), so nothing anyone may do changes by upgrading; ``backstride staff admin
NAME`` makes the first. Going down drops the column (the members and their passwords stay).

Revision ID: 0010_staff_admin
Revises: 0009_diary_tried
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_staff_admin"
down_revision = "0009_diary_tried"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff", sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("staff", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("is_admin")
