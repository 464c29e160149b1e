"""A small help directory like the real one, entered through the real steps."""

from __future__ import annotations

from portal.dates import utcnow
from portal.extensions import db
from portal.help.models import HelpService
from portal.help.services import publish, save_service


def make_help_service(*, published: bool = True, **fields) -> HelpService:
    """A service saved (and indexed for search) as staff would, published unless told, and
    committed."""
    fields = {
        "kind": "charity",
        "summary": "A local service.",
        "phone": "01632 960000",
        **fields,
    }
    fields.setdefault("name", "A service")
    service = save_service(None, actor=None, now=utcnow(), **fields)
    if published:
        publish(service, actor=None, now=utcnow())
    db.session.commit()
    return service


SAMARITANS = "Samaritans"
NAS = "National Autistic Society helpline"
LOCAL_OFFER = "Bromley SEND Local Offer"
CHILD_PATHWAY = "Children's autism assessment pathway"
ADULT_PATHWAY = "Adult autism assessment service"
SENDIASS = "SEND information, advice and support service"
MONEY = "Bromley money and benefits advice"
FORUM = "Bromley Parent Carer Forum"
YOUTH_CLUB = "Spectrum youth club"


def make_directory() -> None:
    """Nine published services and a draft, as staff would enter them."""
    make_help_service(
        kind="crisis",
        name=SAMARITANS,
        summary="Talk to someone about anything that is upsetting you, any time.",
        who_for="Anyone who is struggling to cope",
        area="UK-wide",
        phone="116 123",
        opening_hours="Any time, day or night",
    )
    make_help_service(
        kind="helpline",
        name=NAS,
        summary="Information and advice about autism: diagnosis, education and benefits.",
        who_for="Autistic people of any age, their families and carers",
        area="UK-wide",
    )
    make_help_service(
        kind="local-offer",
        name=LOCAL_OFFER,
        summary="What the council and local services offer children with SEND.",
        details="How to ask for an Education, Health and Care needs assessment (EHCP), and "
        "short breaks.",
        who_for="Children and young people with SEND and their families",
        age_to=25,
        area="Bromley",
    )
    make_help_service(
        kind="diagnosis",
        name=CHILD_PATHWAY,
        summary="Assessment for children who may be autistic. Your GP or school can refer you.",
        who_for="Children registered with a Bromley GP",
        age_to=18,
        area="Bromley",
    )
    make_help_service(
        kind="diagnosis",
        name=ADULT_PATHWAY,
        summary="Assessment for adults who think they may be autistic.",
        who_for="Adults registered with a Bromley GP",
        age_from=18,
        area="Bromley",
    )
    make_help_service(
        kind="school",
        name=SENDIASS,
        summary="Free, impartial advice about support at school and EHC plans.",
        who_for="Parents and carers, children and young people",
        age_to=25,
        area="Bromley",
    )
    make_help_service(
        kind="benefits",
        name=MONEY,
        summary="Free help to check what you can claim and fill in forms such as PIP and DLA.",
        who_for="Anyone living in Bromley",
        area="Bromley",
        opening_hours="Monday, Wednesday and Friday",
    )
    make_help_service(
        kind="charity",
        name=FORUM,
        summary="Parents and carers of children with SEND who meet and share what works.",
        details="Coffee mornings each month.",
        who_for="Parents and carers",
        age_to=25,
        area="Bromley",
    )
    make_help_service(
        kind="charity",
        name=YOUTH_CLUB,
        summary="A calm Friday evening club where autistic teenagers make friends.",
        who_for="Autistic young people",
        age_from=11,
        age_to=19,
        area="Bromley",
        opening_hours="Fridays in term time",
    )
    make_help_service(name="A draft nobody sees", summary="Benefits and crisis.", published=False)
