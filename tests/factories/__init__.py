"""factory_boy factories, one module per app; everything is importable from here."""

from tests.factories.accounts import (
    AccessRequestFactory,
    InvitationFactory,
    MembershipFactory,
    TokenFactory,
    UserFactory,
)
from tests.factories.calloffs import CallOffFactory
from tests.factories.core import JobFactory
from tests.factories.estates import (
    ApplicationFactory,
    AssetFactory,
    BookingFactory,
    EstateFactory,
    LeaseFactory,
    UnitFactory,
    UnitTypeFactory,
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
from tests.factories.inbox import NotificationFactory
from tests.factories.insights import SnapshotFactory
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
from tests.factories.ops import ScheduledJobFactory
from tests.factories.partnerships import (
    DeliveryFactory,
    DocumentFactory,
    OrderFactory,
    OrderLineFactory,
    PartnershipFactory,
    ScorecardFactory,
    ScoreRecordFactory,
    SupplyLinkFactory,
    pdf_upload,
    sign_and_activate,
)
from tests.factories.reference import DAMPYAK, SLAWI_WETAN, SUNTER_JAYA, place
from tests.factories.shipping import ShippingNoticeFactory, ShippingNoticeLineFactory
from tests.factories.webhooks import (
    EndpointFactory,
    WebhookAttemptFactory,
    WebhookDeliveryFactory,
)

__all__ = [
    "DAMPYAK",
    "SLAWI_WETAN",
    "SUNTER_JAYA",
    "AccessRequestFactory",
    "ActivityFactory",
    "ApplicationFactory",
    "AssetFactory",
    "AttachmentFactory",
    "AuditFactory",
    "BookingFactory",
    "CallOffFactory",
    "CapabilityFactory",
    "CertificationFactory",
    "ContactFactory",
    "CooperativeMembershipFactory",
    "DeliveryFactory",
    "DocumentFactory",
    "EndpointFactory",
    "EstateFactory",
    "EventFactory",
    "FirmFactory",
    "IndustryYearFactory",
    "InvitationFactory",
    "JobFactory",
    "LeaseFactory",
    "MachineFactory",
    "MeetingFactory",
    "MeetingRequestFactory",
    "MembershipFactory",
    "NeedFactory",
    "NotificationFactory",
    "OrderFactory",
    "OrderLineFactory",
    "ParticipationFactory",
    "PartnershipFactory",
    "ProgramFactory",
    "RawMaterialFactory",
    "RedTagFactory",
    "RegistrationFactory",
    "ScheduledJobFactory",
    "ScoreRecordFactory",
    "ScorecardFactory",
    "SessionFactory",
    "ShippingNoticeFactory",
    "ShippingNoticeLineFactory",
    "SnapshotFactory",
    "SupplyLinkFactory",
    "SurveyResponseFactory",
    "TokenFactory",
    "UnitFactory",
    "UnitTypeFactory",
    "UserFactory",
    "WebhookAttemptFactory",
    "WebhookDeliveryFactory",
    "fill",
    "pdf_upload",
    "place",
    "sign_and_activate",
]
