"""`{% parametres_du_script %}`: the parameter names of lieux/parametres.py for the map's script, as a json_script
element (id "carte-parametres", read by static/js/carte-etat.js). A tag, so that every page loading the map's
scripts (the map, the embedded map) sends them without each view adding them to its context."""

from django import template
from django.utils.html import json_script

from lieux.parametres import pour_le_script

register = template.Library()


@register.simple_tag
def parametres_du_script():
    return json_script(pour_le_script(), "carte-parametres")
