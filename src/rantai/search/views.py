"""The search page, and the header box's suggestions (the same search, fewer hits, as htmx
asks for them while one types)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rantai.search.registry import LIMIT, SOURCES, search

SUGGESTIONS = 3  # hits of each kind under the header's box
ONE_KIND = 50  # hits on the page of one kind ("all firms found")


@require_GET
@login_required
def results(request):
    text = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    if request.htmx and request.GET.get("suggest"):
        found = search(request.user, text, SUGGESTIONS)
        return render(request, "search/_suggestions.html", {"q": text, "found": found})
    if kind in SOURCES:
        found = search(request.user, text, ONE_KIND, only=kind)
    else:
        kind = ""
        found = search(request.user, text, LIMIT)
    return render(
        request,
        "search/results.html",
        {"q": text, "kind": kind, "found": found, "searched": bool(text.strip())},
    )
