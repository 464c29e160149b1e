"""Word pools and shares: what the scale data set is made of."""

from __future__ import annotations

from portal.demo.events import RUNNING_ORDER
from portal.events.models import (
    Audience,
    EventKind,
)
from portal.library.models import ItemKind, ItemStatus

# -- Word pools -------------------------------------------------------------------------------

# fmt: off
FIRST = [
    "Priya", "Tom", "Sam", "Alex", "Jo", "Chris", "Aisha", "Ben", "Chloe", "Daniel", "Emma",
    "Fatima", "Grace", "Harry", "Isla", "Jack", "Kemi", "Leah", "Mohammed", "Nadia", "Olivia",
    "Patrick", "Ruby", "Sophie", "Tariq", "Uma", "Victor", "Wendy", "Yusuf", "Zoe", "Amara",
    "Callum", "Deepa", "Ellie", "Femi", "Hannah", "Imran", "Jade", "Kwame", "Laura", "Maya",
    "Noah", "Oscar", "Rosa", "Sean", "Tessa",
]
LAST = [
    "Shah", "Okafor", "Whitfield", "Morgan", "Smith", "Jones", "Taylor", "Brown", "Williams",
    "Wilson", "Patel", "Khan", "Begum", "Adeyemi", "Murphy", "Kelly", "Walker", "Wright",
    "Green", "Hall", "Clarke", "Evans", "Hughes", "Edwards", "Kowalski", "Nowak", "Mensah",
    "Osei", "Ali", "Hussain", "Chen", "Wong", "Singh", "Kaur", "Fraser", "Reid", "Campbell",
    "Lewis", "Hill", "Baker",
]
# fmt: on
# Postcode district -> (town, streets), for the parts of the borough where businesses are.
TOWNS = {
    "BR1": ("Bromley", ["High Street", "Market Square", "East Street", "Widmore Road"]),
    "BR2": ("Hayes", ["Hayes Street", "Station Approach", "Baston Road", "Westmoreland Road"]),
    "BR3": ("Beckenham", ["High Street", "Croydon Road", "Kelsey Park Road", "Rectory Road"]),
    "BR4": ("West Wickham", ["High Street", "Station Road", "Glebe Way", "Red Lodge Road"]),
    "BR5": ("Petts Wood", ["Station Square", "Queensway", "Petts Wood Road", "Crescent Drive"]),
    "BR6": ("Orpington", ["High Street", "Station Road", "Crofton Road", "Sevenoaks Road"]),
    "BR7": ("Chislehurst", ["High Street", "Royal Parade", "Red Hill", "Willow Grove"]),
    "SE20": ("Penge", ["High Street", "Maple Road", "Anerley Road", "Green Lane"]),
    "TN16": ("Biggin Hill", ["Main Road", "Church Road", "Jail Lane"]),
}
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
SECTORS = {
    "Café": ["Café", "Coffee House", "Tea Room", "Kitchen"],
    "Supermarket": ["Food Store", "Supermarket", "Local", "Grocers"],
    "Hairdresser": ["Hair Studio", "Barbers", "Salon", "Cuts"],
    "Dentist": ["Dental Practice", "Family Dental", "Dental Care"],
    "Pharmacy": ["Pharmacy", "Chemist"],
    "Library": ["Library"],
    "Leisure centre": ["Leisure Centre", "Swimming Pool", "Soft Play"],
    "Restaurant": ["Pizzeria", "Diner", "Noodle Bar", "Bistro"],
    "Shop": ["Bookshop", "Toy Shop", "Shoe Shop", "Hardware", "Gift Shop"],
    "GP surgery": ["Medical Centre", "Surgery"],
    "Cinema": ["Picture House", "Cinema"],
}
HOURS = [
    "Monday to Saturday, 9am to 5:30pm",
    "Every day, 8am to 10pm",
    "Monday to Friday, 8:30am to 6pm; Saturday 9am to 1pm",
    "Tuesday to Sunday, 10am to 4pm",
]
ADJECTIVES = ["Green", "Little", "Corner", "Old", "Village", "Red", "Friendly", "Park"]
# Scenarios for a business's pledges, with their share of businesses (at least one each).
PLEDGE_SCENARIOS = {
    "live": 0.42,
    "renewed": 0.10,  # a replaced pledge, then a live one
    "renewing": 0.05,  # a live pledge and a renewal waiting for review
    "expired": 0.10,
    "submitted": 0.08,
    "changes-requested": 0.06,
    "draft": 0.14,
    "declined": 0.05,
}

VENUE_LIST = [
    ("Bromley Civic Centre, training room", "Stockwell Close, Bromley", "BR1 3UH"),
    ("Beckenham Public Hall", "Bromley Road, Beckenham", "BR3 5JE"),
    ("Orpington Methodist Church hall", "Sevenoaks Road, Orpington", "BR6 9JH"),
    ("Penge Congregational Church hall", "High Street, Penge", "SE20 7HW"),
    ("West Wickham Library, community room", "Glebe Way, West Wickham", "BR4 0SH"),
    ("Chislehurst Library, meeting room", "Red Hill, Chislehurst", "BR7 5PS"),
    ("Mottingham Community Centre", "Kimmeridge Road, Mottingham", "SE9 4DZ"),
    ("Biggin Hill Library, meeting room", "Church Road, Biggin Hill", "TN16 3LB"),
    ("Petts Wood Memorial Hall", "Petts Wood Road, Petts Wood", "BR5 1LF"),
    ("Cotmandene Community Resource Centre", "Cotmandene Crescent, St Paul's Cray", "BR5 2RE"),
    ("Hayes Village Hall", "Hayes Street, Hayes", "BR2 7LG"),
    ("Bromley FC community suite", "Hayes Lane, Bromley", "BR2 9EF"),
    ("Anerley Town Hall, Room 3", "Anerley Road, Anerley", "SE20 8BD"),
    ("Orpington College training suite", "The Walnuts, Orpington", "BR6 0TE"),
    ("The Churchill Theatre rehearsal room", "High Street, Bromley", "BR1 1HA"),
    ("Crystal Palace Park, the Hub", "Thicket Road, Penge", "SE20 8DT"),
]
LIGHTING = [
    "Soft, warm lights. No flashing lights.",
    "Bright ceiling lights. We can turn half of them off: just ask.",
    "Big windows and daylight. Blinds if the sun is in your eyes.",
]
NOISE = [
    "Quiet most of the time. Some scenes have raised voices for a short while.",
    "Quiet. You may hear the lift and people passing the door.",
    "Chatty when everyone arrives, then calmer. Ear defenders are on the table.",
]
QUIET_SPACE = [
    "A quiet room next door, always open.",
    "A corner with beanbags behind a screen.",
    "A small side room. Ask anyone in a purple T-shirt.",
]
STEP_FREE = [
    "Step-free from the street, with a lift.",
    "One small step at the door; a ramp is there on request.",
    "Step-free throughout.",
]
TRANSPORT = [
    "The station is 5 minutes' walk.",
    "Buses stop outside.",
    "A 10-minute walk from the station.",
]

# title, audience, kind, capacity range, minutes, weight, summary
SESSION_TYPES = [
    (
        "Through their eyes: a day out at the shops",
        Audience.PARENTS,
        EventKind.THEATRE,
        (24, 40),
        120,
        14,
        "Actors play out a trip to the shops, so you can feel what your child might feel.",
    ),
    (
        "Quiet session: through their eyes",
        Audience.PARENTS,
        EventKind.THEATRE,
        (8, 12),
        120,
        4,
        "A low-stimulus session with fewer people and quieter scenes.",
    ),
    (
        "Understanding autism in the classroom",
        Audience.PROFESSIONALS,
        EventKind.THEATRE,
        (30, 60),
        150,
        10,
        "For teachers, teaching assistants and school office staff.",
    ),
    (
        "Autism awareness for school staff: training day",
        Audience.PROFESSIONALS,
        EventKind.WORKSHOP,
        (60, 150),
        300,
        2,
        "A whole day for school staff across the borough, with the theatre company.",
    ),
    (
        "Autism-friendly customer service",
        Audience.BUSINESSES,
        EventKind.THEATRE,
        (20, 36),
        120,
        8,
        "For shop and café staff: what a hard moment at the till looks like, and how to help.",
    ),
    (
        "Starting a quiet hour",
        Audience.BUSINESSES,
        EventKind.WORKSHOP,
        (12, 24),
        90,
        4,
        "For managers: how other Bromley shops run a quiet hour, step by step.",
    ),
    (
        "Parent-led coffee morning",
        Audience.PARENTS,
        EventKind.PEER_SUPPORT,
        (24, 45),
        90,
        14,
        "Meet other Bromley parents and carers. Run by a local parent. Just come for a chat.",
    ),
    (
        "Dads' and male carers' evening",
        Audience.PARENTS,
        EventKind.PEER_SUPPORT,
        (10, 20),
        90,
        4,
        "An evening meet-up for dads and male carers, in a quiet room.",
    ),
    (
        "Sleep: what helps",
        Audience.PARENTS,
        EventKind.WORKSHOP,
        (20, 36),
        120,
        6,
        "Ideas that Bromley families have tried for bedtimes and nights.",
    ),
    (
        "After the diagnosis: first steps",
        Audience.PARENTS,
        EventKind.WORKSHOP,
        (20, 36),
        150,
        6,
        "What the diagnosis means, who can help, and what to do first.",
    ),
    (
        "Feeling ready for secondary school",
        Audience.YOUNG_PEOPLE,
        EventKind.WORKSHOP,
        (10, 16),
        120,
        5,
        "For autistic young people aged 10 to 12 and a parent or carer.",
    ),
    (
        "Saturday games club",
        Audience.YOUNG_PEOPLE,
        EventKind.PEER_SUPPORT,
        (12, 24),
        120,
        5,
        "Board games and video games in a calm room. Come with a parent or carer.",
    ),
    (
        "Reasonable adjustments in health care",
        Audience.PROFESSIONALS,
        EventKind.WORKSHOP,
        (24, 48),
        180,
        5,
        "For GP receptionists, nurses and dental staff.",
    ),
]
# fraction of the session, title, detail, intense
WORKSHOP_ORDER = [
    (0.0, "Arrive and settle in", "Tea and squash. There is no rush.", False),
    (0.1, "Welcome", "What we will cover, and where the quiet room is.", False),
    (0.25, "Part 1: listening", "A short talk with slides. No videos with loud sound.", False),
    (0.45, "Break", "Fifteen minutes. The quiet room is open.", False),
    (0.55, "Part 2: trying it out", "In small groups. You can listen without speaking.", False),
    (0.85, "Questions and what next", "Take home a leaflet made by Bromley parents.", False),
]
MEETUP_ORDER = [
    (0.0, "Arrive", "Find a seat anywhere. Hot drinks on the side.", False),
    (0.15, "Hello round", "Say your first name if you want to. Nobody has to speak.", False),
    (0.3, "Chat", "Talk in small groups, or just listen.", False),
    (0.55, "A short talk", "A local parent or a visitor talks for ten minutes.", False),
    (0.9, "Close", "The next date, and who to ask for help.", False),
]
THEATRE_ORDER = [(m / 120, t, d, i) for m, t, d, i in RUNNING_ORDER]
ORDERS = {
    EventKind.THEATRE: THEATRE_ORDER,
    EventKind.WORKSHOP: WORKSHOP_ORDER,
    EventKind.PEER_SUPPORT: MEETUP_ORDER,
}
CANCEL_REASONS = [
    "Two of the actors are unwell, so the session cannot go ahead.",
    "The venue has a heating fault and is closed that day.",
    "Too few people could come on this date; the next session is in two weeks.",
]
HELPED = [
    "Knowing what would happen, in order.",
    "The quiet room, and that nobody minded when I used it.",
    "Seeing the supermarket scene: now I understand my son's meltdowns at the till.",
    "Meeting other parents who just get it.",
    "Practical ideas I could use the next day.",
]
BETTER = ["", "", "A bit more time for questions.", "The room was warm.", "Later start time."]
NOTES = ["", "", "My daughter may need to leave for a few minutes.", "Please seat us near a door."]

SUBJECTS = [
    ("Sleep", "sleep, routines"),
    ("Eating and mealtimes", "eating, sensory"),
    ("Starting school", "school, transitions"),
    ("Meltdowns and shutdowns", "behaviour, sensory"),
    ("A visit to the dentist", "health, visits"),
    ("Getting a haircut", "visits, sensory"),
    ("Going on holiday", "travel, transitions"),
    ("Friendships", "social, school"),
    ("Brothers and sisters", "family"),
    ("After the diagnosis", "getting started, support"),
    ("Growing up and puberty", "health, teenagers"),
    ("Worry and anxiety", "wellbeing"),
    ("Changes to routine", "routines, transitions"),
    ("Busy shops", "shops, sensory"),
    ("Buses and trains", "travel"),
    ("Noise and crowds", "sensory"),
    ("Talking and listening", "communication"),
    ("Finding work", "employment, adults"),
    ("Money and benefits", "support, money"),
    ("EHC plans", "school, support"),
    ("Play dates", "social, play"),
    ("Screens and games", "play, routines"),
    ("Clothes and labels", "sensory"),
    ("Moving to secondary school", "school, transitions"),
    ("Parties and celebrations", "social, family"),
    ("Doctors and hospitals", "health, visits"),
    ("Swimming and sport", "leisure, sensory"),
    ("Looking after yourself as a parent", "wellbeing, support"),
]
ANGLES = {
    ItemKind.FILM: ["what parents say", "a young person's view", "one family's story", "tips"],
    ItemKind.LEAFLET: ["a guide for parents", "for teachers", "what helps", "help in Bromley"],
    ItemKind.GUIDE: ["step by step", "a practical guide", "for grandparents", "for staff"],
    ItemKind.VISUAL_STORY: ["the waiting room", "the front door", "the day itself", "going home"],
}
KIND_SHARES = {
    ItemKind.FILM: 0.35,
    ItemKind.LEAFLET: 0.35,
    ItemKind.GUIDE: 0.2,
    ItemKind.VISUAL_STORY: 0.1,
}
ITEM_STATUS_SHARES = {ItemStatus.PUBLISHED: 0.85, ItemStatus.DRAFT: 0.08, ItemStatus.ARCHIVED: 0.07}
SENTENCES = [
    "A visual timetable on the fridge shows what happens next.",
    "We count down before every change, so nothing comes as a surprise.",
    "Ear defenders live in the bag by the front door.",
    "A quiet hour at the supermarket made Saturday shopping possible again.",
    "Our son's teacher now gives him a five-minute warning before the bell.",
    "When it gets too much, we find somewhere calm and wait together.",
    "Social stories helped her understand what the day would look like.",
    "We asked for a seat near the exit, and it made all the difference.",
    "Other parents at the coffee morning told us about the sunflower lanyard.",
    "Sometimes the best thing to do is say less and wait.",
]
AUDIENCES = ["Parents and carers", "Professionals", "Young people", "Businesses"]
AGE_BANDS = ["", "Under 5", "5 to 11", "11 to 16", "16 to 25", "All ages"]
ALT_FORMATS = [("Easy read", "English"), ("Large print", "English"), ("Translation", "Polish")]
