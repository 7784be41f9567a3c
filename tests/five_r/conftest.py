import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rantai.accounts.models import Role
from rantai.five_r import checklists, services
from rantai.five_r.models import Audit, AuditTemplate, Item, Participation, Program
from tests.factories import MembershipFactory, UserFactory


@dataclass
class FiveR:
    template: AuditTemplate
    program: Program
    items: list
    other_mentor: object


@pytest.fixture
def five_r(world) -> FiveR:
    return make_program(world)


def make_program(world) -> FiveR:
    """A Tegal program mentored by the 'mentor' persona, with firms A and B taking part."""
    template = checklists.load_default()
    program = Program.objects.create(
        name="Pendampingan 5R Tegal",
        organiser=world.ministry,
        region_id="33.28",
        starts_on=date(2022, 9, 9),
        ends_on=date(2022, 10, 3),
        template=template,
    )
    program.mentors.set([world.user("mentor")])
    for firm in (world.firm_a, world.firm_b):
        Participation.objects.create(program=program, firm=firm)
    other = UserFactory(username="other_mentor")
    MembershipFactory(user=other, organisation=world.ministry, role=Role.MENTOR)
    items = list(Item.objects.filter(section__template=template).select_related("section"))
    return FiveR(template, program, items, other)


def fill(audit: Audit, items, user, score=3, low_codes=(), na_codes=()):
    """Answer every item: ``score``, 0 for ``low_codes``, N/A for ``na_codes``."""
    for item in items:
        if item.code in na_codes:
            services.save_answer(audit=audit, item=item, score=None, not_applicable=True, user=user)
        else:
            services.save_answer(
                audit=audit,
                item=item,
                score=0 if item.code in low_codes else score,
                comment="Skrap menumpuk" if item.code in low_codes else "",
                user=user,
            )


@pytest.fixture
def audit_of_a(world, five_r) -> Audit:
    return make_audit(world, five_r)


def make_audit(world, five_r, phase=Audit.Phase.BASELINE) -> Audit:
    """A draft audit of firm A by the mentor."""
    return services.start_audit(
        firm=world.firm_a,
        template=five_r.template,
        area="Lantai produksi",
        phase=phase,
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
        user=world.user("mentor"),
    )


def jpeg(width=800, height=600, exif=None, colour=(200, 30, 30)) -> SimpleUploadedFile:
    picture = Image.new("RGB", (width, height), colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif or Image.Exif())
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
