"""Bulk loads: suspend a table's secondary indexes and foreign keys around a very large insert, then rebuild them.

Inserting N rows into a table with k indexes costs N × k index insertions and, at commit, N checks per foreign key.
When N is at least the size of the table, building each index once from the finished table (a sorted build) and
validating each foreign key with one join is several times faster. The whole thing runs inside the caller's
transaction: PostgreSQL's DDL is transactional, so a failure rolls back the drop with the rows, and no other session
ever sees the table without its indexes (the DROP holds an ACCESS EXCLUSIVE lock until commit: readers of that
table wait for the load, which is why it is kept for loads at least as big as the table, not for everyday imports).

Unique indexes and primary keys stay (ON CONFLICT needs them). The table's own triggers stay too, unless the caller
gives `recalculer`: then they are disabled during the load and `recalculer()` rebuilds, once, what they maintain
(lieux_lieu: the projections of lieux/projections/ — `lieux.projections.recalculer(uids)` recounts the map, whose
per-statement transition table of a 100,000-row load costs more than recounting the table, and writes the lieux'
availability rows with the triggers' own SELECT).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from django.db import connection, transaction


@dataclass(frozen=True)
class Suspendus:
    table: str
    index: tuple[tuple[str, str], ...]  # (name, CREATE INDEX …)
    cles_etrangeres: tuple[tuple[str, str], ...]  # (name, FOREIGN KEY … REFERENCES …)
    declencheurs: bool = False  # the table's own (user) triggers were disabled

    @property
    def actif(self) -> bool:
        return bool(self.index or self.cles_etrangeres)


def lignes_estimees(cursor, table: str) -> int:
    """Rows of `table`, from the planner's statistics when they exist (instant), else counted."""
    cursor.execute("select reltuples::bigint from pg_class where oid = %s::regclass", [table])
    estimation = cursor.fetchone()[0]
    if estimation is None or estimation < 0:  # never analysed
        cursor.execute(f'select count(*) from "{table}"')
        return cursor.fetchone()[0]
    return estimation


def vaut_la_peine(cursor, table: str, lignes_a_inserer: int, seuil: float = 1.0, minimum: int = 20_000) -> bool:
    """Whether a bulk load of `lignes_a_inserer` rows should suspend the indexes of `table`."""
    return lignes_a_inserer >= minimum and lignes_a_inserer >= seuil * lignes_estimees(cursor, table)


def _definitions(cursor, table: str, declencheurs: bool) -> Suspendus:
    cursor.execute(
        """select i.relname, pg_get_indexdef(x.indexrelid)
           from pg_index x join pg_class i on i.oid = x.indexrelid
           where x.indrelid = %s::regclass and not x.indisunique and not x.indisprimary
             and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
           order by i.relname""",
        [table],
    )
    index = tuple(cursor.fetchall())
    cursor.execute(
        """select conname, pg_get_constraintdef(oid) from pg_constraint
           where conrelid = %s::regclass and contype = 'f' order by conname""",
        [table],
    )
    return Suspendus(table, index, tuple(cursor.fetchall()), declencheurs)


@contextlib.contextmanager
def index_suspendus(table: str, lignes_a_inserer: int, *, seuil: float = 1.0, minimum: int = 20_000,
                    recalculer=None):
    """Inside a transaction: drop the secondary indexes and foreign keys of `table` (and disable its triggers when
    `recalculer` is given) when the insert to come is large enough (see `vaut_la_peine`), yield what was suspended,
    then rebuild everything exactly as it was."""
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError("index_suspendus() doit s'exécuter dans une transaction.")
    with connection.cursor() as cursor:
        if not vaut_la_peine(cursor, table, lignes_a_inserer, seuil, minimum):
            yield Suspendus(table, (), ())
            return
        suspendus = _definitions(cursor, table, declencheurs=recalculer is not None)
        if suspendus.declencheurs:
            cursor.execute(f'alter table "{table}" disable trigger user')
        for nom, _ in suspendus.cles_etrangeres:
            cursor.execute(f'alter table "{table}" drop constraint "{nom}"')
        for nom, _ in suspendus.index:
            cursor.execute(f'drop index "{nom}"')
    yield suspendus
    with connection.cursor() as cursor:
        for _, definition in suspendus.index:
            cursor.execute(definition)
        for nom, definition in suspendus.cles_etrangeres:  # validated by one join per key, not row by row
            cursor.execute(f'alter table "{table}" add constraint "{nom}" {definition}')
        # no ANALYZE here (seconds on wide rows): CREATE INDEX has already updated the row estimate, autovacuum
        # refreshes the statistics
        if suspendus.declencheurs:
            cursor.execute(f'alter table "{table}" enable trigger user')
    if suspendus.declencheurs:
        recalculer()
