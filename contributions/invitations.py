"""A coordinator invites the person who runs a lieu to edit it directly: an e-mailed, signed, expiring link to the
lieu's update form. Skeleton: the moderation work fills it."""


def lire_jeton(jeton: str, lieu) -> str | None:
    """The invited e-mail address when `jeton` is a valid, unexpired invitation for this lieu; else None."""
    return None
