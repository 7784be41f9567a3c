"""The 5R field app offline (issue 16): a whole audit captured with no signal, through a reload
and a browser restart, arrives exactly once on a slow connection; a cut photo upload resumes from
its last piece."""

import contextlib
import io
import re
from datetime import date

import numpy as np
import pytest
from django.conf import settings
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from rantai.five_r import outbox, services, uploads
from rantai.five_r.models import Answer, Photo, PhotoUpload
from tests.e2e.conftest import ARTIFACTS
from tests.five_r.conftest import make_program

PHONE = {"width": 360, "height": 740}


def camera_photo(path, seed: int, big: bool):
    """A photo like a phone camera's: big ones are over 2 MB (3000 × 2000, fine grain)."""
    rng = np.random.default_rng(seed)
    size = (3000, 2000) if big else (1200, 900)
    base = Image.fromarray(rng.integers(0, 255, (60, 90, 3), dtype=np.uint8)).resize(
        size, Image.BICUBIC
    )
    grain = rng.integers(-12, 12, (size[1], size[0], 3)) if big else 0
    pixels = (np.asarray(base).astype(np.int16) + grain).clip(0, 255).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "JPEG", quality=92)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def field_browser(browser_type, browser_type_launch_args, live_server, tmp_path):
    """Opens the same browser profile again and again (its IndexedDB, its service worker), as a
    phone's browser keeps them across restarts."""
    profile = tmp_path / "profile"
    contexts = []

    def _open(user):
        context = browser_type.launch_persistent_context(
            profile,
            **browser_type_launch_args,
            viewport=PHONE,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            service_workers="allow",
            accept_downloads=True,
        )
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
        )
        contexts.append(context)
        return context

    yield _open
    for context in contexts:
        with contextlib.suppress(Exception):  # closed by the test already
            context.close()


def _unsent(page) -> int:
    return int(page.get_by_test_id("unsent").get_attribute("data-count"))


def test_a_whole_audit_captured_offline_arrives_exactly_once(
    live_server, world, field_browser, tmp_path, monkeypatch
):
    five_r = make_program(world)
    mentor = world.user("mentor")
    audit = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai produksi",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[mentor],
        user=mentor,
    )
    items = five_r.items[:25]
    photos = [camera_photo(tmp_path / f"foto-{n}.jpg", n, big=n < 3) for n in range(10)]
    assert all(p.stat().st_size >= 2_000_000 for p in photos[:3])

    # The server records every piece it stores; the second piece of the first photo is stored
    # but its answer is lost (a cut connection), so the phone must go on from the third.
    stored: list[tuple[str, int]] = []
    real_receive = uploads.receive
    cut = {"done": False}

    def receive(*, upload, offset, **kwargs):
        result = real_receive(upload=upload, offset=offset, **kwargs)
        stored.append((str(upload.uuid), offset))
        if offset == uploads.PIECE_MAX // 4 and not cut["done"]:  # the phone's second piece
            cut["done"] = True
            raise ConnectionAbortedError("the signal dropped")
        return result

    monkeypatch.setattr(uploads, "receive", receive)

    context = field_browser(mentor)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/5r/field/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.get_by_test_id(f"draft-{audit.pk}").get_by_role("button").click()
    expect(page.get_by_test_id(f"item-{items[0].code}")).to_be_visible()

    context.set_offline(True)
    expect(page.get_by_test_id("network")).to_contain_text("Luring")
    for n, item in enumerate(items):
        card = page.get_by_test_id(f"item-{item.code}")
        score = n % 5
        card.locator(f"label[for='s-{item.pk}-{score}']").click()
        if n % 4 == 0:
            card.locator("textarea").fill(f"Catatan <b>{n}</b> & 'kutip'")
        expect(card.locator("[data-status-key]")).to_contain_text("Tersimpan di ponsel")
    for n, path in enumerate(photos):
        page.get_by_test_id(f"photo-{items[n].code}").set_input_files(path)
        expect(
            page.get_by_test_id(f"item-{items[n].code}").get_by_test_id("photo-waiting")
        ).to_be_visible()
    # The outcome indicators of this baseline visit, measured on the spot.
    for n, seconds in enumerate(("95", "120", "60", "80", "145")):
        page.locator(f"#o-cari-alat-{n}").fill(seconds)
    page.locator("#o-waktu-setup-0").fill("75")
    expect(page.get_by_test_id("outcomes").locator("[data-status-key]")).to_contain_text(
        "Tersimpan di ponsel"
    )
    expect(page.get_by_test_id("unsent")).to_have_attribute("data-count", "36")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "phone-field-offline.png")

    page.reload()  # still offline: the service worker brings the app back, IndexedDB the rest
    expect(page.get_by_test_id("field-app")).to_contain_text("Lantai produksi")
    assert _unsent(page) == 36
    expect(page.locator("#o-cari-alat-4")).to_have_value("145")
    comment = page.get_by_test_id(f"item-{items[4].code}").locator("textarea")
    expect(comment).to_have_value("Catatan <b>4</b> & 'kutip'")
    context.close()
    assert not Answer.objects.filter(audit=audit).exists()

    # The browser is started again, still without a signal.
    context = field_browser(mentor)
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(f"{live_server.url}/5r/field/#audit/{audit.pk}")
    expect(page.get_by_test_id("unsent")).to_have_attribute("data-count", "36")
    expect(
        page.get_by_test_id(f"item-{items[9].code}").get_by_test_id("photo-waiting")
    ).to_be_visible()

    # The signal returns, slow: 150 ms each way and about 2 Mbit/s up.
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": 150,
            "downloadThroughput": 500_000,
            "uploadThroughput": 250_000,
        },
    )
    context.set_offline(False)
    expect(page.get_by_test_id("unsent")).to_have_attribute("data-count", "0", timeout=150_000)

    answers = {a.item_id: a for a in Answer.objects.filter(audit=audit)}
    assert len(answers) == 25
    for n, item in enumerate(items):
        answer = answers[item.pk]
        assert answer.score == n % 5 and answer.version == 1
        if n % 4 == 0:
            assert answer.comment == f"Catatan <b>{n}</b> & 'kutip'"
    assert Answer.history.filter(audit_id=audit.pk).count() == 25  # each written once
    kept = Photo.objects.filter(audit=audit)
    assert kept.count() == 10 and len({p.uuid for p in kept}) == 10
    assert sorted(p.item_id for p in kept) == sorted(i.pk for i in items[:10])
    assert max(max(p.width, p.height) for p in kept) <= 1600
    assert not PhotoUpload.objects.filter(photo__isnull=True).exists()
    # Every piece stored once, in order: the cut upload went on from its last piece.
    assert cut["done"] and len(stored) == len(set(stored))
    for upload in PhotoUpload.objects.all():
        offsets = [offset for uuid, offset in stored if uuid == str(upload.uuid)]
        assert offsets == sorted(offsets) and offsets[0] == 0
    measured = {m.indicator.code: m for m in audit.measurements.select_related("indicator")}
    assert measured["cari-alat"].value == 100  # the mean of five samples
    assert measured["waktu-setup"].value == 75 and len(measured) == 2
    expect(
        page.get_by_test_id(f"item-{items[0].code}").get_by_test_id("photo-sent")
    ).to_be_visible()
    expect(page.get_by_test_id(f"item-{items[0].code}")).to_contain_text(re.compile("Terkirim"))


def test_two_mentors_offline_make_a_conflict_that_a_person_decides(
    as_user, live_server, world, page
):
    five_r = make_program(world)
    mentor, other = world.user("mentor"), five_r.other_mentor
    audit = services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Gudang bahan",
        phase="baseline",
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[mentor, other],
        user=mentor,
    )
    item = five_r.items[0]
    services.save_answer(audit=audit, item=item, score=2, user=mentor)
    page.set_viewport_size(PHONE)
    as_user(mentor)
    page.goto(f"{live_server.url}/5r/field/")
    page.get_by_test_id(f"draft-{audit.pk}").get_by_role("button").click()
    card = page.get_by_test_id(f"item-{item.code}")
    expect(card).to_be_visible()

    page.context.set_offline(True)
    card.locator(f"label[for='s-{item.pk}-4']").click()
    card.locator("textarea").fill("Rak sudah berlabel")
    expect(card.locator("[data-status-key]")).to_contain_text("Tersimpan di ponsel")
    # Meanwhile the other mentor, also from version 1, sent his answer first.
    services.sync_answer(
        audit=audit, item=item, score=1, comment="Label belum ada", base_version=1, user=other
    )

    page.context.set_offline(False)
    page.get_by_test_id("send-now").click()
    expect(card.locator("[data-status-key]")).to_contain_text("Pendamping lain mengubah")
    answer = Answer.objects.get(audit=audit, item=item)
    assert (answer.score, answer.comment) == (1, "Label belum ada")  # not overwritten

    page.goto(f"{live_server.url}/5r/audits/{audit.pk}/")
    conflict = page.get_by_test_id(f"conflict-{item.code}")
    expect(conflict).to_contain_text("Label belum ada")
    expect(conflict).to_contain_text("Rak sudah berlabel")
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "phone-answer-conflict.png", full_page=True)
    conflict.get_by_test_id("take").click()
    expect(page.get_by_test_id("conflicts")).to_have_count(0)
    answer.refresh_from_db()
    assert (answer.score, answer.comment, answer.version) == (4, "Rak sudah berlabel", 3)


def test_the_unsent_items_exported_from_the_phone_are_imported_by_an_administrator(
    as_user, live_server, world, page, tmp_path
):
    five_r = make_program(world)
    mentor = world.user("mentor")
    audit = services.start_audit(
        firm=world.firm_b,
        template=five_r.template,
        area="Bengkel las",
        phase="final",
        program=five_r.program,
        date=date(2022, 10, 1),
        auditors=[mentor],
        user=mentor,
    )
    first, second = five_r.items[:2]
    page.set_viewport_size(PHONE)
    as_user(mentor)
    page.goto(f"{live_server.url}/5r/field/")
    page.get_by_test_id(f"draft-{audit.pk}").get_by_role("button").click()
    expect(page.get_by_test_id(f"item-{first.code}")).to_be_visible()
    page.context.set_offline(True)
    page.get_by_test_id(f"item-{first.code}").locator(f"label[for='s-{first.pk}-3']").click()
    page.get_by_test_id(f"item-{second.code}").locator("textarea").fill('=HYPERLINK("x")')
    page.get_by_test_id(f"photo-{first.code}").set_input_files(
        camera_photo(tmp_path / "las.jpg", 7, big=False)
    )
    expect(page.get_by_test_id("unsent")).to_have_attribute("data-count", "3")

    with page.expect_download() as download:
        page.get_by_test_id("export").click()
    content = download.value.path().read_bytes()
    assert download.value.suggested_filename.startswith("rantai-5r-belum-terkirim-")

    result = outbox.import_outbox(content, user=world.user("admin"))
    assert (result.answers_saved, result.photos_added) == (2, 1)
    answers = {a.item_id: a for a in Answer.objects.filter(audit=audit)}
    assert answers[first.pk].score == 3
    assert answers[second.pk].comment == '=HYPERLINK("x")'  # text, as typed
    assert Photo.objects.filter(audit=audit, item=first).count() == 1
