"""One DORA synchronisation = one `ImportRun` of the source « dora », through the importer's own machinery.

The importer's entry point takes a file (`imports.execution.execute` analyses `run.fichier`, then applies it unless
the run is a dry run). So the synchronisation writes its rows — one per lieu, keyed by the standard's column names —
as a JSON file kept with the run, and hands the run over: same normalisers, validation, per-row report, upsert keyed
by (source, id) with the content hash and the `date_maj` guard, archive of the absent lieux on a full import, one
transaction. Nothing of the importer is redone here; what is added:

- the download (API or files), before anything else: a failure (401, 429 or 5xx after the retries, timeout,
  malformed JSON, unreadable file) ends the run as failed, with the French message, and nothing written;
- the run's remarks say what was set aside and why (other sources, loops, services without a structure…) and how
  many DORA numérique services ended up in a valid lieu;
- after an application, the provenance of the unchanged lieux gets the newly received row, so that data·inclusion's
  `doublons` stay current there (the content hash, computed on the standard's fields, does not see them).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import tempfile

from django.core.files import File
from django.db import connection, transaction
from django.utils import timezone

from ..application import ApplicationImpossible
from ..execution import execute
from ..lecteurs import FichierIllisible, ouvrir
from ..models import ImportRun, LigneImport, Source
from . import mapping
from .assemblage import AUTRE_SOURCE, BOUCLE, NON_NUMERIQUE, SANS_STRUCTURE, SOURCE, Bilan, rassemble
from .client import ClientDataInclusion, ErreurDataInclusion

logger = logging.getLogger(__name__)

DESCRIPTION_SOURCE = ("DORA (dora.inclusion.gouv.fr), reçu par data·inclusion (API v1 « sources=dora » ou fichiers open "
                      "data) : les structures ayant au moins un service numérique.")
URL_SOURCE = "https://www.data.gouv.fr/fr/datasets/referentiel-de-loffre-dinsertion-liste-des-structures-et-services-dinsertion/"
TAILLE_LOT = 2000
ABSENTES_AFFICHEES = 10


def source_dora() -> Source:
    source, _ = Source.objects.get_or_create(nom=SOURCE, defaults={"description": DESCRIPTION_SOURCE, "url": URL_SOURCE})
    return source


def derniere_synchronisation() -> ImportRun | None:
    """The last applied run of the source « dora » (shown on the admin's « Synchroniser DORA » form)."""
    source = Source.objects.filter(nom=SOURCE).first()
    return source.derniere_application() if source else None


def nouveau_run(*, essai: bool = True, depuis: dt.date | None = None, partiel: bool = False, utilisateur=None,
                origine: str = "") -> ImportRun:
    """A run of the source « dora », waiting for its data. `depuis` makes it partial: nobody absent is archived."""
    return ImportRun.objects.create(
        source=source_dora(), utilisateur=utilisateur, essai=essai, partiel=partiel or depuis is not None,
        url=origine if origine.startswith(("http://", "https://")) else "",
        nom_fichier=origine if not origine.startswith(("http://", "https://")) else "",
        etape="en attente des données de data·inclusion",
    )


def _etape(run: ImportRun, texte: str):
    run.etape = texte
    ImportRun.objects.filter(pk=run.pk).update(etape=texte)


def _echec(run: ImportRun, message: str) -> ImportRun:
    logger.warning("synchronisation DORA n° %s : %s", run.pk, message)
    run.statut, run.etape, run.erreur, run.progression = ImportRun.Statut.ECHOUE, "", message, 1.0
    run.remarques = [*run.remarques, {"niveau": "erreur", "texte": message}]
    run.save()
    return run


def _joint_fichier(run: ImportRun, lignes: list[dict]):
    """The rows as a JSON array kept with the run (what the importer reads; downloadable from the admin)."""
    nom = f"dora-{timezone.localtime():%Y%m%d-%H%M%S}.json"
    with tempfile.TemporaryFile() as temporaire:
        temporaire.write(json.dumps(lignes, ensure_ascii=False, default=str).encode("utf-8"))
        run.taille = temporaire.tell()
        temporaire.seek(0)
        run.fichier.save(nom, File(temporaire), save=False)
    run.nom_fichier = f"{run.nom_fichier} → {nom}" if run.nom_fichier else nom
    run.save()


def synchronise(run: ImportRun | None = None, *, client=None, depuis: dt.date | None = None, essai: bool = False,
                utilisateur=None, progression=None, ban=None, confirme_archivage: bool = False) -> ImportRun:
    """Download, assemble, map, then analyse and (unless a dry run) apply. Returns the run, whatever its end.

    `client` is a `ClientDataInclusion` (the default, from the settings) or a `lecteurs.ClientFichiers`.
    """
    client = client or ClientDataInclusion()
    if run is None:
        run = nouveau_run(essai=essai, depuis=depuis, utilisateur=utilisateur, origine=client.origine)

    def suivi(quoi, page, pages):
        _etape(run, f"téléchargement depuis data·inclusion : {quoi}, page {page}/{max(pages, page)}")

    try:
        _etape(run, "téléchargement des services numériques DORA")
        candidats, bilan = rassemble(client.services(suivi=suivi), client.structures(suivi=suivi), depuis)
    except (ErreurDataInclusion, FichierIllisible) as erreur:
        return _echec(run, str(erreur))
    lignes = [mapping.lieu(candidat) for candidat in candidats]
    du_client = getattr(client, "remarques", [])
    if not lignes:
        return _sans_lieu(run, bilan, depuis, du_client)
    _etape(run, "analyse des lieux")
    _joint_fichier(run, lignes)
    try:
        execute(run, progression=progression, ban=ban, confirme_archivage=confirme_archivage)
    except ApplicationImpossible:
        pass  # another import came in between, or too much to archive: the run is back to « analysé », see `erreur`
    run.refresh_from_db()
    run.remarques = [*run.remarques, *remarques(bilan, depuis, lignes, _rejetes(run), du_client)]
    run.save(update_fields=["remarques"])
    if run.statut == ImportRun.Statut.APPLIQUE:
        rafraichit_provenances(run)
    return run


def _sans_lieu(run: ImportRun, bilan: Bilan, depuis: dt.date | None, du_client: list[str]) -> ImportRun:
    """Nothing to import: normal for `--since` (the run ends applied, with nothing written: the importer refuses a
    file without rows); for a full synchronisation, data·inclusion gave nothing usable and nothing is archived."""
    run.remarques = remarques(bilan, depuis, [], set(), du_client)
    run.progression, run.analyse_le, run.etape = 1.0, timezone.now(), ""
    if run.partiel:
        run.statut = ImportRun.Statut.ANALYSE if run.essai else ImportRun.Statut.APPLIQUE
        if not run.essai:
            run.applique_le = timezone.now()
        run.save()
        return run
    return _echec(run, f"data·inclusion n'a renvoyé aucun lieu DORA ({bilan.services_recus} services reçus, aucun "
                       "service numérique DORA rattaché à une structure) : rien n'a été importé ni archivé.")


def _rejetes(run: ImportRun) -> set[str]:
    return set(run.lignes.filter(statut=LigneImport.Statut.REJETE).values_list("id_source", flat=True))


def remarques(bilan: Bilan, depuis, lignes: list[dict], rejetes: set[str], du_client: list[str]) -> list[dict]:
    """The run's remarks on what data·inclusion sent (French, one per fact)."""
    info = lambda texte: {"niveau": "info", "texte": texte}  # noqa: E731
    avertissement = lambda texte: {"niveau": "avertissement", "texte": texte}  # noqa: E731
    ecartes = bilan.services_ecartes
    resultat = [info(
        f"data·inclusion : {bilan.services_recus} services et {bilan.structures_recues} structures reçus ; "
        f"{bilan.services_retenus} services numériques DORA, rattachés à {len(lignes) + bilan.hors_periode} lieux."
    )]
    if ecartes[AUTRE_SOURCE]:
        detail = ", ".join(f"{source} : {n}" for source, n in bilan.autres_sources.most_common())
        resultat.append(info(f"{ecartes[AUTRE_SOURCE]} services d'autres sources que DORA ignorés ({detail})."))
    if ecartes[NON_NUMERIQUE]:
        resultat.append(info(f"{ecartes[NON_NUMERIQUE]} services DORA sans thématique numérique ignorés."))
    if ecartes[BOUCLE] or bilan.structures_boucle:
        resultat.append(info(
            f"{ecartes[BOUCLE] + bilan.services_des_structures_boucle} services et {bilan.structures_boucle} "
            "structures repris de la cartographie nationale de la médiation numérique ignorés : ces lieux y sont "
            "déjà, les importer comme « DORA » les ferait revenir en double."
        ))
    if ecartes[SANS_STRUCTURE]:
        resultat.append(avertissement(f"{ecartes[SANS_STRUCTURE]} services numériques DORA sans structure_id ignorés."))
    if bilan.structures_absentes:
        exemples = ", ".join(bilan.structures_absentes[:ABSENTES_AFFICHEES])
        suite = " …" if len(bilan.structures_absentes) > ABSENTES_AFFICHEES else ""
        resultat.append(avertissement(
            f"{len(bilan.structures_absentes)} structures DORA ({bilan.services_sans_structure} services numériques) "
            f"absentes des structures reçues : ces lieux sont rejetés faute de nom et d'adresse ({exemples}{suite})."
        ))
    if depuis:
        resultat.append(info(
            f"{bilan.hors_periode} lieux DORA non modifiés depuis le {depuis:%d/%m/%Y} laissés de côté "
            "(synchronisation partielle : aucun lieu archivé)."
        ))
    resultat += [avertissement(texte) for texte in du_client]
    if lignes:
        services = sum(_nombre_de_services(ligne) for ligne in lignes)
        valides = sum(_nombre_de_services(ligne) for ligne in lignes if ligne["id"] not in rejetes)
        resultat.append(info(
            f"{valides} des {services} services numériques DORA ({100 * valides / services:.1f} %) sont dans un "
            f"lieu valide ; {services - valides} dans un lieu rejeté (raisons dans le rapport ligne à ligne)."
        ))
    return resultat


def _nombre_de_services(ligne: dict) -> int:
    return sum(1 for enregistrement in ligne[mapping.CLE_ENREGISTREMENTS] if "structure_id" in enregistrement)


def rafraichit_provenances(run: ImportRun) -> int:
    """Unchanged lieux: their provenance gets the row just received (data·inclusion's `doublons` move without the
    lieu changing). Returns how many provenances changed. The rows are read back with the importer's own reader,
    so they are stored exactly as for the created and updated lieux."""
    inchanges = set(run.lignes.filter(statut=LigneImport.Statut.INCHANGE).values_list("id_source", flat=True))
    if not inchanges:
        return 0
    modifiees = 0
    lot: dict[str, dict] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        for _, brut in ouvrir(run.fichier.path, run.nom_fichier).lignes():
            if brut.get("id") in inchanges:
                lot[brut["id"]] = brut
            if len(lot) >= TAILLE_LOT:
                modifiees += _met_a_jour(cursor, run, lot)
                lot = {}
        modifiees += _met_a_jour(cursor, run, lot)
    return modifiees


def _met_a_jour(cursor, run: ImportRun, lot: dict[str, dict]) -> int:
    if not lot:
        return 0
    cursor.execute(
        """update lieux_provenance p set donnees_brutes = e.value
           from jsonb_each(%s::jsonb) e
           where p.source = %s and p.id_source = e.key and p.donnees_brutes is distinct from e.value""",
        [json.dumps(lot, ensure_ascii=False), run.source.nom],
    )
    return cursor.rowcount
