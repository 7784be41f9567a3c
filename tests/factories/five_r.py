"""5R mentoring: programs, their participants and activities, audits and red tags.

Audits are scored on the checklist the migrations install (checklists are data, never built
here); a submitted audit is answered and submitted through the services, so it has its scores
and its corrective actions like any other."""

from datetime import date, timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from rantai.five_r import checklists, services
from rantai.five_r.models import Activity, Audit, Participation, Program, RedTag
from tests.factories.accounts import UserFactory
from tests.factories.firms import FirmFactory

FIRST_VISIT = timedelta(days=3)  # the baseline audit, three days into a program


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


class ProgramFactory(DjangoModelFactory):
    """A 5R program of Kabupaten Tegal in September 2022; ``mentors=[...]`` and
    ``participants=[firm, ...]`` (through ``services.set_participants``) fill it."""

    class Meta:
        model = Program
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Pendampingan 5R Tegal angkatan {n + 1}")
    organiser = factory.SubFactory(FirmFactory, agency=True)
    region_id = "33.28"
    starts_on = date(2022, 9, 9)
    ends_on = date(2022, 10, 3)
    template = factory.LazyFunction(checklists.load_default)

    @factory.post_generation
    def mentors(program, create, extracted, **kwargs):
        if create and extracted:
            program.mentors.set(extracted)

    @factory.post_generation
    def participants(program, create, extracted, **kwargs):
        if create and extracted:
            services.set_participants(program=program, firms=extracted)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    program = factory.SubFactory(ProgramFactory)
    firm = factory.SubFactory(FirmFactory)


class ActivityFactory(DjangoModelFactory):
    """The program's opening workshop; ``visit`` makes it a mentor's field visit to a firm."""

    class Meta:
        model = Activity

    class Params:
        visit = factory.Trait(
            kind=Activity.Kind.FIELD_VISIT,
            title="Kunjungan lapangan",
            date=factory.LazyAttribute(lambda a: a.program.starts_on + FIRST_VISIT),
            firm=factory.SubFactory(FirmFactory),
            mentor=factory.SubFactory(UserFactory),
        )

    program = factory.SubFactory(ProgramFactory)
    kind = Activity.Kind.WORKSHOP
    title = "Pembekalan materi 5R"
    date = factory.LazyAttribute(lambda a: a.program.starts_on)
    place = "LIK Takaru, Kramat"


def _first_day(audit) -> date:
    return audit.program.starts_on + FIRST_VISIT if audit.program else timezone.localdate()


def _submit(audit: Audit, create: bool, extracted, score=3, low_codes=(), na_codes=()):
    """Answer every item as ``fill`` does (``submit__score=2``, ``submit__low_codes=(...)``)
    and submit the audit as its first auditor."""
    if not create:
        return
    auditor = audit.auditors.first()
    fill(audit, services.items_of(audit.template), auditor, score, low_codes, na_codes)
    services.submit(audit=audit, user=auditor)
    audit.refresh_from_db()


class AuditFactory(DjangoModelFactory):
    """A draft audit of a firm's production floor, as ``services.start_audit`` starts one: on
    the program's checklist (or the shipped one), three days into the program (or today), with
    its auditors (``auditors=[...]``, else a new user). ``submitted`` answers every item and
    submits it through the services."""

    class Meta:
        model = Audit
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(submit=factory.PostGeneration(_submit))

    firm = factory.SubFactory(FirmFactory)
    program = None
    template = factory.LazyAttribute(
        lambda a: a.program.template if a.program else checklists.load_default()
    )
    area = "Lantai produksi"
    phase = Audit.Phase.BASELINE
    date = factory.LazyAttribute(_first_day)

    @factory.post_generation
    def auditors(audit, create, extracted, **kwargs):
        if create:
            audit.auditors.set(extracted or [UserFactory()])


class RedTagFactory(DjangoModelFactory):
    class Meta:
        model = RedTag

    firm = factory.SubFactory(FirmFactory)
    area = "Gudang bahan baku"
    thing = "Dies press rusak"
    reason = "Tidak terpakai sejak 2019"
