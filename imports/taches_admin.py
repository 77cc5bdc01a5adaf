"""« Tâches de fond » in the coordinators' space: django-tasks-db's admin with French column names (its fields are
translated in imports/locale/fr; the task's name is a property, named here). Hooked by one import line at the end of
`imports/admin.py` (django_tasks_db's own admin is registered first: it comes before `imports` in INSTALLED_APPS)."""

from django.contrib import admin
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from lieux.perimetres import est_national

NOMS_DES_TACHES = {
    "imports.tasks.analyser_import": "analyse d'un import",
    "imports.tasks.appliquer_import": "application d'un import",
    "imports.dora.tasks.synchroniser_dora": "synchronisation DORA",
}


class TacheDeFondAdmin(DBTaskResultAdmin):
    """For national accounts only: a task's arguments and result name imports of every territory."""

    list_display = ("nom_de_la_tache", "status", "enqueued_at", "started_at", "finished_at", "priority", "queue_name")

    def has_module_permission(self, request):
        return super().has_module_permission(request) and est_national(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and est_national(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and est_national(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and est_national(request.user)

    @admin.display(description="tâche", ordering="task_path")
    def nom_de_la_tache(self, tache: DBTaskResult) -> str:
        return NOMS_DES_TACHES.get(tache.task_path, tache.task_name)


if admin.site.is_registered(DBTaskResult):
    admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, TacheDeFondAdmin)
