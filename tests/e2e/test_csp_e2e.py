"""The Content-Security-Policy holds on the main pages: nothing is blocked, nothing breaks."""

import base64

from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from rantai.estates.models import Estate
from rantai.firms.models import Capability, Firm
from rantai.matchmaking.models import Event
from tests.factories import CapabilityFactory

# A 1×1 PNG standing in for the map tiles (the test browser has no internet).
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
WATCH = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


def test_the_main_pages_run_under_the_policy_without_a_violation(as_user, live_server, page):
    call_command("load_demo", quiet_logins=True, verbosity=0)
    firm = Firm.objects.get(name="PT Sinergi Mandiri Teknikatama")
    pages = [
        "/",
        "/firms/",
        f"/firms/{firm.pk}/",
        "/firms/map/",
        "/5r/",
        "/5r/audits/",
        "/temu-bisnis/",
        f"/temu-bisnis/{Event.objects.order_by('pk').first().pk}/",
        "/kemitraan/",
        "/kawasan/",
        f"/kawasan/{Estate.objects.order_by('pk').first().pk}/",
        "/insights/",
        "/insights/map/",
        "/api/v1/docs/",
    ]
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"{page.url}: {e}"))
    page.context.add_init_script(WATCH)
    page.route("https://tile.openstreetmap.org/**", lambda r: r.fulfill(body=TILE))
    as_user(get_user_model().objects.get(username="petugas.tegal"))
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        problems += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
    expect(page.locator(".swagger-ui")).to_be_visible()  # the API docs started from a file
    assert problems == [], "\n".join(problems)


def test_behaviour_moved_out_of_inline_handlers_still_works(as_user, live_server, world, page):
    capability = CapabilityFactory(firm=world.firm_a)
    as_user(world.user("officer"))
    page.goto(f"{live_server.url}/5r/audits/")
    page.locator("select[name=status]").select_option(index=1)
    page.wait_for_url("**/5r/audits/?*status=*")  # data-submit-on-change
    page.goto(f"{live_server.url}/firms/{world.firm_a.pk}/")
    expect(page.locator("#firm-map.leaflet-container")).to_have_count(1)  # data-map="point"
    questions = []
    page.on("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.get_by_label("Keluarkan").first.click()  # data-confirm, dismissed: nothing is removed
    page.wait_for_timeout(300)
    assert questions == ["Hapus entri ini?"]
    assert Capability.objects.filter(pk=capability.pk).exists()
