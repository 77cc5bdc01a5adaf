from django.apps import AppConfig
from django_tasks_db import apps as taches_apps


class ImportsConfig(AppConfig):
    default = True  # « imports » in INSTALLED_APPS: this one (the other below is named explicitly)
    name = "imports"
    verbose_name = "Imports de fichiers"


class TachesDeFondConfig(taches_apps.TasksAppConfig):
    """django-tasks-db (the database queue of the background tasks) under a French name in the coordinators' space;
    its model and field names are translated in imports/locale/fr (they are gettext strings)."""

    default = False
    verbose_name = "Tâches de fond"
