"""Moderating a contribution: accept all, some fields, edited values; or refuse with a reason. Each step goes through
lieux.modifications (so history and import locks record it) and tells the contributor. Skeleton: the moderation work
fills it."""


def accepter(contribution, champs=None, valeurs=None, par=None) -> list[str]:
    """Accept `champs` (all proposed fields when None), with `valeurs` overriding the proposed values (edit then
    accept); a declaration creates its lieu. Returns the fields written."""
    raise NotImplementedError


def refuser(contribution, motif: str, par=None) -> None:
    raise NotImplementedError
