"""Embedding for collectivités: the map and the orientation path in an iframe, restricted to a territory, themed.

    /embed/carte/?departement=49&titre=…&couleur=%231f8d49    entry of a snippet: options checked (options.py), then
    /embed/orientation/?epci=244900015                         a redirect to the working URL below
    /embed/c/<slug>/                                           entry of a saved configuration (ConfigurationIntegration)
    /embed/p/<jeton>/carte/?<state>                            working pages: the locked territory and the presentation
    /embed/c/<slug>/carte/?<state>                             travel in the path (a signed `jeton`, or the slug kept
                                                               server-side); the query is the page's state (filters,
                                                               selected territory, map view), as on /carte/
    /integrer/                                                 the snippet generator

Every count, list, search and API answer inside an embed goes through `perimetre.FiltresIntegration`: the shared
filters of lieux/filtres.py, with the locked territory intersected into every queryset and every cache key. Only
/embed/ may be framed (middleware.py).
"""

PREFIXE = "/embed/"
