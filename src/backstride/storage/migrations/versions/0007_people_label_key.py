"""A person's label compared in any case, in any script, the same on SQLite and PostgreSQL.

``people.label_key``: the label as ``core.names.name_key`` compares it (Unicode NFC, then
case-folded, the rule staff names follow since 0006), unique. SQL ``lower()`` folded only ASCII on
SQLite, so "Zoë" and "ZOË" could both be kept, and ``--person zoë`` did not find "Zoë".

Existing rows get their key here. A database may already keep two people whose labels differ only in
case outside ASCII ("ZOË" and "zoë"): the upgrade must not fail, and it must not merge or drop
anyone. The person added first keeps their label; each later one gets their id added to theirs
("zoë (person 5)"), and an activity line says so ("person_changed", the old label in its detail).
Nothing else changes; going down keeps the new labels and drops the key.

Revision ID: 0007_people_label_key
Revises: 0006_staff
Create Date: 2026-11-26
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from backstride.core.names import name_key

revision = "0007_people_label_key"
down_revision = "0006_staff"
branch_labels = None
depends_on = None

LABEL_MAX_CHARS = 80

people = sa.table(
    "people",
    sa.column("id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("label_key", sa.String),
)
events = sa.table(
    "events",
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("action", sa.String),
    sa.column("person_id", sa.Integer),
    sa.column("person_label", sa.String),
    sa.column("detail", sa.Text),
    sa.column("via", sa.String),
    sa.column("client", sa.String),
    sa.column("staff_name", sa.String),
)


def _label_with_id(label: str, person_id: int, taken: set[str]) -> str:
    """``label (person N)``, cut to fit 80 characters, whose key nobody has yet."""
    n = 1
    while True:
        suffix = f" (person {person_id})" if n == 1 else f" (person {person_id}, {n})"
        renamed = label[: LABEL_MAX_CHARS - len(suffix)].rstrip() + suffix
        if name_key(renamed) not in taken:
            return renamed
        n += 1


def upgrade() -> None:
    bind = op.get_bind()
    op.add_column("people", sa.Column("label_key", sa.String(length=240), nullable=True))
    rows = bind.execute(sa.select(people.c.id, people.c.label).order_by(people.c.id)).all()
    keys = {person_id: name_key(label) for person_id, label in rows}
    holder: dict[str, str] = {}  # key -> the label that has it now
    now = datetime.now(UTC)
    for person_id, label in rows:
        key, new_label = keys[person_id], label
        if key in holder:  # the same label as someone added before, in another case
            new_label = _label_with_id(label, person_id, set(keys.values()) | set(holder))
            bind.execute(
                events.insert().values(
                    at=now,
                    action="person_changed",
                    person_id=person_id,
                    person_label=new_label,
                    detail=(
                        f"renamed from {label!r} when backstride was upgraded: {holder[key]!r} has the"
                        " same label in another case, and labels now differ in more than case"
                    ),
                    via="python",
                    client=None,
                    staff_name=None,
                )
            )
            key = name_key(new_label)
        holder[key] = new_label
        bind.execute(people.update().where(people.c.id == person_id).values(label=new_label, label_key=key))
    with op.batch_alter_table("people", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.alter_column("label_key", existing_type=sa.String(length=240), nullable=False)
        batch.create_unique_constraint(op.f("uq_people_label_key"), ["label_key"])


def downgrade() -> None:
    with op.batch_alter_table("people", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_constraint(op.f("uq_people_label_key"), type_="unique")
        batch.drop_column("label_key")
