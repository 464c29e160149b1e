"""The commitments a business can make, as first offered. Staff can change them later."""

DEFAULT_COMMITMENTS = [
    (
        "training",
        "Customer-facing staff complete autism awareness training",
        "Everyone who serves customers learns what a hard moment can look like and how to help.",
        "The number of customer-facing staff and how many have been trained.",
        "training",
    ),
    (
        "quiet-hour",
        "A weekly quiet hour",
        "Lights down, music off, tills and announcements quiet, at the same time every week.",
        "The day and time of the quiet hour.",
        "quiet-hour",
    ),
    (
        "quiet-space",
        "A quiet space on request",
        "Somewhere calm to sit for a few minutes, without having to explain why.",
        "Where the space is and how to ask for it.",
        "plain",
    ),
    (
        "sunflower",
        "Staff recognise the Sunflower lanyard and autism alert cards",
        "Staff know the Hidden Disabilities Sunflower and alert cards, and offer extra time.",
        "Briefing notes or training records.",
        "plain",
    ),
    (
        "visual-story",
        "A visual story or sensory guide of the premises",
        "Photos and plain words showing the way in, what it is like inside, and where to go.",
        "Photos of the premises with plain words about each one.",
        "photos",
    ),
    (
        "champion",
        "A named autism champion",
        "One person families can ask for, who makes sure the pledge is kept.",
        "The champion's name or role.",
        "plain",
    ),
    (
        "flexible-queuing",
        "Flexible queuing",
        "Families who find waiting hard can wait somewhere calmer and keep their place.",
        "How customers ask for it.",
        "plain",
    ),
]
