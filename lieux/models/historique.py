"""The history of every change to a lieu, written by PostgreSQL (django-pghistory, triggers of django-pgtrigger).

`LieuEvenement` keeps a snapshot of a lieu's tracked fields after each insert (`creation`) and each update that
changed at least one of them (`modification`): the standard's columns, `statut`, `localisation`, `fusionne_dans`.
The bookkeeping and derived columns (modifie_le, lignee, precision_localisation, the territory links, the map's
mask and grid) are neither stored nor watched, so an import that rewrites a lieu with the same values writes no
event. The triggers are statement-level (one INSERT … SELECT per statement over its transition tables): an import's
set-based UPDATE of 10,000 lieux costs one more statement, not 10,000 function calls.

Who or what made the change comes from `pghistory.context` (lieux/historique_contexte.py), stored with each event
(`pgh_context`: JSON, e.g. {"origine": "import n° 12 (source hub-du-sud)", "user": 3}). Reading, diffs and reverts:
lieux/historique.py. See docs/historique.md.
"""

import pghistory
from django.db import models
from django.db.models.fields.json import KeyTextTransform

from lieux import standard

from .lieu import Lieu

CHAMPS_SUIVIS = (*(c for c in standard.COLONNES if c not in ("latitude", "longitude")),
                 "localisation", "statut", "fusionne_dans")
ETAT_INITIAL = "etat_initial"  # the snapshot taken of each lieu when the history began (migration)


class LieuEvenement(pghistory.create_event_model(
    Lieu,
    pghistory.InsertEvent("creation"),
    pghistory.UpdateEvent("modification", condition=pghistory.AnyChange(*CHAMPS_SUIVIS)),
    pghistory.ManualEvent(ETAT_INITIAL),
    fields=list(CHAMPS_SUIVIS),
    context_field=pghistory.ContextJSONField(),
    obj_field=pghistory.ObjForeignKey(related_name="evenements", db_index=True),
    level=pghistory.Statement,
    model_name="LieuEvenement",
)):
    class Meta:
        verbose_name = "modification d'un lieu"
        verbose_name_plural = "historique des lieux"
        ordering = ["pgh_id"]
        # everything one account did (lieux.historique.revenir_compte): only the events made by a person
        indexes = [models.Index(KeyTextTransform("user", "pgh_context"), "pgh_id", name="lieuevenement_compte",
                                condition=models.Q(pgh_context__has_key="user"))]
