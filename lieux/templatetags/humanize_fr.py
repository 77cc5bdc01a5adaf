from django import template

register = template.Library()


@register.filter
def nombre(valeur):
    """12345 → « 12 345 » (French thousands separator, narrow no-break space)."""
    try:
        return f"{int(valeur):,}".replace(",", "\u202f")
    except (TypeError, ValueError):
        return valeur
