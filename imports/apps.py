from django.apps import AppConfig
from django_tasks_db import apps as taches_apps


class ImportsConfig(AppConfig):
    default = True  # « imports » in INSTALLED_APPS: this one (the other below is named explicitly)
    name = "imports"
    verbose_name = "Imports de fichiers"

    def ready(self):
        from taches.signaux import taches_interrompues

        from imports.reprise import sur_taches_interrompues

        taches_interrompues.connect(sur_taches_interrompues, dispatch_uid="imports-interrompus")


class TachesDeFondConfig(taches_apps.TasksAppConfig):
    """django-tasks-db (the database queue of the background tasks) under a French name in the coordinators' space;
    its model and field names are translated in imports/locale/fr (they are gettext strings)."""

    default = False
    verbose_name = "Tâches de fond"
