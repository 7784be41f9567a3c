import io
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rantai.accounts.models import Role
from rantai.five_r import checklists, services
from rantai.five_r.models import Audit, AuditTemplate, Program
from tests.factories import AuditFactory, MembershipFactory, ProgramFactory, UserFactory


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
    program = ProgramFactory(
        name="Pendampingan 5R Tegal",
        organiser=world.ministry,
        region_id="33.28",
        starts_on=date(2022, 9, 9),
        ends_on=date(2022, 10, 3),
        template=checklists.load_default(),
        mentors=[world.user("mentor")],
        participants=[world.firm_a, world.firm_b],
    )
    other = UserFactory(username="other_mentor")
    MembershipFactory(user=other, organisation=world.ministry, role=Role.MENTOR)
    return FiveR(program.template, program, services.items_of(program.template), other)


@pytest.fixture
def audit_of_a(world, five_r) -> Audit:
    """A draft audit of firm A by the mentor."""
    return AuditFactory(
        firm=world.firm_a,
        program=five_r.program,
        area="Lantai produksi",
        phase=Audit.Phase.BASELINE,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
    )


def jpeg(width=800, height=600, exif=None, colour=(200, 30, 30)) -> SimpleUploadedFile:
    picture = Image.new("RGB", (width, height), colour)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif or Image.Exif())
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")
