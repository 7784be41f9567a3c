"""The supply chain drawn for a page: the firms of some links, named and linked, laid out by
``graph.layout``."""

from rantai.firms.models import Firm
from rantai.partnerships import graph


def firm_names(ids) -> dict[int, tuple[str, str]]:
    """Each firm's name and address, by id."""
    return {
        firm.pk: (firm.name, firm.get_absolute_url())
        for firm in Firm.objects.filter(pk__in=ids).only("pk", "name")
    }


def firm_drawing(link_queryset, firm_id: int):
    """The chain around one firm (its buyers above, its suppliers below) among ``link_queryset``,
    or None when it has no links there."""
    edges = graph.neighbourhood(link_queryset, firm_id)
    if not edges:
        return None
    ids = {i for e in edges for i in e[:2]}
    return graph.layout(edges, firm_names(ids), focus=firm_id)
