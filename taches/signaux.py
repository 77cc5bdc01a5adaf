"""Signals of the task workers, for the apps whose tasks keep their own state (an import run's status)."""

from django.dispatch import Signal

# Sent with `ids` (the DBTaskResult ids, as strings) and `raison` (French) when running tasks are marked failed
# because their worker is gone or lost its database in the middle of them.
taches_interrompues = Signal()
