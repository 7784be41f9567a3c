"""REST API for the search: the same search as the header's box, the same scopes."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from rantai.search.registry import LIMIT, MAX_LENGTH, MIN_LENGTH, SOURCES, search

MAX_LIMIT = 50


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(min_length=MIN_LENGTH, max_length=MAX_LENGTH, trim_whitespace=True)
    kind = serializers.ChoiceField(choices=[], required=False)
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=LIMIT)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = sorted(SOURCES)


class HitSerializer(serializers.Serializer):
    title = serializers.CharField()
    detail = serializers.CharField()
    url = serializers.CharField(help_text="The page of the row found.")


class FoundSerializer(serializers.Serializer):
    kind = serializers.CharField(source="key")
    heading = serializers.CharField()
    hits = HitSerializer(many=True)
    more = serializers.BooleanField(help_text="More rows of this kind match than were returned.")


class SearchResultSerializer(serializers.Serializer):
    results = FoundSerializer(many=True)


class SearchView(APIView):
    """Firms (name, NIB, KBLI), agreements, events, needs, audits, units and people by position
    that match ``q`` and that you may see, grouped by kind; ``kind`` for one kind only."""

    @extend_schema(parameters=[SearchQuerySerializer], responses=SearchResultSerializer)
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        found = search(
            request.user,
            query.validated_data["q"],
            query.validated_data["limit"],
            only=query.validated_data.get("kind", ""),
        )
        return Response(SearchResultSerializer({"results": found}).data)
