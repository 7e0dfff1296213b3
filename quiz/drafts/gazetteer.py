"""Place names and given names: the small gazetteer behind place and person guesses."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _list(text: str) -> list[str]:
    return text.split()


US_STATES = _list(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia Hawaii "
    "Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan "
    "Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee "
    "Texas Utah Vermont Virginia Washington Wisconsin Wyoming"
) + [
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "Rhode Island",
    "South Carolina",
    "South Dakota",
    "West Virginia",
]
COUNTRIES = _list(
    "Afghanistan Albania Algeria Argentina Armenia Australia Austria Bangladesh Belgium Bolivia Brazil "
    "Bulgaria Cambodia Cameroon Canada Chile China Colombia Croatia Cuba Denmark Ecuador Egypt Estonia "
    "Ethiopia Finland France Germany Ghana Greece Hungary Iceland India Indonesia Iran Iraq Ireland "
    "Israel Italy Jamaica Japan Jordan Kenya Latvia Lebanon Lithuania Malaysia Mexico Morocco Nepal "
    "Netherlands Nigeria Norway Pakistan Palestine Peru Philippines Poland Portugal Romania Russia "
    "Scotland Senegal Serbia Singapore Slovakia Slovenia Somalia Spain Sudan Sweden Switzerland Syria "
    "Taiwan Tanzania Thailand Tunisia Turkey Uganda Ukraine Uruguay Venezuela Vietnam Wales Yemen Zambia "
    "Zimbabwe England Britain America"
) + [
    "New Zealand",
    "South Africa",
    "South Korea",
    "North Korea",
    "Sri Lanka",
    "Saudi Arabia",
    "United States",
    "United Kingdom",
    "Czech Republic",
    "U.S.",
    "U.K.",
    "US",
    "UK",
]
CITIES = _list(
    "London Paris Berlin Madrid Rome Tokyo Beijing Shanghai Moscow Sydney Melbourne Brisbane Perth "
    "Adelaide Toronto Vancouver Montreal Chicago Boston Houston Dallas Austin Seattle Denver Atlanta "
    "Miami Phoenix Philadelphia Detroit Baltimore Portland Sacramento Oakland Nashville Cleveland "
    "Pittsburgh Minneapolis Dublin Edinburgh Glasgow Manchester Liverpool Birmingham Leeds Bristol "
    "Cardiff Belfast Amsterdam Brussels Vienna Prague Warsaw Stockholm Oslo Copenhagen Helsinki Lisbon "
    "Athens Istanbul Cairo Nairobi Lagos Johannesburg Mumbai Delhi Bangalore Karachi Dhaka Jakarta "
    "Manila Bangkok Seoul Hanoi Auckland Wellington Hollywood Gaza Jerusalem Brooklyn Manhattan Geneva "
    "Zurich Munich Hamburg Milan Naples Barcelona Seville"
) + [
    "Los Angeles",
    "San Francisco",
    "San Diego",
    "San Jose",
    "Las Vegas",
    "New Orleans",
    "Washington, D.C.",
    "Salt Lake City",
    "Kansas City",
    "St. Louis",
    "Rio de Janeiro",
    "Buenos Aires",
    "Mexico City",
    "Hong Kong",
    "Cape Town",
    "Tel Aviv",
]
REGIONS = [
    "Hollywood",
    "Broadway",
    "Gaza",
    "Palestine",
    "West Bank",
    "Silicon Valley",
    "Wall Street",
    "Europe",
    "Africa",
    "Asia",
    "Antarctica",
    "the Arctic",
    "Middle East",
    "Scandinavia",
    "the Balkans",
    "Siberia",
]
PLACE_KIND = (
    {name: "state" for name in US_STATES}
    | {name: "country" for name in COUNTRIES}
    | {name: "city" for name in CITIES}
    | {name: "place" for name in REGIONS}
)

# Common given names: one cue (among several) that a capitalised pair is a person.
GIVEN_NAMES = _words(
    "Aaron Abigail Adam Adrian Ahmed Aisha Alan Albert Alex Alexander Alexandra Ali Alice Alicia Alison Alyssa "
    "Amanda Amelia Amy Ana Andrea Andrew Angela Anita Ann Anna Anne Anthony Antonio Arjun Arthur Ava Barbara "
    "Ben Benjamin Bernie Beth Betty Bill Bob Brandon Brenda Brian Bruce Bryan Carl Carlos Carmen Carol Caroline "
    "Catherine Charles Charlie Charlotte Chen Chloe Chris Christina Christine Christopher Claire Craig Dan "
    "Daniel Danielle David Deborah Dennis Diana Diane Donald Donna Dorothy Doug Douglas Dylan Ed Edward Elena "
    "Elizabeth Ella Ellen Emily Emma Eric Erin Ethan Eva Evelyn Fatima Frank Fred Gabriel Gary George Gloria "
    "Grace Greg Gregory Hannah Harold Harry Heather Helen Henry Hillary Holly Ian Isaac Isabel Isabella Jack "
    "Jacob Jake James Jamie Jane Janet Jason Javier Jean Jeff Jeffrey Jennifer Jerry Jessica Jim Joan Joe Joel "
    "John Jonathan Jordan Jose Joseph Josh Joshua Joyce Juan Judith Judy Julia Julie Justin Kamala Karen Kate "
    "Katherine Kathleen Kathy Keith Kelly Ken Kenneth Kevin Kim Kimberly Kyle Laura Lauren Lee Leo Liam Linda "
    "Lisa Liz Lucas Lucy Luis Luke Maria Marie Mark Martha Martin Mary Matt Matthew Maya Megan Melissa Mia "
    "Michael Michelle Mike Mohammed Muhammad Nancy Naomi Natalie Nathan Nicholas Nick Nicole Noah Olivia "
    "Oliver Omar Pamela Patricia Patrick Paul Paula Peter Philip Priya Rachel Ralph Raj Ray Rebecca Richard "
    "Rick Rita Robert Robin Roger Ron Ronald Rosa Ruth Ryan Sam Samantha Samuel Sandra Sara Sarah Scott Sean "
    "Sharon Sophia Sophie Stephen Steve Steven Susan Tanya Ted Teresa Thomas Tim Timothy Tom Tony Tyler "
    "Valerie Victoria Vincent Virginia Walter Wei William Yusuf Zoe Zara Priyanka Mateo Sofia Lena Marcus "
    "Elliot Hugo Ingrid Nadia Oscar Rafael Ruby Simon Tara Theo Vera Wendy Yuki Hiro Kenji Amara Kofi Nia"
)

# "Who" questions cannot be asked about pronouns and vague subjects.
