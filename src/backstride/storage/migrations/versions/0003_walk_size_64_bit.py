"""A walk file's size is a 64-bit integer, so a file over 2 GB can be stored on PostgreSQL.

``gait_recordings.size_bytes`` was ``INTEGER``: 32 bits on PostgreSQL, at most 2,147,483,647 bytes.
The app takes walk files up to 1 GB unless ``BACKSTRIDE_MAX_UPLOAD_MB`` raises the limit (a week of
100 Hz Axivity data is about 0.8 GB); above 2 GB the insert failed on PostgreSQL after the whole
analysis. SQLite's INTEGER already holds 64 bits, so SQLite needs nothing (and is not rebuilt).

Revision ID: 0003_walk_size_64_bit
Revises: 0002_ids_never_reused
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_walk_size_64_bit"
down_revision = "0002_ids_never_reused"
branch_labels = None
depends_on = None


def _size_column(to: sa.types.TypeEngine[int], was: sa.types.TypeEngine[int]) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.alter_column("gait_recordings", "size_bytes", type_=to, existing_type=was, existing_nullable=False)


def upgrade() -> None:
    _size_column(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    _size_column(sa.Integer(), sa.BigInteger())
