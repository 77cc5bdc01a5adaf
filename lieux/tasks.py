"""Background tasks of the lieux (django-tasks, like the imports): the e-mail telling moderators about a report."""

from django_tasks import task

from lieux.models import Signalement
from lieux.notifications import envoyer_notification_signalement


@task()
def notifier_signalement(signalement_id: int) -> int:
    """Send the notification of report `signalement_id`; returns the number of recipients (0: nobody to tell)."""
    signalement = Signalement.objects.select_related("lieu__departement", "lieu__region").get(pk=signalement_id)
    return envoyer_notification_signalement(signalement)
