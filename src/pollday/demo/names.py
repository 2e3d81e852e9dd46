"""Name pools for the demo election: people, parties, places and streets.

Everything here is fictional. Party names are invented so that no rehearsal screen or
document can be mistaken for a real party's result. A few names carry accents or
letters outside ASCII on purpose: ballot papers, documents and sorting must cope.
"""

from __future__ import annotations

import random
import re
import unicodedata

FORENAMES: tuple[str, ...] = (
    "Aisha", "Alan", "Amara", "Andrew", "Bethan", "Callum", "Carys", "Daniel", "Deborah", "Declan",
    "Eleanor", "Emeka", "Farah", "Fiona", "Gareth", "Grace", "Hamid", "Hannah", "Imran", "Isla",
    "James", "Janet", "Kieran", "Leah", "Lewis", "Lucy", "Mark", "Megan", "Naomi", "Neil",
    "Nisha", "Owen", "Patricia", "Priya", "Rachel", "Rhys", "Ruth", "Samuel", "Sarah", "Simon",
    "Sophie", "Stephen", "Tariq", "Thomas", "Valerie", "Wendy", "Yusuf", "Zara",
    "Zoë", "Siobhán", "Seán", "Renée", "Chloé", "José", "Łukasz", "Małgorzata",
)

SURNAMES: tuple[str, ...] = (
    "Ashworth", "Bamford", "Blackwood", "Carver", "Cartwright", "Chen", "Dhillon", "Drummond",
    "Ellison", "Evans", "Fairbairn", "Fletcher", "Gallagher", "Haddad", "Holloway", "Hughes",
    "Hussain", "Iqbal", "Jennings", "Kaur", "Kowalczyk", "Lloyd", "Lomax", "Marsh", "McAllister",
    "Mendes", "Morgan", "Nicholson", "Nwosu", "Okafor", "Osei", "Patel", "Pennington", "Pereira",
    "Price", "Pritchard", "Quigley", "Rahman", "Rowntree", "Sheridan", "Singh", "Sutcliffe",
    "Tennant", "Thackeray", "Underwood", "Varma", "Wainwright", "Whitlock", "Yardley",
)

# Surnames outside plain ASCII; every parliamentary ballot gets one so that the
# alphabetical ballot order, upper-casing and PDF fonts are exercised.
NON_ASCII_SURNAMES: tuple[tuple[str, str], ...] = (
    ("Nguyễn", "Văn Minh"),
    ("Ó Briain", "Siobhán"),
    ("Zielińska", "Małgorzata"),
    ("Şahin", "Elif"),
    ("Ødegård", "Ingrid"),
    ("Gonçalves", "João"),
)

# (forenames on the nomination paper, commonly used forenames printed on the ballot).
COMMONLY_USED_FORENAMES: tuple[tuple[str, str], ...] = (
    ("William Edward", "Bill"),
    ("Margaret Rose", "Peggy"),
    ("Robert James", "Bob"),
    ("Alexandra", "Sandy"),
    ("Olusegun", "Segun"),
    ("Christopher", "Kit"),
    ("Elizabeth Anne", "Libby"),
)

FICTIONAL_PARTIES: tuple[str, ...] = (
    "Lantern Party",
    "Meridian Party",
    "Open Fields Party",
    "Hearth and Home Party",
    "Civic Renewal Party",
    "Northstar Democrats",
    "Riverbank Party",
    "Tidewater Party",
    "Keystone Party",
    "Skylark Party",
)

INDEPENDENT = "Independent"

TOWN_NAMES: tuple[str, ...] = (
    "Wrayford", "Castleby", "Oxmere", "Brindlecombe", "Sallowfield", "Tannerton", "Greysford",
    "Millhampton", "Ravensby", "Coldharbour Cross", "Fenmarket", "Hartlebury Wick",
)

TOWN_QUARTERS: tuple[str, ...] = ("North", "South", "East")

VILLAGE_STEMS: tuple[str, ...] = (
    "Ash", "Brack", "Cold", "Elm", "Fen", "Hollow", "Kes", "Lark", "Mill", "Nether", "Oak", "Pen",
    "Rook", "Sedge", "Thorn", "Wil", "Wych", "Bram", "Crow", "Hazel",
)
VILLAGE_ENDINGS: tuple[str, ...] = (
    "by", "combe", "den", "field", "ford", "ham", "ley", "stead", "thorpe", "ton", "well", "wick",
    "worth", "bury", "hurst", "cote",
)
VILLAGE_PREFIXES: tuple[str, ...] = ("Great", "Little", "Upper", "Lower", "Long", "Castle")
VILLAGE_SUFFIXES: tuple[str, ...] = ("Parva", "Magna", "Green", "End", "St Giles", "on the Wold")

SAINTS: tuple[str, ...] = (
    "St Aidan's", "St Mary's", "St Cuthbert's", "St Hilda's", "St Oswald's", "St Chad's",
    "St Bartholomew's", "St Wilfrid's", "St Margaret's", "St Edmund's", "Holy Trinity", "St Peter's",
)

# Templates for building names; the placeholders are filled from the pools above.
TOWN_BUILDINGS: tuple[str, ...] = (
    "{town} {quarter} Community Centre",
    "{stem}gate Primary School",
    "{saint} Church Hall",
    "{town} {quarter} Library",
    "{stem}field Scout Hut",
    "{street} Methodist Church Hall",
    "{town} {quarter} Youth Centre",
    "{stem}bank Academy",
    "{town} {quarter} Social Club",
    "{stem}way Baptist Church Hall",
    "{town} {quarter} Sports Pavilion",
)

VILLAGE_BUILDINGS: tuple[str, ...] = (
    "{village} Village Hall",
    "{village} Memorial Hall",
    "{saint} Church Hall, {village}",
    "{village} Primary School",
    "{village} Parish Rooms",
    "{village} Cricket Pavilion",
    "{village} Methodist Chapel",
)

HAMLET_BUILDINGS: tuple[str, ...] = (
    "{village} Reading Room",
    "{village} Chapel Schoolroom",
    "{village} Women's Institute Hall",
    "{village} Old School Room",
)

STREETS: tuple[str, ...] = (
    "Church Lane", "Mill Road", "Station Road", "High Street", "School Lane", "Chapel Street",
    "Green Lane", "Victoria Road", "Park Avenue", "Orchard Way", "Manor Road", "The Green",
    "Brook Street", "Meadow Close", "Kingsway", "Queen Street", "Tanners Row", "Ropewalk",
    "Wharf Road", "Blackthorn Drive", "Back Lane", "Westgate", "Pound Lane", "Vicarage Road",
)

# The letters Royal Mail allows in the last two places of a postcode.
POSTCODE_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def ascii_fold(text: str) -> str:
    """Accents stripped and letters such as 'ø' or 'ł' spelled plainly, for sorting and IDs."""
    special = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss"})
    decomposed = unicodedata.normalize("NFKD", text.translate(special))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def slugify(text: str) -> str:
    return _NOT_SLUG.sub("-", ascii_fold(text).lower()).strip("-")


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FORENAMES)} {rng.choice(SURNAMES)}"


def distinct_person_names(rng: random.Random, count: int, taken: set[str] | None = None) -> list[str]:
    """`count` full names that repeat neither each other nor anything in `taken`."""
    used = set(taken or ())
    names: list[str] = []
    if count > len(FORENAMES) * len(SURNAMES) - len(used):
        raise ValueError(f"the name pools cannot supply {count} distinct names")
    while len(names) < count:
        name = person_name(rng)
        if name not in used:
            used.add(name)
            names.append(name)
    return names


def names_with_distinct_surnames(rng: random.Random, count: int) -> list[str]:
    """Full names no two of which share a surname, so a roster reads without confusion."""
    return [f"{rng.choice(FORENAMES)} {surname}" for surname in rng.sample(SURNAMES, count)]


def village_name(rng: random.Random) -> str:
    # Most villages have a plain name; some carry one "Great"/"Little" or "Parva"/"Green".
    base = f"{rng.choice(VILLAGE_STEMS)}{rng.choice(VILLAGE_ENDINGS)}"
    roll = rng.random()
    if roll < 0.6:
        return base
    if roll < 0.85:
        return f"{rng.choice(VILLAGE_PREFIXES)} {base}"
    return f"{base} {rng.choice(VILLAGE_SUFFIXES)}"


def postcode(rng: random.Random, outward: str) -> str:
    letters = "".join(rng.choice(POSTCODE_INWARD_LETTERS) for _ in range(2))
    return f"{outward} {rng.randint(1, 9)}{letters}"
