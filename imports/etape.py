"""The staged form of an analysed row (`LigneImport`), written by `imports.analyse`, read back by
`imports.application`: one schema, declared here.

A row is staged by COPY as `COLONNES_COPIE`: its report (status, messages as JSON [champ, niveau, texte]), its raw
record, and for a new or changed lieu its values as the columns of lieux_lieu (`LigneImportee.colonnes_lieu`). The
application reads those values back with `valeurs_typees()`: `jsonb_to_record` over `COLONNES_ECRITES`, each column
with its own type. A test checks that the two sides name the same columns.
"""

from __future__ import annotations

import json

from django.db import connection

from lieux.consolidation.ecriture import COLONNES_ENREGISTREMENT, enregistrement_type

from .ligne import LigneImportee

# columns of lieux_lieu an import writes: the standard's fields (latitude/longitude as `localisation`) + territory
COLONNES_ECRITES = COLONNES_ENREGISTREMENT
COLONNES_COPIE = ("run_id", "numero", "id_source", "statut", "messages", "donnees_brutes", "valeurs", "empreinte",
                  "lieu_uid")
ECRITS = ("cree", "modifie")  # statuses whose values are staged (the lieux written when the import is applied)

_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode  # json.dumps(…) without building an encoder each time


def rang(run_id: int, ligne: LigneImportee, brut: str, statut: str, lieu_uid: int | None) -> tuple:
    """The row as staged, in the order of `COLONNES_COPIE` (`brut`: the raw record, already JSON)."""
    return (
        run_id, ligne.numero, ligne.id_source[:255], statut,
        _JSON([[m.champ, m.niveau, m.texte] for m in ligne.messages]) if ligne.messages else "[]",
        brut if statut != "inchange" else None,
        _JSON(ligne.colonnes_lieu()) if statut in ECRITS else None,
        ligne.empreinte() if statut != "rejete" else "",
        lieu_uid,
    )


def copie(rangs: list[tuple]):
    """Stage a batch of rows (one COPY)."""
    with connection.cursor() as cursor, cursor.cursor.copy(
        f"copy imports_ligneimport ({', '.join(COLONNES_COPIE)}) from stdin"
    ) as copie:
        for r in rangs:
            copie.write_row(r)


def valeurs_typees() -> str:
    """The staged values of a `LigneImport` (li) as a typed row r (`lieux.consolidation.ecriture`)."""
    return enregistrement_type("li.valeurs")
