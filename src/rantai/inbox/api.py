"""REST API for the inbox: one's own notifications, marking one or all read."""

from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from rantai.core.api import RestrictedViewSetMixin
from rantai.inbox import services
from rantai.inbox.filters import NotificationFilterSet
from rantai.inbox.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "subject", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(read_only=True)


class NotificationViewSet(RestrictedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Your own notifications, newest first (``?unread=true`` for the unread ones)."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    rule_actions = {"read": "change", "read_all": None}

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read."""
        notification = services.mark_read(notification=self.get_object())
        return Response(NotificationSerializer(notification).data)

    @action(detail=False, methods=["post"], url_path="read-all", serializer_class=ReadAllSerializer)
    def read_all(self, request):
        """Mark all your notifications read."""
        return Response({"marked": services.mark_all_read(user=request.user)})
