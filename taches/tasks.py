"""A probe task: proves end to end that a worker takes tasks from the queue (tests, `manage.py travailleur --sonde`)."""

import time

from django_tasks import task


@task()
def sonde(valeur: str, secondes: float = 0) -> str:
    time.sleep(min(secondes, 60))
    return f"reçu : {valeur}"
