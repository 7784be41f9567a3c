"""The API's access matrix, generated from the rules: every route whose model has a scope, every
persona, and list, retrieve, create, update, partial update and destroy. The expected answer is
not written by hand but asked of the one permission path (``restrict`` and ``can``), so the API
can never drift from the pages:

- list: exactly the rows ``restrict(user, "view")`` holds;
- retrieve: 404 outside the scope, 200 inside; private fields only where ``view_private`` allows;
- update / partial update / destroy: 404 outside the scope, 403 where the rule refuses (and the
  database unchanged), 2xx where it allows (rolled back, so each case starts from the same rows);
- create: 401 for anonymous, 403 where the ``add`` rule refuses in general, else 400 for an
  empty body; never a row written.

The number of cases is printed (``-s``) for the closing note."""

import pytest
from django.db import transaction
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.api_urls import router
from rantai.core.access import SCOPES, can, restrict
from rantai.core.api import RestrictedViewSetMixin
from rantai.firms.models import Firm
from tests.conftest import PERSONAS
from tests.test_access_matrix import setup_objects
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

# Routes listed here answer for something other than their model's scope.
NOT_SCOPE_SHAPED = {"organisations": "lists only the user's own organisations, with roles"}
WRITES = {"put": "update", "patch": "partial_update", "delete": "destroy"}
RULE_ACTION = {"update": "change", "partial_update": "change", "destroy": "delete"}


def routes():
    for prefix, viewset, _basename in router.registry:
        model = getattr(getattr(viewset, "queryset", None), "model", None)
        if model in SCOPES and prefix not in NOT_SCOPE_SHAPED:
            yield prefix, viewset, model


def client_for(user):
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def ids(response):
    body = response.json()
    return {row["id"] for row in (body["results"] if isinstance(body, dict) else body)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_answers_what_the_rules_say(world, persona, capsys):
    setup_objects(world)
    user = world.user(persona)
    client = client_for(user)
    cases, failures = 0, []

    def check(label, got, wanted):
        nonlocal cases
        cases += 1
        if got != wanted and not (isinstance(wanted, set) and got in wanted):
            failures.append(f"{label}: {got}, expected {wanted}")

    for prefix, viewset, model in routes():
        base = f"/api/v1/{prefix}/"
        listed = client.get(base, {"page_size": 500})
        if user is None:
            check(f"GET {base}", listed.status_code, 401)
        else:
            visible = set(restrict(model._default_manager.all(), user).values_list("pk", flat=True))
            check(f"GET {base}", listed.status_code, 200)
            if listed.status_code == 200 and len(visible) <= 50:
                check(f"GET {base} rows", ids(listed), visible)
        for obj in model._default_manager.all()[:4]:
            url = f"{base}{obj.pk}/"
            sees = (
                user is not None
                and restrict(model._default_manager.all(), user).filter(pk=obj.pk).exists()
            )
            got = client.get(url)
            check(f"GET {url}", got.status_code, 401 if user is None else (200 if sees else 404))
            if model is Firm and got.status_code == 200 and not can(user, "view_private", obj):
                leaked = set(got.json()) & set(Firm.PRIVATE_FIELDS)
                check(f"GET {url} private fields", leaked, set())
            for method, action in WRITES.items():
                if method not in viewset.http_method_names or not hasattr(viewset, action):
                    continue
                if not issubclass(viewset, RestrictedViewSetMixin):
                    continue
                if user is None:
                    wanted = {401}
                elif not sees:
                    wanted = {404}
                elif not can(user, RULE_ACTION[action], obj):
                    wanted = {403}
                else:
                    wanted = {200, 204, 400}  # allowed; an empty PUT may lack fields
                with transaction.atomic():
                    before = fingerprint()
                    answer = getattr(client, method)(url, {}, format="json")
                    after = fingerprint()
                    transaction.set_rollback(True)
                check(f"{method.upper()} {url}", answer.status_code, wanted)
                if answer.status_code >= 400:
                    check(f"{method.upper()} {url} wrote nothing", before == after, True)
        if hasattr(viewset, "create"):
            if user is None:
                wanted = {401}
            elif issubclass(viewset, RestrictedViewSetMixin) and not can(user, "add", model=model):
                wanted = {403}
            else:
                wanted = {400, 403}
            before = fingerprint()
            answer = client.post(base, {}, format="json")
            check(f"POST {base}", answer.status_code, wanted)
            check(f"POST {base} wrote nothing", before == fingerprint(), True)
    with capsys.disabled():
        print(f"\nAPI matrix [{persona}]: {cases} cases")
    assert cases > 20
    assert failures == [], "\n".join(failures)
