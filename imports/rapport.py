"""The report of an import: a summary in French, and the row-by-row CSV a coordinator opens in a spreadsheet."""

from __future__ import annotations

import json
from collections.abc import Iterator

from django.db.models import Case, IntegerField, Value, When

from .export import ligne_csv
from .models import ImportRun, LigneImport

COLONNES = ("ligne", "identifiant", "statut", "niveau", "champ", "message", "ligne d'origine")
NIVEAUX = {"erreur": "erreur", "avertissement": "avertissement", "info": "information"}


def _sans_formule(texte: str) -> str:
    return "'" + texte if texte[:1] in ("=", "+", "-", "@") else texte


def lignes_du_rapport(run: ImportRun, statuts=None, avec_messages_seulement: bool = False):
    """The run's rows in file order (archived lieux, which have no row number, last)."""
    lignes = run.lignes.all()
    if statuts:
        lignes = lignes.filter(statut__in=statuts)
    if avec_messages_seulement:
        lignes = lignes.exclude(messages=[])
    return lignes.annotate(
        _sans_numero=Case(When(numero__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by("_sans_numero", "numero", "id")


def rapport_csv(run: ImportRun) -> Iterator[str]:
    """One line per message (a row without message gets one line too), raw row as JSON in the last column."""
    libelles = dict(LigneImport.Statut.choices)
    yield "\ufeff" + ligne_csv(list(COLONNES))  # BOM: spreadsheets then read the accents right
    lignes = lignes_du_rapport(run).values_list("numero", "id_source", "statut", "messages", "donnees_brutes")
    for numero, id_source, statut, messages, brut in lignes.iterator(chunk_size=2000):
        brut_texte = json.dumps(brut, ensure_ascii=False) if brut else ""
        debut = ["" if numero is None else str(numero), _sans_formule(id_source), libelles.get(statut, statut)]
        for champ, niveau, texte in messages or [["", "", ""]]:
            yield ligne_csv([*debut, NIVEAUX.get(niveau, niveau), champ, _sans_formule(texte),
                             _sans_formule(brut_texte)])


def resume(run: ImportRun) -> str:
    """A few lines of French for the command line and the logs."""
    lignes = [f"Import n° {run.pk} ({run.source}) : {run.get_statut_display()}."]
    if run.statut == ImportRun.Statut.REFUSE:
        lignes.append(run.erreur)
    else:
        essai = run.statut == ImportRun.Statut.ANALYSE
        lignes.append(
            f"{run.lignes_lues} {'lignes lues' if run.format != 'json' else 'enregistrements lus'} : "
            f"{run.crees} {'à créer' if essai else 'créés'}, "
            f"{run.modifies} {'à mettre à jour' if essai else 'mis à jour'}, "
            f"{run.inchanges} inchangés, {run.rejetes} rejetés, {run.ignores} ignorés (données en base plus récentes), "
            f"{run.archives} {'à archiver' if essai else 'archivés'}."
        )
        if run.avec_avertissements:
            lignes.append(f"{run.avec_avertissements} lignes acceptées avec des avertissements.")
    if run.pk and run.statut == ImportRun.Statut.APPLIQUE:  # fields a person changed (imports/conflits.py)
        from .conflits import texte

        for conflit in run.conflits.select_related("lieu").order_by("nature", "lieu__nom", "champ"):
            lignes.append(f"[champ modifié à la main] {conflit.lieu.nom} ({conflit.lieu.commune}) — {texte(conflit)}")
    for remarque in run.remarques:
        if remarque["texte"] != run.erreur:
            lignes.append(f"[{NIVEAUX.get(remarque['niveau'], remarque['niveau'])}] {remarque['texte']}")
    return "\n".join(lignes)
