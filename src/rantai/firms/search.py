"""What the header's search finds among firms (rantai.search.registry): a firm by its name, NIB
or KBLI code or words of its description, and a person by position or name (a firm's contacts,
which are its private data)."""

from django.contrib.postgres.lookups import TrigramWordSimilar
from django.contrib.postgres.search import SearchQuery, SearchVector, TrigramWordSimilarity
from django.db import connection, transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy

from rantai.core.access import restrict
from rantai.firms.models import Contact, Firm
from rantai.search.registry import Hit, on_postgresql, source, words_q


def _name_first(terms):
    """0 for a name that starts with the text typed, so those come first."""
    return Case(When(name__istartswith=terms.text, then=0), default=1, output_field=IntegerField())


# A word typed within this trigram word similarity of a word of a firm's name matches it
# ("Adiwarna" finds "Adiwerna": 0.5); PostgreSQL's default, 0.6, misses most one-letter slips.
WORD_SIMILARITY = 0.45


def _by_number(queryset, terms, limit):
    """A number is a NIB (13 digits, or its start) or a KBLI code (or its start). Each is looked
    up by its own index, then the firms are fetched through the user's scope: in one query
    ordered by name, PostgreSQL may walk every name to find them."""
    nib = Firm.objects.filter(nib__gte=terms.digits, nib__lt=f"{terms.digits}:")
    kbli = Firm.kbli.through.objects.filter(kbli__code__startswith=terms.digits)
    found = [
        *nib.values_list("pk", flat=True)[: limit + 1],
        *kbli.values_list("firm_id", flat=True).order_by("firm_id")[: limit + 1],
    ]
    return list(queryset.filter(pk__in=found).order_by("name")[: limit + 1])


def _by_text(queryset, terms, limit):
    """Every word in the name or the description, names that start with the text first. On
    PostgreSQL the words are found in the name by its trigram index (firms/migrations/0003) and
    in the description by full text (0005); when that leaves room, names with a word like each
    word typed (a slip of a letter) follow, likest first."""
    if not on_postgresql():
        return list(
            queryset.filter(words_q(terms, ["name", "description"])).order_by(
                _name_first(terms), "name"
            )[: limit + 1]
        )
    described = SearchQuery(terms.text, config="simple", search_type="websearch")
    exact = list(
        queryset.annotate(description_search=SearchVector("description", config="simple"))
        .filter(words_q(terms, ["name"]) | Q(description_search=described))
        .order_by(_name_first(terms), "name")[: limit + 1]
    )
    if len(exact) > limit:
        return exact
    like = Q()
    for word in terms.words:
        if len(word) >= 4:
            like &= Q(name__icontains=word) | TrigramWordSimilar(Upper("name"), Upper(Value(word)))
        else:
            like &= Q(name__icontains=word)
    with transaction.atomic():
        with connection.cursor() as cursor:  # for this transaction only
            cursor.execute("SET LOCAL pg_trgm.word_similarity_threshold = %s", [WORD_SIMILARITY])
            # The planner prices a similarity test like an equality and would rather scan every
            # name (330 ms at 100,000 firms) than use the trigram index (50 ms): bench/search.py.
            cursor.execute("SET LOCAL enable_seqscan = off")
        close = list(
            queryset.filter(like)
            .exclude(pk__in=[firm.pk for firm in exact])
            .annotate(likeness=TrigramWordSimilarity(Upper(Value(terms.text)), Upper("name")))
            .order_by("-likeness", "name")[: limit + 1 - len(exact)]
        )
    return exact + close


@source("firms", heading=gettext_lazy("Firms"), order=10)
def firms(user, terms, limit):
    queryset = restrict(Firm.objects.all(), user).select_related("regency")
    queryset = queryset.only("name", "kind", "nib", "regency__name")
    search = _by_number if terms.digits else _by_text
    rows = search(queryset, terms, limit)
    return [
        Hit(
            firm.name,
            firm.get_absolute_url(),
            " · ".join(
                part
                for part in (
                    firm.get_kind_display(),
                    firm.regency.name if firm.regency else "",
                    firm.nib and f"NIB {firm.nib}",
                )
                if part
            ),
        )
        for firm in rows
    ]


@source("people", heading=gettext_lazy("People by position"), order=60)
def people(user, terms, limit):
    if terms.digits:  # a NIB or a KBLI code is nobody's position or name
        return []
    rows = (
        restrict(Contact.objects.all(), user)
        .filter(words_q(terms, ["position", "name"]))
        .select_related("firm")
        # The latest first: ordered by a column, a common position ("Direktur") would sort every
        # one of them; by the key, the first few found are enough.
        .order_by("-pk")[: limit + 1]
    )
    return [
        Hit(
            " – ".join(part for part in (contact.position, contact.name) if part),
            contact.firm.get_absolute_url(),
            contact.firm.name,
        )
        for contact in rows
    ]
