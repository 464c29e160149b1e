"""Demo help directory: a dozen services a Bromley family might be pointed to.

National helplines are real and their numbers are theirs. Local services are examples: their
phone numbers are in Ofcom's 01632 960xxx range kept for drama, and their addresses are at
example.org, so nobody rings a real office by mistake.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from portal.extensions import db
from portal.help.models import HelpService
from portal.help.services import publish, save_service

SERVICES = [
    {
        "kind": "crisis",
        "name": "Samaritans",
        "summary": "Talk to someone about anything that is upsetting you, any time. Calls are "
        "free and you do not have to give your name.",
        "who_for": "Anyone who is struggling to cope, including parents and carers",
        "area": "UK-wide",
        "phone": "116 123",
        "email": "jo@samaritans.org",
        "website": "https://www.samaritans.org",
        "opening_hours": "Any time, day or night, every day of the year",
    },
    {
        "kind": "crisis",
        "name": "NHS 111, option 2: urgent mental health help",
        "summary": "Call 111 and choose option 2 to speak to a local NHS mental health team "
        "when you or someone you care for needs help urgently.",
        "details": "They can talk things through, arrange for someone to see you, or send "
        "help. In an emergency, or if a life is at risk, call 999.",
        "who_for": "Anyone of any age, or someone calling for them",
        "area": "UK-wide",
        "phone": "111",
        "website": "https://www.nhs.uk/nhs-services/mental-health-services/",
        "opening_hours": "Any time, day or night",
    },
    {
        "kind": "helpline",
        "name": "Childline",
        "summary": "Children and young people can talk to a counsellor about anything, by "
        "phone or online. Free and private.",
        "who_for": "Children and young people",
        "age_to": 18,
        "area": "UK-wide",
        "phone": "0800 1111",
        "website": "https://www.childline.org.uk",
        "opening_hours": "Any time, day or night",
    },
    {
        "kind": "helpline",
        "name": "National Autistic Society helpline",
        "summary": "Information and advice about autism for autistic people, families and "
        "professionals: diagnosis, education, benefits and everyday life.",
        "who_for": "Autistic people of any age, their families and carers",
        "area": "UK-wide",
        "phone": "0808 800 4104",
        "website": "https://www.autism.org.uk",
        "opening_hours": "Monday to Thursday 10am to 4pm, Friday 9am to 3pm",
    },
    {
        "kind": "benefits",
        "name": "Contact: help for families with disabled children",
        "summary": "Free advice on benefits such as Disability Living Allowance and Carer's "
        "Allowance, and on education and social care.",
        "who_for": "Parents and carers of disabled children, with or without a diagnosis",
        "age_to": 25,
        "area": "UK-wide",
        "phone": "0808 808 3555",
        "website": "https://contact.org.uk",
        "opening_hours": "Monday to Friday, 9:30am to 5pm",
    },
    {
        "kind": "local-offer",
        "name": "Bromley SEND Local Offer",
        "summary": "Everything the council and local services offer children and young people "
        "with special educational needs and disabilities (SEND), in one place.",
        "details": "Find out how to ask for an Education, Health and Care needs assessment "
        "(EHCP), what short breaks there are, and which clubs are open to your child.",
        "who_for": "Children and young people with SEND and their families in Bromley",
        "age_to": 25,
        "area": "Bromley",
        "phone": "01632 960001",
        "email": "localoffer@example.org",
        "website": "https://localoffer.example.org",
        "opening_hours": "Monday to Friday, 9am to 5pm",
    },
    {
        "kind": "diagnosis",
        "name": "Children's autism assessment pathway",
        "summary": "Assessment for children and young people who may be autistic. Your GP, "
        "health visitor or your child's school can refer you.",
        "details": "First you fill in a form about your child with their school. A team then "
        "meets you and your child, often more than once. Ask about what the waiting room "
        "and the visit will be like: the team can send photos before you come.\n\nYou do "
        "not need a diagnosis to get help at school or from this directory.",
        "who_for": "Children and young people registered with a Bromley GP",
        "age_to": 18,
        "area": "Bromley",
        "phone": "01632 960002",
        "email": "autism.assessment@example.org",
        "opening_hours": "Monday to Friday, 9am to 4:30pm",
    },
    {
        "kind": "diagnosis",
        "name": "Adult autism assessment service",
        "summary": "Assessment for adults who think they may be autistic, and support "
        "afterwards. Ask your GP to refer you.",
        "who_for": "Adults registered with a Bromley GP",
        "age_from": 18,
        "area": "Bromley",
        "phone": "01632 960003",
        "email": "adult.autism@example.org",
        "opening_hours": "Monday to Friday, 9am to 5pm",
    },
    {
        "kind": "school",
        "name": "SEND information, advice and support service (SENDIASS)",
        "summary": "Free, impartial advice about support at school, Education, Health and "
        "Care plans (EHCP), exclusions and appeals.",
        "who_for": "Parents and carers, children and young people with SEND",
        "age_to": 25,
        "area": "Bromley",
        "phone": "01632 960004",
        "email": "sendiass@example.org",
        "website": "https://sendiass.example.org",
        "opening_hours": "Monday to Friday, 9:30am to 4:30pm; answerphone at other times",
    },
    {
        "kind": "school",
        "name": "Early years inclusion team",
        "summary": "Help for nurseries, childminders and parents when a young child needs "
        "extra support to join in and learn.",
        "who_for": "Children under 5 and their families and nurseries",
        "age_to": 5,
        "area": "Bromley",
        "phone": "01632 960005",
        "email": "early.years@example.org",
        "opening_hours": "Monday to Friday, 9am to 5pm, in term time",
    },
    {
        "kind": "benefits",
        "name": "Bromley money and benefits advice",
        "summary": "Free help to check what you can claim, fill in forms such as PIP and "
        "DLA, and deal with debts.",
        "who_for": "Anyone living in Bromley",
        "area": "Bromley",
        "phone": "01632 960006",
        "email": "advice@example.org",
        "website": "https://advice.example.org",
        "opening_hours": "Monday, Wednesday and Friday, 10am to 3pm",
    },
    {
        "kind": "charity",
        "name": "Bromley Parent Carer Forum",
        "summary": "Parents and carers of children with SEND who meet, share what works and "
        "tell the council and the NHS what families need.",
        "details": "Coffee mornings each month, talks from local services, and a newsletter. "
        "Come along once, or join in more.",
        "who_for": "Parents and carers of children and young people with SEND",
        "age_to": 25,
        "area": "Bromley",
        "phone": "01632 960007",
        "email": "forum@example.org",
        "website": "https://parentforum.example.org",
        "opening_hours": "Phone answered Tuesday and Thursday mornings",
    },
    {
        "kind": "charity",
        "name": "Spectrum youth club",
        "summary": "A calm Friday evening club where autistic young people play games, make "
        "things and make friends. Quiet room always open.",
        "who_for": "Autistic young people",
        "age_from": 11,
        "age_to": 19,
        "area": "Bromley",
        "phone": "01632 960008",
        "email": "youthclub@example.org",
        "opening_hours": "Fridays in term time, 6pm to 8pm",
    },
]
# Two whose review falls due soon, so the staff console has something to show.
DUE_SOON = {"Early years inclusion team": 5, "Spectrum youth club": 20}


def load_demo_help(staff, now: datetime) -> list[str]:
    """Publish the demo services, unless the directory already has some."""
    if db.session.scalar(select(HelpService.id).limit(1)) is not None:
        return ["  Help directory: already loaded"]
    for fields in SERVICES:
        service = save_service(None, actor=staff, now=now, **fields)
        publish(service, actor=staff, now=now)
        if service.name in DUE_SOON:
            service.review_due = (now + timedelta(days=DUE_SOON[service.name])).date()
    return [f"  Help directory: {len(SERVICES)} services, {len(DUE_SOON)} due for review soon"]
