"""factory_boy factories, one module per app; everything is importable from here."""

from tests.factories.accounts import (
    InvitationFactory,
    MembershipFactory,
    TokenFactory,
    UserFactory,
)
from tests.factories.firms import (
    CapabilityFactory,
    CertificationFactory,
    ContactFactory,
    CooperativeMembershipFactory,
    FirmFactory,
    IndustryYearFactory,
    MachineFactory,
    RawMaterialFactory,
)
from tests.factories.five_r import (
    ActivityFactory,
    AuditFactory,
    ParticipationFactory,
    ProgramFactory,
    RedTagFactory,
    fill,
)
from tests.factories.matchmaking import (
    AttachmentFactory,
    EventFactory,
    MeetingFactory,
    MeetingRequestFactory,
    NeedFactory,
    RegistrationFactory,
    SessionFactory,
    SurveyResponseFactory,
)
from tests.factories.reference import DAMPYAK, SLAWI_WETAN, SUNTER_JAYA, place

__all__ = [
    "DAMPYAK",
    "SLAWI_WETAN",
    "SUNTER_JAYA",
    "ActivityFactory",
    "AttachmentFactory",
    "AuditFactory",
    "CapabilityFactory",
    "CertificationFactory",
    "ContactFactory",
    "CooperativeMembershipFactory",
    "EventFactory",
    "FirmFactory",
    "IndustryYearFactory",
    "InvitationFactory",
    "MachineFactory",
    "MeetingFactory",
    "MeetingRequestFactory",
    "MembershipFactory",
    "NeedFactory",
    "ParticipationFactory",
    "ProgramFactory",
    "RawMaterialFactory",
    "RedTagFactory",
    "RegistrationFactory",
    "SessionFactory",
    "SurveyResponseFactory",
    "TokenFactory",
    "UserFactory",
    "fill",
    "place",
]
