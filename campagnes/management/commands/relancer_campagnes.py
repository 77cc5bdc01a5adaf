"""`manage.py relancer_campagnes`: the reminders and the ends of campaigns that are due (idempotent; the tasks
queued at each start do the same on their dates — this command is for a cron or after a stopped worker)."""

from django.core.management.base import BaseCommand

from campagnes import cycle


class Command(BaseCommand):
    help = "Relance les lieux sans réponse et clôt les campagnes arrivées à échéance."

    def handle(self, *args, **options):
        relances = cycle.relancer()
        signales = cycle.clore()
        self.stdout.write(f"{relances} relance(s) demandée(s), {signales} lieu(x) signalé(s) « à vérifier ».")
