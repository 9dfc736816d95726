"""Fictional people and places of Northshire, the demo force's area.

The surnames are invented or rare, the towns do not exist, and contact details use the
ranges set aside for fiction and documentation (Ofcom's 07700 900xxx and 01632 960xxx
numbers, the example.com/.org/.net domains), so nothing seeded can reach a real person.
"""

from __future__ import annotations

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
