"""Which records form one lieu: connected components of the « same » links, never across a « different » decision.

People's decisions come first (`meme` links, then `differents` constraints), then the automatic links, strongest
score first. A link that would join two groups holding records a person declared different is not followed: the
pair is returned as a conflict, for the review queue, instead of merging what a person separated (docs/consolidation.md,
§ 3). Plain union–find over record keys: no database here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable


def regrouper(noeuds: Iterable[Hashable], liens: Iterable[tuple[Hashable, Hashable]],
              interdits: Iterable[tuple[Hashable, Hashable]] = ()) -> tuple[list[set], list[tuple]]:
    """(groups, conflicts). `liens` in the order they should be followed (people's first, then by score);
    `interdits`: pairs that must never end in one group."""
    parent: dict = {n: n for n in noeuds}
    membres: dict = {n: {n} for n in parent}
    contre: dict = defaultdict(set)
    for a, b in interdits:
        if a in parent and b in parent:
            contre[a].add(b)
            contre[b].add(a)

    def racine(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    conflits = []
    for a, b in liens:
        if a not in parent or b not in parent:
            continue
        ra, rb = racine(a), racine(b)
        if ra == rb:
            continue
        petit, grand = sorted((ra, rb), key=lambda r: len(membres[r]))
        if any(contre[m] & membres[grand] for m in membres[petit]):
            conflits.append((a, b))
            continue
        parent[petit] = grand
        membres[grand] |= membres.pop(petit)
    return [membres[r] for r in membres], conflits
