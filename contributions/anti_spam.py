"""Keeping robots out of the public forms without any outside service.

- a honeypot field, hidden from people (CSS, aria-hidden, out of the tab order), that robots fill;
- a signed timestamp written in the form when it is shown: sent back too fast (a robot) or too late (a page left
  open for days) it is refused, the form coming back filled with a French message and a fresh timestamp;
- a limit of contributions per address and hour, the address kept only as a keyed hash
  (lieux.models.signalement.empreinte_client), checked and written under an advisory lock so that concurrent
  posts cannot pass it together.
"""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core import signing
from django.db import connection, transaction
from django.utils import timezone

SEL = "contributions.formulaire"
DELAI_MIN = 3  # seconds: nobody fills the form faster
DELAI_MAX = 24 * 3600  # seconds: a form older than a day is shown again before being sent
MAX_PAR_HEURE = 5  # contributions from one address in an hour

TROP_RAPIDE = ("Votre envoi a été refusé car le formulaire a été rempli trop vite. Vérifiez vos informations, "
               "puis envoyez-le à nouveau.")
TROP_ANCIEN = ("Ce formulaire a été ouvert il y a plus d'un jour. Vérifiez vos informations, elles sont toujours là, "
               "puis envoyez-le à nouveau.")
ILLISIBLE = ("Votre envoi n'a pas pu être vérifié. Vérifiez vos informations, elles sont toujours là, puis "
             "envoyez-le à nouveau.")
ROBOT = ("Votre envoi ressemble à celui d'un robot et n'a pas été enregistré. Vérifiez vos informations, puis "
         "envoyez-le à nouveau.")
TROP_D_ENVOIS = ("Vous avez déjà envoyé plusieurs contributions dans l'heure. Vos informations sont conservées "
                 "ci-dessous : merci de réessayer plus tard.")


def delai_min() -> float:
    return getattr(settings, "CONTRIBUTIONS_DELAI_MIN", DELAI_MIN)


def horodatage(instant: float | None = None) -> str:
    """The signed time the form was shown (to put in a hidden field)."""
    return signing.dumps(int(instant if instant is not None else time.time()), salt=SEL)


def refus_horodatage(jeton: str, maintenant: float | None = None) -> str | None:
    """Why the form's timestamp is refused (a French message), or None when it is fine."""
    try:
        montre = int(signing.loads(jeton or "", salt=SEL))
    except (signing.BadSignature, TypeError, ValueError):
        return ILLISIBLE
    age = (maintenant if maintenant is not None else time.time()) - montre
    if age < delai_min():
        return TROP_RAPIDE
    if age > DELAI_MAX:
        return TROP_ANCIEN
    return None


def enregistrer_si_permis(empreinte: str, creer, maintenant=None):
    """Call `creer()` (which writes the contribution) unless this address reached MAX_PAR_HEURE this hour; its
    result, or None when refused. One transaction under an advisory lock per address."""
    from contributions.models import Contribution

    maintenant = maintenant or timezone.now()
    with transaction.atomic():
        with connection.cursor() as curseur:
            curseur.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", ["contribution:" + empreinte])
        recentes = Contribution.objects.filter(empreinte_client=empreinte,
                                               cree_le__gte=maintenant - dt.timedelta(hours=1))
        if recentes.count() >= MAX_PAR_HEURE:
            return None
        return creer()
