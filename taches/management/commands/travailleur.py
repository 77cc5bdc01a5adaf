"""`manage.py travailleur`: the background worker that `make run` and docker-compose start (see taches/travailleur.py).

Same options as django-tasks-db's `db_worker`, whose loop it wraps; `--reload` is opt-in (development only).
"""

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorker

from taches.travailleur import TravailleurFiable


class Command(DbWorker):
    help = "Exécute les tâches de fond (imports, synchronisations) ; survit aux redémarrages de la base."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(reload=False, queue_name="*")

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        self.configure_logging(verbosity)
        travailleur = TravailleurFiable(
            queue_names=queue_name.split(","), interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
        )
        if reload:
            import os

            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                travailleur.configure_signals()
            run_with_reloader(travailleur.run)
        else:
            travailleur.configure_signals()
            travailleur.run()
