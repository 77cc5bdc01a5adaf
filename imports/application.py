"""Application of an analysed import: the lieux written in one transaction, set-based, from the `LigneImport` rows.

First the lieux of the source absent from a full import are archived (never deleted). New lieux got their primary key
during the analysis (so that their `Provenance` can point to them): they are inserted from their staged values
(`jsonb_to_record`, each value read with its column's type); changed ones are updated the same way. Either everything
is written, or nothing (`transaction.atomic`).

Safety rules of the archiving (`verifie_archivage`, `archivage_a_confirmer`), checked when the preview is shown, when
the import is applied (the admin's view, the background task) and by the `import_lieux` / `sync_dora` commands:
- a file without any row of data (only its header, an empty JSON array) imports nothing; as a full import it would
  archive the whole source. It is refused at the analysis (`imports.analyse`), and an older analysis without rows is
  never applied: nothing of the source is archived;
- a full import that would archive more than half of the source's active lieux (`SEUIL_CONFIRMATION`: a one-line
  file, a truncated export, the wrong source chosen) is applied only with an explicit confirmation: the checkbox
  « Je confirme l'archivage » of the preview, `--confirmer-archivage` for the commands. Below that share, the absent
  lieux are archived as before (a source that closes a few lieux needs no extra step).
A first import at least as big as the table (≥ 20,000 new lieux) drops the secondary indexes and foreign keys of
lieux_lieu and lieux_provenance for its insert and builds them once after it (`lieux.projections.chargement_massif`:
an ACCESS EXCLUSIVE lock until the commit, so readers of the map wait for those seconds).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from lieux.consolidation.execution import consolider
from lieux.historique_contexte import Genre, contexte
from lieux.projections.analyses import preparer_requete
from lieux.projections.chargement_massif import index_suspendus

from . import conflits
from .etape import COLONNES_ECRITES, valeurs_typees
from .models import ImportRun, LigneImport, Source
from .signals import lieux_importes

Statut = LigneImport.Statut

# a first import at least as big as the table (and big in itself) builds the indexes once after its insert
SUSPENSION_SEUIL, SUSPENSION_MINIMUM = 1.0, 20_000


class ApplicationImpossible(Exception):
    """The import cannot be applied as analysed (French message)."""


# a full import archiving more than this share of the source's active lieux needs an explicit confirmation
# (IMPORT_SEUIL_ARCHIVAGE in the environment, 0.5 by default: a one-line file of a 1,000-lieu source is caught)
SEUIL_CONFIRMATION = 0.5


def seuil_confirmation() -> float:
    return float(getattr(settings, "IMPORT_SEUIL_ARCHIVAGE", SEUIL_CONFIRMATION))


def archivage_a_confirmer(archives: int, actifs: int) -> bool:
    """True when archiving `archives` of the source's `actifs` active lieux needs an explicit confirmation: more than
    the configured share of them (`seuil_confirmation()`, half by default). Archiving nothing never does."""
    return archives > 0 and archives > seuil_confirmation() * max(actifs, archives)


def actifs_de_la_source(nom: str) -> int:
    """How many active lieux the source gave us."""
    with connection.cursor() as cursor:
        cursor.execute("select count(*) from lieux_provenance p join lieux_lieu l on l.uid = p.lieu_id "
                       "where p.source = %s and l.statut = 'actif'", [nom])
        return cursor.fetchone()[0]


def message_confirmation(run: ImportRun, actifs: int) -> str:
    """Why applying `run` waits for a confirmation (French, for the preview, the task and the commands)."""
    part = f"{round(100 * run.archives / actifs)} %" if actifs else "la totalité"
    return (f"Cet import archiverait {run.archives} des {actifs} lieux actifs de la source « {run.source.nom} » "
            f"({part}) : plus de la moitié. Vérifiez que le fichier est complet et que c'est la bonne source, puis "
            "confirmez l'archivage (case « Je confirme l'archivage » de l'aperçu, option --confirmer-archivage "
            "des commandes), ou cochez « Import partiel » pour n'archiver aucun lieu.")


SANS_LIGNE = "Le fichier ne contient aucune ligne de données : rien à importer, aucun lieu de la source n'est archivé."


def archivage(run: ImportRun) -> dict:
    """What the preview says about the archiving: how many active lieux the source has, whether applying needs
    the confirmation checkbox (more than half of them archived)."""
    if not run.applicable or not run.archives:
        return {"a_confirmer": False}
    actifs = max(actifs_de_la_source(run.source.nom), run.archives)  # lieux archived since count as active
    a_confirmer = archivage_a_confirmer(run.archives, actifs)
    return {"a_confirmer": a_confirmer, "actifs_source": actifs,
            "message_confirmation": message_confirmation(run, actifs) if a_confirmer else ""}


def verifie_archivage(run: ImportRun, confirme: bool):
    """Raise ApplicationImpossible when the run read no row at all (an analysis made before such files were refused),
    or would archive more than half of its source without a confirmation."""
    if not run.lignes_lues:
        raise ApplicationImpossible(SANS_LIGNE)
    if run.partiel or confirme or not run.archives:
        return
    actifs = max(actifs_de_la_source(run.source.nom), run.archives)
    if archivage_a_confirmer(run.archives, actifs):
        raise ApplicationImpossible(message_confirmation(run, actifs))


_ABSENTS = """
    from lieux_provenance p join lieux_lieu l on l.uid = p.lieu_id
    where p.source = %(source)s and p.actif and l.statut = 'actif'
      and not exists (select 1 from imports_ligneimport li where li.run_id = %(run)s and li.id_source = p.id_source)
"""


def compte_archivables(run: ImportRun) -> int:
    """How many active lieux of the source a full import of this file would archive."""
    with connection.cursor() as cursor:
        cursor.execute("select count(*) " + _ABSENTS, {"source": run.source.nom, "run": run.pk})
        return cursor.fetchone()[0]


def _ecrit(run: ImportRun) -> tuple[list[int], list[int]]:
    colonnes = ", ".join(COLONNES_ECRITES)
    lues = ", ".join(f"r.{c}" for c in COLONNES_ECRITES)
    garde_id = ", ".join("id = case when l.lignee = '{}'::jsonb then r.id else l.id end" if c == "id" else f"{c} = r.{c}"
                         for c in COLONNES_ECRITES)
    valeurs = valeurs_typees()
    parametres = {"run": run.pk, "source": run.source.nom}
    with connection.cursor() as cursor:
        # first the lieux absent from the file (before the new ones exist: the anti-join only sees older lieux)
        archives: list[int] = []
        if not run.partiel and run.lignes_lues:  # appliquer() refuses a file without rows anyway
            # the record is archived; its lieu too unless another source still describes it (lieux/consolidation/)
            cursor.execute(
                f"""with absents as (select p.id, l.uid, p.id_source {_ABSENTS}),
                         archives as (update lieux_provenance p set actif = false
                                      from absents a where p.id = a.id returning p.id)
                    insert into imports_ligneimport (run_id, numero, id_source, statut, messages, empreinte, lieu_uid)
                    select %(run)s, null, a.id_source, 'archive',
                           ('[["", "info", "absent du fichier : archivé (le lieu reste consultable ; il reste affiché '
                           || 'seulement si une autre source le décrit)"]]')::jsonb,
                           '', a.uid
                    from absents a join archives using (id)
                    returning lieu_uid""", parametres)
            archives = [uid for (uid,) in cursor.fetchall()]
        # PostgreSQL keeps the projections (lieux/projections/); their trigger joins the analyses of the hours written
        preparer_requete("""select li.valeurs->>'horaires', li.valeurs->>'code_postal' from imports_ligneimport li
                            where li.run_id = %(run)s and li.statut in ('cree', 'modifie')""", parametres)
        # a first import much larger than the table: indexes and foreign keys built once after the insert
        # (ACCESS EXCLUSIVE lock until the commit: only when the table is small next to the file, see vaut_la_peine)
        suspension = {"seuil": SUSPENSION_SEUIL, "minimum": SUSPENSION_MINIMUM}
        with index_suspendus("lieux_lieu", run.crees, **suspension), \
                index_suspendus("lieux_provenance", run.crees, **suspension):
            cursor.execute(
                f"""insert into lieux_lieu (uid, {colonnes}, statut, cree_le, modifie_le)
                    select li.lieu_uid, {lues}, 'actif', clock_timestamp(), clock_timestamp()
                    from imports_ligneimport li
                    cross join lateral {valeurs}
                    where li.run_id = %(run)s and li.statut = 'cree'""", parametres)
            cursor.execute(
                """insert into lieux_provenance (lieu_id, source, id_source, donnees_brutes, valeurs, date_maj, actif,
                                                 empreinte, recue_le)
                   select lieu_uid, %(source)s, id_source, donnees_brutes, valeurs, (valeurs->>'date_maj')::date, true,
                          empreinte, clock_timestamp()
                   from imports_ligneimport where run_id = %(run)s and statut = 'cree'""", parametres)
        # a lieu of several sources is derived again below (consolider): its own `id` stays
        cursor.execute(
            f"""update lieux_lieu l set {garde_id}, statut = 'actif', modifie_le = clock_timestamp()
                from imports_ligneimport li cross join lateral {valeurs}
                where li.run_id = %(run)s and li.statut = 'modifie' and l.uid = li.lieu_uid""", parametres)
        cursor.execute(
            """update lieux_provenance p
               set donnees_brutes = li.donnees_brutes, valeurs = li.valeurs, date_maj = (li.valeurs->>'date_maj')::date,
                   actif = true, empreinte = li.empreinte, recue_le = clock_timestamp()
               from imports_ligneimport li
               where li.run_id = %(run)s and li.statut = 'modifie' and p.source = %(source)s
                 and p.id_source = li.id_source""", parametres)
        cursor.execute(
            """select p.id from imports_ligneimport li
               join lieux_provenance p on p.source = %(source)s and p.id_source = li.id_source
               where li.run_id = %(run)s and li.statut in ('cree', 'modifie')""", parametres)
        enregistrements = [pk for (pk,) in cursor.fetchall()]
        # one lieu per place: the new and changed records matched against all others (lieux/consolidation/)
        bilan = consolider(enregistrements, lieux=archives)
        run.consolidation = str(bilan)
        conflits.enregistrer(run, bilan.verrous)  # fields a person changed: kept or lifted (lieux/verrous.py)
        cursor.execute(
            """select distinct p.lieu_id from imports_ligneimport li
               join lieux_provenance p on p.source = %(source)s and p.id_source = li.id_source
               where li.run_id = %(run)s and li.statut in ('cree', 'modifie')""", parametres)
        ecrits = [uid for (uid,) in cursor.fetchall()]
    return ecrits, archives


def reserve(run: ImportRun) -> bool:
    """Mark an analysed run as being applied (False when it is not analysed any more: applied twice, …)."""
    return ImportRun.objects.filter(pk=run.pk, statut=ImportRun.Statut.ANALYSE, detail_purge_le__isnull=True).update(
        statut=ImportRun.Statut.APPLICATION_EN_COURS, etape="application demandée", erreur=""
    ) == 1


def appliquer(run: ImportRun, confirme_archivage: bool = False) -> ImportRun:
    """Write an analysed import. Raises ApplicationImpossible (nothing written) when it cannot be applied: not
    analysed, detail purged, another import of the source applied since, no row at all, or more than half of the
    source to archive without `confirme_archivage`."""
    if run.statut not in (ImportRun.Statut.ANALYSE, ImportRun.Statut.APPLICATION_EN_COURS):
        raise ApplicationImpossible(
            f"Cet import est « {run.get_statut_display()} » : seul un import analysé s'applique."
        )
    if run.detail_purge_le is not None:
        raise ApplicationImpossible(
            "Le détail de cette analyse a été purgé (analyse trop ancienne) : relancez l'analyse du fichier."
        )
    run.statut, run.etape = ImportRun.Statut.APPLICATION_EN_COURS, "écriture des lieux"
    run.save(update_fields=["statut", "etape"])
    try:
        with transaction.atomic():
            Source.objects.select_for_update().get(pk=run.source_id)
            if ImportRun.objects.select_for_update().get(pk=run.pk).statut == ImportRun.Statut.APPLIQUE:
                raise ApplicationImpossible("Cet import a déjà été appliqué.")
            derniere = run.source.derniere_application()
            if derniere is not None and derniere.pk != run.base_id:
                raise ApplicationImpossible(
                    f"L'import n° {derniere.pk} de la même source a été appliqué après cette analyse : "
                    "relancez l'analyse du fichier pour voir les changements à jour."
                )
            verifie_archivage(run, confirme_archivage)
            # the history of each lieu written says which import did it (lieux/historique.py)
            with contexte(f"import n° {run.pk} (source {run.source.nom})", genre=Genre.IMPORT,
                          source=run.source.nom, import_run=run.pk):
                ecrits, archives = _ecrit(run)
            run.archives = len(archives)
            run.statut, run.etape, run.applique_le = ImportRun.Statut.APPLIQUE, "", timezone.now()
            run.save()
            transaction.on_commit(lambda: lieux_importes.send(
                sender=ImportRun, run=run, source=run.source.nom, uids=ecrits, archives=archives
            ))
    except ApplicationImpossible as erreur:
        ImportRun.objects.filter(pk=run.pk, statut=ImportRun.Statut.APPLICATION_EN_COURS).update(
            statut=ImportRun.Statut.ANALYSE, etape="", erreur=str(erreur)
        )
        run.refresh_from_db()
        raise
    return run
