"""Background tasks (django-tasks; `make run` starts the database worker): analysing and applying an import."""

from django_tasks import task

from .application import ApplicationImpossible, appliquer
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
