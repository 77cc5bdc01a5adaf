"""{% liens_export niveau code as export %}: the spreadsheet downloads of a territory page and what its export holds
(export.excel, export.xlsx, export.exportes, export.demo — demo lieux are never exported, the page says so)."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from imports.export import ALIAS, bilan

register = template.Library()



@register.simple_tag
def liens_export(niveau: str, code: str) -> dict:
    territoire = f"{ALIAS.get(niveau, niveau)}:{code}"
    query = "?" + urlencode({"territoire": territoire})
    return {"excel": reverse("imports:export-excel") + query, "xlsx": reverse("imports:export-xlsx") + query,
            **bilan(territoire)}
