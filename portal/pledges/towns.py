"""Which town a business is in, from its postcode district, for the directory's town filter.

Where this comes from: the London Borough of Bromley is covered mostly by the BR postcode
area, whose post towns are Bromley, Beckenham, Chislehurst, Keston, Orpington, Swanley and
West Wickham (Royal Mail post towns, as listed on Wikipedia's "BR postcode area" and "List of
post towns in the United Kingdom"), plus the edges of other areas: SE20 (Penge and Anerley,
wholly in the borough), and parts of SE19 (Crystal Palace), SE26 (Sydenham), SE9 (Mottingham),
SE12 (Grove Park), TN16 (Biggin Hill) and TN14 (Cudham). We name each district after the place
families would call it, which for BR districts is the post town.

Its limits: a district is the smallest unit we map, and districts do not follow town or borough
boundaries. BR2 is "Bromley" although it also covers Hayes, Keston and Shortlands; BR5 and BR6
are both "Orpington", which includes Petts Wood, St Mary Cray and Farnborough; SE9, SE12, SE19
and SE26 are mostly in Greenwich, Lewisham, Croydon, Lambeth or Southwark, and BR8 (Swanley)
is in Kent: a business there is shown under the name of the part near Bromley. A district not
listed here (a business just over the border) is shown by its district, as "SE6".
"""

from __future__ import annotations

TOWN_OF_DISTRICT = {
    "BR1": "Bromley",
    "BR2": "Bromley",
    "BR3": "Beckenham",
    "BR4": "West Wickham",
    "BR5": "Orpington",
    "BR6": "Orpington",
    "BR7": "Chislehurst",
    "BR8": "Swanley",
    "SE9": "Mottingham",
    "SE12": "Grove Park",
    "SE19": "Crystal Palace",
    "SE20": "Penge",
    "SE26": "Sydenham",
    "TN14": "Cudham",
    "TN16": "Biggin Hill",
}


def town_of(district: str) -> str:
    """The town a postcode district is in ("BR3" -> "Beckenham"), or the district itself."""
    district = (district or "").strip().upper()
    return TOWN_OF_DISTRICT.get(district, district)


def districts_of(town: str, known: list[str]) -> list[str]:
    """The districts among `known` that make up `town` (a district stands for itself)."""
    return [district for district in known if town_of(district) == town]


def towns_of(districts: list[str]) -> list[str]:
    """The towns these districts are in, once each, in alphabetical order."""
    return sorted({town_of(district) for district in districts if district})
