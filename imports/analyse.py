"""Analysis of an import (the dry run): every row read, normalised, validated, placed, and compared with the source.

Nothing is written to the lieux here. Each batch of rows ends up as `LigneImport` rows (COPY), whose status says what
applying would do: create, update, leave unchanged, reject, or ignore (our data is newer). Progress is saved after
each batch so that a page can follow it. `imports.application` then writes the lieux in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import os

from django.db import connection
from django.utils import timezone

from . import etape, perimetres, requetes, territoires
from .colonnes import correspondance_du_fichier
from .flux import lignes_normalisees
from .geocodage import ClientBAN
from .lecteurs import FichierIllisible, Remarque, ouvrir
from .ligne import AVERTISSEMENT, ERREUR, INFO, LigneImportee, avertissement, erreur, info
from .models import ImportRun, LigneImport
from .placement_lots import Placement

logger = logging.getLogger(__name__)
TAILLE_LOT = 2000
GROS_FICHIER = 1024 * 1024  # bytes: above, statistics are refreshed so that batch queries keep their index plans
Statut = LigneImport.Statut
# plain strings (not the enumeration's members): compared, counted and copied many times a batch
CREE, MODIFIE, INCHANGE, REJETE, IGNORE = (str(s) for s in (Statut.CREE, Statut.MODIFIE, Statut.INCHANGE,
                                                            Statut.REJETE, Statut.IGNORE))
_COMPTEURS = {"cree": "crees", "modifie": "modifies", "inchange": "inchanges", "rejete": "rejetes",
              "ignore": "ignores"}


def classe(ligne: LigneImportee, existant: dict | None) -> tuple[LigneImportee, str]:
    """What applying the row would do, given what the source already gave us for its id (see `requetes.existants`):
    create, update, leave unchanged, ignore (older than what we know) or reject."""
    if ligne.rejetee:
        return ligne, REJETE
    if existant is None:
        return ligne, CREE
    if existant["empreinte"] == ligne.empreinte():
        if existant["statut"] == "actif":
            return ligne, INCHANGE
        return ligne.avec(info("", "lieu archivé par un import précédent, de nouveau présent : réactivé")), MODIFIE
    if existant["date_maj"] and existant["date_maj"].isoformat() > ligne.valeurs_standard["date_maj"]:
        return ligne.avec(avertissement("date_maj", f"{ligne.valeurs_standard['date_maj']} est antérieure à la date "
                                        f"de mise à jour déjà connue ({existant['date_maj'].isoformat()}) : ligne non "
                                        "appliquée")), IGNORE
    return ligne, MODIFIE


class Analyseur:
    """Analyses the batches of one run. Between batches it keeps counters and the hashes of the ids seen (≈ 60 bytes a
    row, for the duplicates): nothing else of a batch outlives it."""

    def __init__(self, run: ImportRun, index: territoires.IndexCommunes, ban: ClientBAN | None = None,
                 aujourd_hui: dt.date | None = None, unite: str = "ligne"):
        self.run = run
        self.unite = "la ligne" if unite == "ligne" else "l'enregistrement"  # in messages
        self.index = index
        self.placement = Placement(index, ban or ClientBAN())
        # the communes of the launching account's territory (None: national, or a command): rows elsewhere rejected
        self.perimetre = perimetres.communes_autorisees(run.utilisateur)
        self.aujourd_hui = aujourd_hui or timezone.localdate()
        self._ids_vus: set[int] = set()
        self.compteurs = dict.fromkeys(("lignes_lues", "crees", "modifies", "inchanges", "rejetes", "ignores",
                                        "avec_avertissements"), 0)

    def traite(self, lot: list[tuple[LigneImportee, str]]):
        """One batch of normalised rows (with their raw record as JSON): checked for duplicate ids, classified against
        what the source already gave us, attached to their commune, placed, staged as report rows."""
        lignes = self._doublons([ligne for ligne, _ in lot])
        existants = requetes.existants(self.run.source.nom, [l.id_source for l in lignes if not l.rejetee])
        statuts, a_placer = [], []
        for i, ligne in enumerate(lignes):
            ligne, statut = classe(ligne, existants.get(ligne.id_source))
            if statut in (CREE, MODIFIE):
                ligne, _ = territoires.rattacher(self.index, ligne)
                if ligne.rejetee:
                    statut = REJETE
                else:
                    a_placer.append(i)
            lignes[i] = ligne
            statuts.append(statut)
        placees = self.placement.place([lignes[i] for i in a_placer],
                                       [existants.get(lignes[i].id_source) for i in a_placer])
        for i, ligne in zip(a_placer, placees, strict=True):
            lignes[i] = ligne
            if not ligne.rejetee:
                ligne = lignes[i] = perimetres.dans_le_territoire(ligne, self.perimetre)
            if ligne.rejetee:  # placing may find the row cannot be attached (no commune, its point in none)
                statuts[i] = REJETE
        self._etage(lignes, [brut for _, brut in lot], statuts, existants)

    def _doublons(self, lignes: list[LigneImportee]) -> list[LigneImportee]:
        """The rows, a row rejected when its id already appeared earlier in the file.

        Ids already seen are remembered by their hash (≈ 60 bytes a row); a hash seen before is confirmed by a lookup
        of that one id among the rows already written, so that a hash collision never rejects a row.
        """
        deja: dict[str, int] = {}
        sortie = []
        for ligne in lignes:
            if ligne.id_source and not ligne.rejetee:
                numero = deja.get(ligne.id_source)
                empreinte = hash(ligne.id_source)
                if numero is None and empreinte in self._ids_vus:
                    numero = requetes.numero_deja_ecrit(self.run.pk, ligne.id_source)
                if numero is not None:
                    ligne = ligne.avec(erreur("id", f"« {ligne.id_source} » est déjà l'identifiant de {self.unite} "
                                                    f"{numero} : ligne ignorée"))
                else:
                    deja[ligne.id_source] = ligne.numero
                    self._ids_vus.add(empreinte)
            sortie.append(ligne)
        return sortie

    def _etage(self, lignes: list[LigneImportee], bruts: list[str], statuts: list[str], existants: dict):
        """The batch staged (`imports.etape`) and counted."""
        finals = [REJETE if ligne.rejetee else statut for ligne, statut in zip(lignes, statuts, strict=True)]
        nouvelles = iter(requetes.cles_nouvelles(finals.count(CREE)))
        compteurs = self.compteurs
        rangs = []
        for ligne, brut, statut in zip(lignes, bruts, finals, strict=True):
            existant = existants.get(ligne.id_source)
            uid = existant["uid"] if existant else next(nouvelles) if statut == CREE else None
            rangs.append(etape.rang(self.run.pk, ligne, brut, statut, uid))
            compteurs["lignes_lues"] += 1
            compteurs[_COMPTEURS[statut]] += 1
            if statut != REJETE and ligne.avec_avertissement:
                compteurs["avec_avertissements"] += 1
        etape.copie(rangs)


@contextlib.contextmanager
def _collecteur_allege():
    """The objects already alive (Django, the commune index…) left out of the cyclic collector's scans while the
    batches go through: otherwise every collection walks them all again (a third of this process's time). Objects
    freed by their reference count are freed as usual; the others are handed back to the collector at the end."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _refuse(run: ImportRun, texte: str, remarques: list[Remarque] = ()):
    run.statut = ImportRun.Statut.REFUSE
    run.erreur = texte
    run.remarques = [*run.remarques, *({"niveau": r.niveau, "texte": r.texte} for r in remarques),
                     {"niveau": ERREUR, "texte": texte}]
    run.progression = 1.0
    run.analyse_le = timezone.now()
    run.save()


def message_sans_ligne(run: ImportRun, unite: str = "ligne", entete: bool = True) -> str:
    """Why a file without any row of data is refused: it imports nothing, and as a full import it would have archived
    every lieu of its source (see `imports.application`: nothing is archived)."""
    if unite != "ligne":
        quoi = "aucun enregistrement"
    else:
        quoi = "aucune ligne de données (seulement la ligne d'en-tête)" if entete else "aucune ligne de données"
    return (f"Le fichier ne contient {quoi} : rien à importer. Aucun lieu de la source « {run.source.nom} » ne sera "
            "archivé. Vérifiez que vous avez envoyé le bon fichier, complet.")


def remarques_du_profil(run: ImportRun, correspondance, colonnes) -> list[Remarque]:
    """Which mapping read the file, and the columns that changed since the profile was made (the report says it)."""
    if not run.profil:
        return []
    libelle = dict(ImportRun._meta.get_field("origine_profil").choices).get(run.origine_profil, "profil fourni")
    regles = ", ".join(f"{r.champ} ← {' + '.join(r.colonnes) or '—'}" for r in correspondance.profil.regles)
    remarques = [Remarque(INFO, f"Fichier lu avec un profil de correspondance ({libelle}) : {regles}.")]
    absentes, nouvelles = correspondance.profil.colonnes_changees(colonnes)
    if correspondance.profil.colonnes_vues and (absentes or nouvelles):
        remarques.append(Remarque(AVERTISSEMENT, "Colonnes changées depuis le profil : "
                                  + "; ".join(filter(None, [absentes and "absentes : " + ", ".join(absentes),
                                                            nouvelles and "nouvelles : " + ", ".join(nouvelles)]))
                                  + "."))
    return remarques


def analyser(run: ImportRun, chemin, progression=None, ban: ClientBAN | None = None) -> ImportRun:
    """Analyse the file at `chemin` for `run`; `progression(run)` is called after every batch."""
    run.statut, run.etape, run.progression = ImportRun.Statut.ANALYSE_EN_COURS, "lecture du fichier", 0.0
    run.lignes.all().delete()
    run.save()
    try:
        lecture = ouvrir(chemin, run.nom_fichier)
        correspondance = correspondance_du_fichier(lecture.colonnes, run.correspondances, run.profil)
    except (FichierIllisible, ValueError) as erreur:
        _refuse(run, str(erreur))
        return run
    run.format, run.encodage, run.separateur = lecture.format, lecture.encodage, lecture.separateur
    if not lecture.colonnes:  # an empty JSON array, a CSV of blank lines
        lecture.fermer()
        _refuse(run, message_sans_ligne(run, lecture.unite, entete=False), lecture.remarques)
        return run
    run.version_standard = correspondance.version
    run.colonnes_manquantes, run.colonnes_ignorees = correspondance.manquantes, correspondance.inconnues
    if correspondance.bloquantes:
        try:
            run.lignes_lues = sum(1 for _ in lecture.lignes())
        except FichierIllisible:
            pass
        _refuse(run, correspondance.message_bloquant(), lecture.remarques_finales())
        return run
    remarques = remarques_du_profil(run, correspondance, lecture.colonnes)
    if "pivot" in correspondance.manquantes:
        remarques.append(Remarque(AVERTISSEMENT, "Colonne pivot absente : SIRET inconnu (00000000000000) pour "
                                                 "tous les lieux."))
    if "date_maj" in correspondance.manquantes:
        remarques.append(Remarque(AVERTISSEMENT, "Colonne date_maj absente : la date de l'import est retenue."))
    for colonne, champ in correspondance.doublons.items():
        remarques.append(Remarque(AVERTISSEMENT, f"Colonne « {colonne} » ignorée : une autre colonne alimente déjà "
                                                 f"{champ}."))
    gros = (run.taille or os.path.getsize(chemin)) > GROS_FICHIER
    if gros:
        with connection.cursor() as cursor:
            cursor.execute("analyze lieux_provenance")  # the previous import of this source may be fresh
    analyseur = Analyseur(run, territoires.IndexCommunes.charger(), ban, unite=lecture.unite)
    run.etape = "analyse des lignes"
    lots = lignes_normalisees(lecture, chemin, run.nom_fichier, correspondance, analyseur.aujourd_hui, TAILLE_LOT,
                              run.taille or os.path.getsize(chemin))
    try:
        with _collecteur_allege():
            for lignes, avancement in lots:
                analyseur.traite(lignes)
                for nom, valeur in analyseur.compteurs.items():
                    setattr(run, nom, valeur)
                run.progression = avancement
                run.save(update_fields=[*analyseur.compteurs, "progression", "etape"])
                if progression:
                    progression(run)
    except FichierIllisible as erreur:
        _refuse(run, f"{erreur} Aucune ligne n'a été importée.", lots.remarques)
        return run
    if analyseur.placement.ban.hors_ligne:
        remarques.append(Remarque(AVERTISSEMENT, "Base adresse nationale injoignable "
                                  f"({analyseur.placement.ban.raison_hors_ligne}) : les lieux sans position ont "
                                  "été placés "
                                  "au centre de leur commune."))
    if run.lignes_lues == 0:
        _refuse(run, message_sans_ligne(run, lecture.unite), [*lots.remarques, *remarques])
        return run
    from .application import compte_archivables

    if gros:
        with connection.cursor() as cursor:
            cursor.execute("analyze imports_ligneimport")  # fresh statistics for the anti-joins of the archiving
    run.archives = 0 if run.partiel else compte_archivables(run)
    run.remarques = [{"niveau": r.niveau, "texte": r.texte} for r in [*lots.remarques, *remarques]]
    run.statut, run.etape, run.progression = ImportRun.Statut.ANALYSE, "", 1.0
    run.analyse_le = timezone.now()
    run.base = run.source.derniere_application()
    run.save()
    return run
