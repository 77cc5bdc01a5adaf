"""The e-mails of contribution and moderation, in French, through Django's e-mail framework (templates under
templates/contributions/courriels/). Skeleton: the moderation work fills the bodies."""


def accuser_reception(contribution) -> None:
    """To the contributor (when they gave an e-mail): « nous avons bien reçu votre proposition »."""


def notifier_coordinateurs(contribution) -> None:
    """To the coordinators of the contribution's territory: a new contribution waits in their queue."""


def annoncer_acceptation(contribution) -> None:
    """To the contributor: accepted (all of it, or which fields)."""


def annoncer_refus(contribution) -> None:
    """To the contributor: refused, with the moderator's reason."""
