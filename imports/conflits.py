"""The fields a person changed, as an import met them (lieux/verrous.py): recorded on the run, told in French, settled
by « Prendre la valeur du fichier ».

An import re-reading a record of a lieu whose field a person changed either keeps the person's value (the file still
says what it said before the edit: a conflict, listed until the coordinator takes the file's value or the source
changes its value) or lifts the lock (the file changed that field's value: its new value applies).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils import formats, timezone

from lieux import modifications
from lieux.models import VerrouChamp
from lieux.perimetres import q_perimetre
from lieux.verrous import Issue

from .models import ConflitImport, ImportRun

Nature = ConflitImport.Nature


def enregistrer(run: ImportRun, evenements) -> int:
    """Keep the conflicts and lifted locks a consolidation met (`lieux.verrous.Evenement`) on the run."""
    lignes = [ConflitImport(run=run, lieu_id=e.lieu, champ=e.champ,
                            nature=Nature.CONFLIT if e.issue == Issue.CONFLIT else Nature.LEVEE,
                            valeur_conservee=e.valeur_saisie, valeur_du_fichier=e.valeur_du_fichier,
                            saisie_le=e.saisie_le)
              for e in evenements]
    ConflitImport.objects.bulk_create(lignes)
    return len(lignes)


def valeur_lisible(valeur) -> str:
    if valeur is None or valeur == "" or valeur == []:
        return "(vide)"
    if isinstance(valeur, list):
        return ", ".join(str(v) for v in valeur)
    return str(valeur)


def _date(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "j F Y") if moment else "autrefois"


def texte(conflit: ConflitImport) -> str:
    """« horaires : valeur saisie le 2 décembre 2026 conservée, le fichier dit « Mo-Fr 09:00-12:00 » »."""
    fichier = valeur_lisible(conflit.valeur_du_fichier)
    if conflit.nature == Nature.LEVEE:
        return (f"{conflit.champ} : verrou levé : le fichier a changé la valeur, « {fichier} » remplace la valeur "
                f"saisie le {_date(conflit.saisie_le)} (« {valeur_lisible(conflit.valeur_conservee)} »)")
    return f"{conflit.champ} : valeur saisie le {_date(conflit.saisie_le)} conservée, le fichier dit « {fichier} »"


def du_perimetre(user):
    """The conflicts of the lieux in the account's territories (lieux/perimetres.py)."""
    return ConflitImport.objects.filter(q_perimetre(user, "lieu__commune_officielle"))


def conflits_du_run(run: ImportRun, user) -> list[ConflitImport]:
    """The run's conflicts and lifted locks the account may see, each with `texte` and `ouvert` (its lock still
    holds, the file's value can be taken)."""
    verrou = VerrouChamp.objects.filter(lieu_id=OuterRef("lieu_id"), champ=OuterRef("champ"))
    conflits = list(du_perimetre(user).filter(run=run).select_related("lieu", "resolu_par")
                    .annotate(verrou_actif=Exists(verrou)).order_by("nature", "lieu__nom", "champ"))
    for c in conflits:
        c.texte = texte(c)
        c.ouvert = c.nature == Nature.CONFLIT and not c.resolu and c.verrou_actif
    return conflits


def prendre_valeur_du_fichier(conflit: ConflitImport, par=None) -> object:
    """Drop the lock and give the field the value of the sources; the conflicts of that field are settled."""
    valeur = modifications.reprendre_valeur_des_sources(
        conflit.lieu, conflit.champ, par=par, origine=f"import n° {conflit.run_id} : valeur du fichier reprise")
    utilisateur = par if getattr(par, "is_authenticated", False) else None
    ConflitImport.objects.filter(lieu_id=conflit.lieu_id, champ=conflit.champ, resolu=False).update(
        resolu=True, resolu_le=timezone.now(), resolu_par=utilisateur)
    return valeur
