"""Analysis of an import (the dry run): every row read, normalised, validated, placed, and compared with the source.

Nothing is written to the lieux here. Each batch of rows ends up as `LigneImport` rows (COPY), whose status says what
applying would do: create, update, leave unchanged, reject, or ignore (our data is newer). Progress is saved after
each batch so that a page can follow it. `imports.application` then writes the lieux in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import json
import logging
import os

from django.db import connection
from django.utils import timezone

from . import territoires
from .colonnes import correspond
from .flux import lignes_normalisees
from .geocodage import ClientBAN
from .lecteurs import FichierIllisible, Remarque, ouvrir
from .models import ImportRun, LigneImport
from .placement import Placement
from .validation import AVERTISSEMENT, ERREUR, LigneNormalisee

logger = logging.getLogger(__name__)
TAILLE_LOT = 2000
GROS_FICHIER = 1024 * 1024  # bytes: above, statistics are refreshed so that batch queries keep their index plans
Statut = LigneImport.Statut
CREE, MODIFIE, INCHANGE, REJETE = (str(s) for s in (Statut.CREE, Statut.MODIFIE, Statut.INCHANGE, Statut.REJETE))
_COMPTEURS = {"cree": "crees", "modifie": "modifies", "inchange": "inchanges", "rejete": "rejetes",
              "ignore": "ignores"}


_JSON = json.JSONEncoder(ensure_ascii=False, default=str).encode  # json.dumps(…) without building an encoder each time


def _json(valeur) -> str | None:
    return None if valeur is None else _JSON(valeur)


def _ewkt(lat: float, lon: float) -> str:
    return f"SRID=4326;POINT({lon!r} {lat!r})"


class Analyseur:
    """Analyses the batches of one run. Between batches it keeps counters and the hashes of the ids seen (≈ 60 bytes a
    row, for the duplicates): nothing else of a batch outlives it."""

    def __init__(self, run: ImportRun, index: territoires.IndexCommunes, ban: ClientBAN | None = None,
                 aujourd_hui: dt.date | None = None, unite: str = "ligne"):
        self.run = run
        self.unite = "la ligne" if unite == "ligne" else "l'enregistrement"  # in messages
        self.index = index
        self.placement = Placement(index, ban or ClientBAN())
        self.aujourd_hui = aujourd_hui or timezone.localdate()
        self._ids_vus: set[int] = set()
        self.compteurs = dict.fromkeys(("lignes_lues", "crees", "modifies", "inchanges", "rejetes", "ignores",
                                        "avec_avertissements"), 0)

    # --- one batch --------------------------------------------------------------------------------------------

    def traite(self, lignes: list[tuple[LigneNormalisee, str]]):
        """One batch of normalised rows (with their raw record as JSON): classified, placed, written as report rows."""
        self._doublons([ligne for ligne, _ in lignes])
        existants = self._existants([ligne.id_source for ligne, _ in lignes if not ligne.rejetee])
        a_placer = []
        statuts = {}
        for i, (ligne, _) in enumerate(lignes):
            statuts[i] = self._classe(ligne, existants.get(ligne.id_source))
            if statuts[i] in (Statut.CREE, Statut.MODIFIE):
                territoires.resoudre(self.index, ligne)
                if ligne.rejetee:
                    statuts[i] = Statut.REJETE
                else:
                    a_placer.append(i)
        a_placer_lignes = [lignes[i][0] for i in a_placer]
        self.placement.place(a_placer_lignes, [existants.get(ligne.id_source) for ligne in a_placer_lignes])
        self._ecrit(lignes, statuts, existants)

    def _doublons(self, lignes: list[LigneNormalisee]):
        """Reject a row whose id already appeared earlier in the file.

        Ids already seen are remembered by their hash (≈ 60 bytes a row); a hash seen before is confirmed by a lookup
        of that one id among the rows already written, so that a hash collision never rejects a row.
        """
        deja: dict[str, int] = {}
        for ligne in lignes:
            if not ligne.id_source or ligne.rejetee:
                continue
            numero = deja.get(ligne.id_source)
            empreinte = hash(ligne.id_source)
            if numero is None and empreinte in self._ids_vus:
                with connection.cursor() as cursor:
                    cursor.execute("select numero from imports_ligneimport where run_id = %s and id_source = %s "
                                   "and statut <> 'rejete' limit 1", [self.run.pk, ligne.id_source])
                    trouve = cursor.fetchone()
                    numero = trouve[0] if trouve else None
            if numero is not None:
                ligne.erreur("id", f"« {ligne.id_source} » est déjà l'identifiant de {self.unite} {numero} : "
                                   "ligne ignorée")
            else:
                deja[ligne.id_source] = ligne.numero
                self._ids_vus.add(empreinte)

    def _existants(self, ids: list[str]) -> dict[str, dict]:
        """What this source already gave us for these ids: content hash and the lieu's state."""
        if not ids:
            return {}
        with connection.cursor() as cursor:
            # one index lookup per id (joining on unnest keeps that plan even when statistics are stale)
            cursor.execute(
                """select p.id_source, p.empreinte, l.uid, l.date_maj, l.statut, l.precision_localisation,
                          l.adresse, l.code_postal, l.commune, st_y(l.localisation::geometry),
                          st_x(l.localisation::geometry)
                   from unnest(%s::text[]) as u(id)
                   join lieux_provenance p on p.source = %s and p.id_source = u.id
                   join lieux_lieu l on l.uid = p.lieu_id""",
                [ids, self.run.source.nom],
            )
            colonnes = ("empreinte", "uid", "date_maj", "statut", "precision", "adresse", "code_postal", "commune",
                        "latitude", "longitude")
            return {row[0]: dict(zip(colonnes, row[1:], strict=True)) for row in cursor.fetchall()}

    def _classe(self, ligne: LigneNormalisee, existant: dict | None) -> str:
        if ligne.rejetee:
            return Statut.REJETE
        if existant is None:
            return Statut.CREE
        if existant["empreinte"] == ligne.empreinte():
            if existant["statut"] == "actif":
                return Statut.INCHANGE
            ligne.informe("", "lieu archivé par un import précédent, de nouveau présent : réactivé")
            return Statut.MODIFIE
        if existant["date_maj"] and existant["date_maj"].isoformat() > ligne.valeurs["date_maj"]:
            ligne.avertit("date_maj", f"{ligne.valeurs['date_maj']} est antérieure à la date de mise à jour "
                          f"déjà connue ({existant['date_maj'].isoformat()}) : ligne non appliquée")
            return Statut.IGNORE
        return Statut.MODIFIE

    # --- writing the batch --------------------------------------------------------------------------------------

    @staticmethod
    def valeurs_lieu(ligne: LigneNormalisee) -> dict:
        """The row's values as columns of lieux_lieu (what `jsonb_to_record` reads when applying)."""
        valeurs = dict(ligne.valeurs)
        lat, lon = valeurs.pop("latitude"), valeurs.pop("longitude")
        valeurs["localisation"] = _ewkt(lat, lon) if lat is not None else None
        valeurs["precision_localisation"] = ligne.precision
        return valeurs

    @staticmethod
    def _cles_nouvelles(nombre: int) -> list[int]:
        """Primary keys for the lieux this batch would create (unused ones are only a gap in the sequence)."""
        if not nombre:
            return []
        with connection.cursor() as cursor:
            cursor.execute("select array_agg(nextval(pg_get_serial_sequence('lieux_lieu', 'uid'))) "
                           "from generate_series(1, %s)", [nombre])  # one array: far less to fetch than n rows
            return cursor.fetchone()[0]

    def _ecrit(self, lignes, statuts, existants):
        # plain strings (not the enumeration's members): compared, counted and copied many times below
        finals = [REJETE if ligne.rejetee else str(statuts[i]) for i, (ligne, _) in enumerate(lignes)]
        nouvelles = iter(self._cles_nouvelles(finals.count(CREE)))
        compteurs = self.compteurs
        rangs = []
        for (ligne, brut), statut in zip(lignes, finals, strict=True):
            existant = existants.get(ligne.id_source)
            rejetee = statut == REJETE
            rangs.append((
                self.run.pk, ligne.numero, ligne.id_source[:255], statut,
                _json([[m.champ, m.niveau, m.texte] for m in ligne.messages]) if ligne.messages else "[]",
                brut if statut != INCHANGE else None,  # already JSON text
                _json(self.valeurs_lieu(ligne)) if statut in (CREE, MODIFIE) else None,
                ligne.empreinte() if not rejetee else "",
                existant["uid"] if existant else next(nouvelles) if statut == CREE else None,
            ))
            compteurs["lignes_lues"] += 1
            compteurs[_COMPTEURS[statut]] += 1
            if not rejetee and any(m.niveau == AVERTISSEMENT for m in ligne.messages):
                compteurs["avec_avertissements"] += 1
        with connection.cursor() as cursor, cursor.cursor.copy(
            "copy imports_ligneimport (run_id, numero, id_source, statut, messages, donnees_brutes, valeurs, "
            "empreinte, lieu_uid) from stdin"
        ) as copie:
            for rang in rangs:
                copie.write_row(rang)


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


def analyser(run: ImportRun, chemin, progression=None, ban: ClientBAN | None = None) -> ImportRun:
    """Analyse the file at `chemin` for `run`; `progression(run)` is called after every batch."""
    run.statut, run.etape, run.progression = ImportRun.Statut.ANALYSE_EN_COURS, "lecture du fichier", 0.0
    run.lignes.all().delete()
    run.save()
    try:
        lecture = ouvrir(chemin, run.nom_fichier)
        correspondance = correspond(lecture.colonnes, run.correspondances)
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
    remarques = []
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
