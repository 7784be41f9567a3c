"""Every URL, every persona: the status each one gets. A new URL without a row here fails
``test_every_url_is_in_the_matrix``, so access is decided on purpose, never by accident."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rantai.accounts.models import Invitation, Role
from rantai.core.models import Job
from tests.conftest import PERSONAS
from tests.factories import CapabilityFactory, MembershipFactory, UserFactory

LOGIN = 302  # anonymous users are sent to the login page


def expect(default, anonymous=LOGIN, **overrides):
    return {p: overrides.get(p, anonymous if p == "anonymous" else default) for p in PERSONAS}


def changers(ok=200, no=403):  # firm A's owner, the Tegal officer and the admin may change firm A
    return expect(no, firm_a=ok, officer=ok, admin=ok)


def deleters(ok=200, no=403):
    return expect(no, officer=ok, admin=ok)


def adders(ok=200, no=403):
    return expect(no, officer=ok, far_officer=ok, admin=ok)


def setup_objects(world):
    capability = CapabilityFactory(firm=world.firm_a)
    job = Job.objects.create(
        kind="firm_import",
        user=world.user("firm_a"),
        status=Job.Status.SUCCEEDED,
        result={"stage": "validated"},
    )
    import_job = Job.objects.create(
        kind="firm_import",
        user=world.user("officer"),
        status=Job.Status.SUCCEEDED,
        result={"stage": "validated", "error_count": 1},
    )
    staff = MembershipFactory(
        organisation=world.firm_a, user=UserFactory(username="staf"), role=Role.STAFF
    )
    invitation = Invitation.objects.create(
        organisation=world.firm_a, email="baru@example.id", role=Role.STAFF
    )
    cert = world.firm_a.certifications.create(scheme="iso9001", issuer="PT SUCOFINDO (Persero)")
    return {
        "capability": capability,
        "job": job,
        "import_job": import_job,
        "staff": staff,
        "invitation": invitation,
        "certification": cert,
    }


# (url name, kwargs from (world, objects), method, expected statuses)
MATRIX = [
    ("home", lambda w, o: {}, "get", expect(200)),
    ("healthz", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("job-detail", lambda w, o: {"pk": o["job"].pk}, "get", expect(404, firm_a=200)),
    ("job-download", lambda w, o: {"pk": o["job"].pk}, "get", expect(404)),
    ("region-children", lambda w, o: {}, "get", expect(200)),
    ("region-search", lambda w, o: {}, "get", expect(200)),
    ("login", lambda w, o: {}, "get", expect(302, anonymous=200)),
    ("password_change", lambda w, o: {}, "get", expect(200)),
    ("password_change_done", lambda w, o: {}, "get", expect(200)),
    ("password_reset", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("password_reset_done", lambda w, o: {}, "get", expect(200, anonymous=200)),
    (
        "password_reset_confirm",
        lambda w, o: {"uidb64": "MQ", "token": "x-y"},
        "get",
        expect(200, anonymous=200),
    ),
    ("password_reset_complete", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("profile", lambda w, o: {}, "get", expect(200)),
    ("members", lambda w, o: {"pk": w.firm_a.pk}, "get", expect(403, firm_a=200, admin=200)),
    (
        "invitation-accept",
        lambda w, o: {"token": o["invitation"].token},
        "get",
        expect(200, anonymous=200),
    ),
    ("firms:list", lambda w, o: {}, "get", expect(200)),
    ("firms:map", lambda w, o: {}, "get", expect(200)),
    ("firms:map-data", lambda w, o: {}, "get", expect(200)),
    ("firms:create", lambda w, o: {}, "get", adders()),
    ("firms:export", lambda w, o: {}, "post", expect(404)),  # no format: nothing to do
    ("firms:import", lambda w, o: {}, "get", adders()),
    ("firms:import-template", lambda w, o: {}, "get", adders()),
    (
        "firms:import-review",
        lambda w, o: {"pk": o["import_job"].pk},
        "get",
        expect(403, officer=200, far_officer=404, admin=404),
    ),
    ("firms:detail", lambda w, o: {"pk": w.firm_a.pk}, "get", expect(200)),
    ("firms:update", lambda w, o: {"pk": w.firm_a.pk}, "get", changers()),
    ("firms:delete", lambda w, o: {"pk": w.firm_a.pk}, "get", deleters()),
    ("firms:part-add", lambda w, o: {"pk": w.firm_a.pk, "kind": "capabilities"}, "get", changers()),
    (
        "firms:part-edit",
        lambda w, o: {"pk": w.firm_a.pk, "kind": "capabilities", "part_pk": o["capability"].pk},
        "get",
        changers(),
    ),
    ("api-root", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("api-schema", lambda w, o: {}, "get", expect(200, anonymous=200)),  # the API's description
    ("api-docs", lambda w, o: {}, "get", expect(200, anonymous=200)),
    ("firm-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    ("firm-detail", lambda w, o: {"pk": w.firm_a.pk}, "get", expect(200, anonymous=401)),
    ("capability-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "capability-detail",
        lambda w, o: {"pk": o["capability"].pk},
        "get",
        expect(200, anonymous=401),
    ),
    ("certification-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "certification-detail",
        lambda w, o: {"pk": o["certification"].pk},
        "get",
        expect(200, anonymous=401),
    ),
    ("organisation-list", lambda w, o: {}, "get", expect(200, anonymous=401)),
    (
        "organisation-detail",
        lambda w, o: {"pk": w.firm_a.pk},
        "get",
        expect(404, anonymous=401, firm_a=200),
    ),
    # Rows that change something come last, so the rows above see the original state.
    ("logout", lambda w, o: {}, "post", expect(302, anonymous=302)),
    ("regenerate-token", lambda w, o: {}, "post", expect(302)),
    (
        "membership-deactivate",
        lambda w, o: {"pk": o["staff"].pk},
        "post",
        expect(403, firm_a=302, admin=302),
    ),
    ("set_language", lambda w, o: {}, "post", expect(302, anonymous=302)),
    (
        "firms:import-confirm",
        lambda w, o: {"pk": o["import_job"].pk},
        "post",
        expect(403, officer=302, far_officer=404, admin=404),
    ),
    (
        "firms:part-delete",
        lambda w, o: {
            "pk": w.firm_a.pk,
            "kind": "certifications",
            "part_pk": o["certification"].pk,
        },
        "post",
        changers(ok=302),
    ),
]

# Names that need no row: the admin (Django's own staff checks) and the API's format suffixes.
NOT_IN_MATRIX_PREFIXES = ("admin:",)


def _names(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_is_in_the_matrix():
    covered = {row[0] for row in MATRIX}
    names = {n for n in _names(get_resolver()) if not n.startswith(NOT_IN_MATRIX_PREFIXES)}
    assert names - covered == set()


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(world, client, persona):
    objects = setup_objects(world)
    user = world.user(persona)
    failures = []
    for name, kwargs, method, expected in MATRIX:
        client.logout()
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=kwargs(world, objects))
        status = getattr(client, method)(url).status_code
        if status != expected[persona]:
            failures.append(f"{method.upper()} {name}: {status}, expected {expected[persona]}")
    assert failures == []
