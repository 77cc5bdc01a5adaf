"""Signals other apps listen to.

`lieux_importes` is sent once an import has been applied and committed, with:
  - `sender`: the `ImportRun` class;
  - `run`: the applied `ImportRun`;
  - `source`: the source's short name (`lieux.Provenance.source`);
  - `uids`: primary keys (`Lieu.uid`) of the lieux created or updated by this import;
  - `archives`: primary keys of the lieux archived because absent from the file.
Receivers run after the commit: a failing receiver cannot undo the import. It is a notification only: the derived
data of the lieux (map counts, availability) is kept by PostgreSQL in the import's own transaction
(lieux/projections/), never by a receiver.
"""

from django.dispatch import Signal

lieux_importes = Signal()
