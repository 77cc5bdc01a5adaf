"""Statement-level triggers on lieux_lieu: how a projection's function and triggers are (un)installed.

Each projection kept by the database (comptes.py, maintien_ouvertures.py) declares its PL/pgSQL function and a
mapping trigger name → « AFTER … ON lieux_lieu REFERENCING … »; the statements that install and remove them are
written here once.
"""

from __future__ import annotations


def sql_installation(fonction: str, corps: str, declencheurs: dict[str, str]) -> str:
    """`corps` (CREATE OR REPLACE FUNCTION `fonction`…) then each trigger, replaced if it exists."""
    return corps + "\n" + "\n".join(
        f"DROP TRIGGER IF EXISTS {nom} ON lieux_lieu;\n"
        f"CREATE TRIGGER {nom} {quand} FOR EACH STATEMENT EXECUTE FUNCTION {fonction}();"
        for nom, quand in declencheurs.items())


def sql_desinstallation(fonction: str, declencheurs: dict[str, str]) -> str:
    return "\n".join(f"DROP TRIGGER IF EXISTS {nom} ON lieux_lieu;" for nom in declencheurs) + \
        f"\nDROP FUNCTION IF EXISTS {fonction}();"
