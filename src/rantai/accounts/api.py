from drf_spectacular.utils import extend_schema
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.throttling import ScopedRateThrottle


@extend_schema(tags=["auth"])
class TokenView(ObtainAuthToken):
    """A username and password in, the person's API token out (the one shown on the profile).

    Sign-in lockouts apply as on the login page: the serializer authenticates with Django's own
    request, which django-axes marks when it refuses a locked-out person, so its middleware can
    answer 429.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "request": self.request._request}
