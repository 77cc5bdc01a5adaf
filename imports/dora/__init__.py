"""DORA through data·inclusion: the lieux de médiation numérique published in DORA, imported like any other source.

DORA's own export API is private (its token belongs to data·inclusion), so its data reaches us through
data·inclusion: the API v1 (`sources=dora`) or the weekly open data files on data.gouv.fr. A straight line:

    client.py / lecteurs.py  →  assemblage.py  →  mapping.py  →  application.py  →  imports (ImportRun, analysis, upsert)
    (records of data·inclusion)  (services grouped    (tables to the   (one ImportRun: the rows
                                  by structure, no     standard)         written as a standard JSON
                                  loops, --since)                        file, then the usual machinery)

`sync_dora` (command), `tasks.synchroniser_dora` (background task, schedule) and the admin page « Synchroniser
DORA » (in imports/admin.py: this package holds no admin nor view) all call `application.synchronise`.
See docs/dora.md.
"""
