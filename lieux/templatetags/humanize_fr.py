from django import template

from lieux import francais

register = template.Library()


@register.filter
def nombre(valeur):
    """12345 → « 12 345 » (French thousands separator, narrow no-break space)."""
    try:
        return f"{int(valeur):,}".replace(",", "\u202f")
    except (TypeError, ValueError):
        return valeur


@register.filter(name="de")
def de_(nom):
    """{{ commune.nom|de }} → « de Paris », « d'Angers », « du Havre » (lieux/francais.py)."""
    return francais.de(str(nom))


@register.filter(name="a")
def a_(nom):
    """{{ commune.nom|a }} → « à Paris », « au Havre », « aux Ulis »."""
    return francais.a(str(nom))


@register.filter
def pluriel(n, suffixe="s"):
    """French plural suffix: « 0 lieu », « 1 lieu », « 2 lieux » ({{ n }} lieu{{ n|pluriel:"x" }})."""
    try:
        return "" if abs(int(n)) < 2 else suffixe
    except (TypeError, ValueError):
        return ""
