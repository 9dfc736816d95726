"""Fictional people and places of the demo forces' areas: Northshire, Eastmere, Westvale.

The surnames are invented or rare, the towns do not exist, and contact details use the
ranges set aside for fiction and documentation (Ofcom's 07700 900xxx and 01632 960xxx
numbers, the example.com/.org/.net domains, postcode areas no real address has), so
nothing seeded can reach a real person.
"""

from __future__ import annotations

from dataclasses import dataclass

# fmt: off
GIVEN_NAMES = (
    "Aisha", "Alfie", "Amara", "Amelia", "Arjun", "Ava", "Bartek", "Bethany", "Callum",
    "Chloe", "Connor", "Daniel", "Deborah", "Declan", "Ebony", "Eleanor", "Elliot", "Fatima",
    "Finley", "Florence", "Gareth", "Grace", "Hamza", "Harriet", "Harvey", "Imogen", "Isaac",
    "Jasmine", "Jayden", "Joanne", "Kai", "Kamala", "Kerry", "Kofi", "Laila", "Leon", "Lewis",
    "Lucy", "Maja", "Marcus", "Maryam", "Megan", "Mohammed", "Nadia", "Nathan", "Niamh",
    "Oliver", "Olumide", "Paige", "Patrick", "Poppy", "Priya", "Rhys", "Rosa", "Ruby",
    "Ryan", "Saanvi", "Samuel", "Sandeep", "Sian", "Sophie", "Stanislaw", "Tariq", "Theo",
    "Tomasz", "Usman", "Valentina", "Wendy", "Yusuf", "Zara", "Zofia", "Graham", "Pauline",
    "Trevor", "Maureen", "Keith", "Sandra", "Colin", "Beverley",
)

FAMILY_NAMES = (
    "Ashcombe", "Ashdown-Reeve", "Bakshi-Lowe", "Blackthorne", "Brackley", "Brindlecombe",
    "Caldermoor", "Carraway", "Coldbrook", "Cresswick", "Dunholme", "Edgeworth-Amadi",
    "Elmstead", "Farnaby", "Fenwright", "Fernsby", "Gallowmere", "Greymoor", "Hallorand",
    "Hartwell", "Hazelgrove", "Hollinsby", "Inchcombe", "Jessop-Okafor", "Kestleton",
    "Kilbride-Shah", "Larkstone", "Lindqvist-Moore", "Marchbank", "Merrivale", "Morrowfield",
    "Nettleford", "Northam-Kaur", "Oakhurst", "Okonkwo-Dale", "Pemberley", "Penhallow",
    "Quarrington", "Ravensworth", "Redfearn", "Ridgely", "Rookwood", "Saltmarsh", "Sedgewick",
    "Silverdale-Khan", "Stonebridge", "Sutterby", "Tamberlane", "Thistlewood", "Thornbury",
    "Underhill", "Vantongeren", "Wainscott", "Warrender", "Whitlock-Nguyen", "Wildersmoor",
    "Winterbourne", "Wrenfield", "Yarrowby", "Zelinski-Hart", "Achterberg", "Bellweather",
    "Copperfield-Ade", "Duskwood", "Eversleigh", "Foxcombe", "Glenister", "Harrowby",
    "Ironside-Patel", "Jolliffe", "Kingsmoor", "Lovelock", "Mistry-Ward", "Nightingale-Obi",
)

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr")

# Towns of each territorial division (N, S, W), with the postcode district used for them.
TOWNS = {
    "N": (("Northby", "NX1"), ("Kelbridge", "NX2"), ("Ashmoor", "NX3")),
    "S": (("Southmere", "NX7"), ("Brackenford", "NX8"), ("Dunhollow", "NX9")),
    "W": (("Westerby", "NX4"), ("Caldwick", "NX5"), ("Marlstone", "NX6")),
}

STREETS = (
    "Mill Lane", "Station Road", "Church Street", "Victoria Road", "Queen's Parade",
    "Orchard Close", "Harbour Walk", "Tannery Row", "Bridge Street", "Kingsway",
    "Foundry Lane", "Chapel Hill", "Meadow View", "Canal Side", "Market Place",
    "Larch Avenue", "Beacon Road", "Fleece Yard", "Wharf Street", "Holly Bank",
)

# Places that are not a street address, by the division or department they belong to.
FORCE_PLACES = {
    "CUST": ("Northby custody suite", "Southmere custody suite", "Westerby custody suite"),
    "ROADS": ("the A611 near Kelbridge", "the M68 northbound", "Caldwick bypass"),
    "CC": ("a call to the force contact centre", "a 101 web chat"),
    "CID": ("Northby police station", "Southmere police station"),
    "HQ": ("Force headquarters, Northby", "a public meeting at Marlstone town hall"),
}

REPRESENTATIVE_ORGANISATIONS = (
    "Northshire Advocacy Service", "Harbour & Wells Solicitors", "Citizens Advice Northshire",
    "Northshire Mind", "Dunhollow Community Law Centre", None,
)
# fmt: on

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")


@dataclass(frozen=True)
class Area:
    """A force's towns by territorial division (N, S, W), its places that are not a street
    address by division or department, and who represents complainants there."""

    towns: dict[str, tuple[tuple[str, str], ...]]
    places: dict[str, tuple[str, ...]]
    representatives: tuple[str | None, ...]


# fmt: off
NORTHSHIRE = Area(TOWNS, FORCE_PLACES, REPRESENTATIVE_ORGANISATIONS)

EASTMERE = Area(
    towns={
        "N": (("Marlowmere", "QE1"), ("Skelbrook", "QE2"), ("Haverthorpe", "QE3")),
        "S": (("Eastmere", "QE7"), ("Ridlingham", "QE8"), ("Coldmarsh Quay", "QE9")),
        "W": (("Tarnby", "QE4"), ("Fennick Cross", "QE5"), ("Quennowby", "QE6")),
    },
    places={
        "CUST": ("Eastmere custody suite", "Skelbrook custody suite"),
        "ROADS": ("the Skelbrook link road", "the M68 southbound", "Tarnby bypass"),
        "CC": ("a call to the force contact centre", "a 101 web chat"),
        "CID": ("Eastmere police station", "Marlowmere police station"),
        "HQ": ("Force headquarters, Eastmere", "a public meeting at Ridlingham guildhall"),
    },
    representatives=(
        "Eastmere Advocacy Service", "Coldmarsh & Pike Solicitors", "Citizens Advice Eastmere",
        "Eastmere Mind", None,
    ),
)

WESTVALE = Area(
    towns={
        "N": (("Westvale", "QW1"), ("Corrandale", "QW2"), ("Pellbury", "QW3")),
        "S": (("Gorsethwaite", "QW7"), ("Lantrow", "QW8"), ("Millicombe", "QW9")),
        "W": (("Vellan Bay", "QW4"), ("Treswick", "QW5"), ("Hobberley", "QW6")),
    },
    places={
        "CUST": ("Westvale custody suite", "Lantrow custody suite"),
        "ROADS": ("the Corrandale relief road", "the Vellan Bay coast road", "Pellbury bypass"),
        "CC": ("a call to the force contact centre", "a 101 web chat"),
        "CID": ("Westvale police station", "Gorsethwaite police station"),
        "HQ": ("Force headquarters, Westvale", "a public meeting at Millicombe town hall"),
    },
    representatives=(
        "Westvale Advocacy Project", "Treswick Law Chambers", "Citizens Advice Westvale",
        "Westvale Mind", "Hobberley Community Law Centre", None,
    ),
)
# fmt: on

# Each demo force's area, by its position in ``tuning.FORCES``.
AREAS = (NORTHSHIRE, EASTMERE, WESTVALE)
