"""Background tasks (django-tasks; `make run` starts the database worker): analysing and applying an import."""

from django_tasks import task

from .application import ApplicationImpossible, appliquer, reserve, verifie_archivage
from .execution import execute, marque_echec
from .models import ImportRun


@task()
def analyser_import(run_id: int) -> str:
    run = ImportRun.objects.select_related("source").get(pk=run_id)
    execute(run, appliquer_ensuite=False)
    return run.statut


@task()
def appliquer_import(run_id: int, confirme_archivage: bool = False) -> str:
    run = ImportRun.objects.select_related("source").get(pk=run_id)
    try:
        appliquer(run, confirme_archivage=confirme_archivage)
    except ApplicationImpossible:
        pass  # the run is back to « analysed », with the reason in `erreur`
    except Exception as erreur:
        marque_echec(run, erreur)
        raise
    return run.statut


def lancer_application(run: ImportRun, confirme_archivage: bool) -> str:
    """Queue the application of an analysed run (the admin's « Appliquer » and the wizard's last step): '' when it is
    queued (the run's `tache` set), else the French reason it cannot be (archiving not confirmed, run not analysed)."""
    if run.statut == ImportRun.Statut.ANALYSE:
        try:
            verifie_archivage(run, confirme_archivage)
        except ApplicationImpossible as erreur:
            return str(erreur)
    if not reserve(run):
        return f"Cet import est « {run.get_statut_display()} » : il ne peut pas être appliqué."
    resultat = appliquer_import.enqueue(run.pk, confirme_archivage)
    ImportRun.objects.filter(pk=run.pk).update(tache=resultat.id)
    return ""
