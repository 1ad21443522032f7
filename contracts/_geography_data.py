"""The words for places that pycountry does not carry: everyday country names, the cities
and states the agency's clients name, and the regions that stand for several countries.

Written in the form `geography.place_key` compares (lower case, no accents, no dots).
pycountry supplies every ISO 3166-1 name, official name and common name on top of these.
"""

from __future__ import annotations

# Everyday names and short forms of countries. "US" is not here: as a word it is a pronoun,
# so it is read as the ISO code only (see geography.resolve_place).
COUNTRY_ALIASES: dict[str, str] = {
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB",
    "usa": "US", "america": "US", "united states of america": "US",
    "deutschland": "DE", "holland": "NL", "the netherlands": "NL", "eire": "IE",
    "republic of ireland": "IE", "espana": "ES", "brasil": "BR", "prc": "CN",
    "mainland china": "CN", "uae": "AE", "ksa": "SA", "russia": "RU", "turkey": "TR",
    "czech republic": "CZ", "south korea": "KR", "north korea": "KP",
    "vietnam": "VN", "ivory coast": "CI", "cape verde": "CV", "burma": "MM",
    "macau": "MO", "vatican": "VA", "vatican city": "VA", "brunei": "BN",
    "macedonia": "MK", "swaziland": "SZ", "palestine": "PS", "nz": "NZ", "aotearoa": "NZ",
    "nippon": "JP", "bharat": "IN", "schweiz": "CH", "suisse": "CH", "osterreich": "AT",
    "sverige": "SE", "danmark": "DK", "norge": "NO", "suomi": "FI", "italia": "IT",
    "polska": "PL",
}

# Cities (and a few well-known states) the strategy's regional rules have always known,
# plus the capitals and business centres briefs name most.
CITIES: dict[str, str] = {
    **dict.fromkeys(("london", "manchester", "birmingham", "edinburgh", "glasgow", "leeds",
                     "bristol", "liverpool", "cardiff", "belfast"), "GB"),
    **dict.fromkeys(("berlin", "munich", "munchen", "hamburg", "frankfurt", "cologne",
                     "koln", "stuttgart", "dusseldorf"), "DE"),
    **dict.fromkeys(("paris", "lyon", "marseille", "toulouse", "nice", "bordeaux"), "FR"),
    **dict.fromkeys(("madrid", "barcelona", "valencia", "seville"), "ES"),
    **dict.fromkeys(("rome", "milan", "naples", "turin", "florence"), "IT"),
    **dict.fromkeys(("amsterdam", "rotterdam", "the hague", "utrecht"), "NL"),
    **dict.fromkeys(("dublin", "galway", "cork", "limerick"), "IE"),
    "vienna": "AT", "brussels": "BE", "antwerp": "BE", "stockholm": "SE",
    "gothenburg": "SE", "copenhagen": "DK", "helsinki": "FI", "oslo": "NO",
    "lisbon": "PT", "porto": "PT", "warsaw": "PL", "krakow": "PL", "prague": "CZ",
    "budapest": "HU", "athens": "GR", "zurich": "CH", "geneva": "CH",
    **dict.fromkeys(("new york city", "nyc", "chicago", "los angeles", "san francisco",
                     "seattle", "boston", "austin", "miami", "houston", "dallas",
                     "atlanta", "denver", "philadelphia", "silicon valley"), "US"),
    **dict.fromkeys(("toronto", "vancouver", "montreal", "ottawa", "calgary", "edmonton",
                     "winnipeg"), "CA"),
    **dict.fromkeys(("sydney", "melbourne", "brisbane", "perth", "adelaide", "canberra"),
                    "AU"),
    **dict.fromkeys(("auckland", "wellington", "christchurch"), "NZ"),
    **dict.fromkeys(("mumbai", "delhi", "new delhi", "bengaluru", "bangalore", "chennai",
                     "hyderabad", "pune", "kolkata"), "IN"),
    **dict.fromkeys(("sao paulo", "rio de janeiro", "belo horizonte", "curitiba"), "BR"),
    **dict.fromkeys(("tokyo", "osaka", "kyoto", "yokohama", "nagoya"), "JP"),
    **dict.fromkeys(("dubai", "abu dhabi", "sharjah"), "AE"),
    **dict.fromkeys(("beijing", "shanghai", "shenzhen", "guangzhou", "chengdu",
                     "hangzhou"), "CN"),
    **dict.fromkeys(("moscow", "st petersburg", "saint petersburg"), "RU"),
    "nairobi": "KE", "lagos": "NG", "johannesburg": "ZA", "cape town": "ZA",
    "mexico city": "MX", "seoul": "KR", "riyadh": "SA", "tel aviv": "IL",
}

# Subdivisions whose names are taken from pycountry, by country and subdivision type:
# US states, Canadian provinces, Australian states. A country's own name wins over a
# subdivision's ("Georgia" is the country).
SUBDIVISION_TYPES: dict[str, frozenset[str]] = {
    "US": frozenset({"State", "District"}),
    "CA": frozenset({"Province", "Territory"}),
    "AU": frozenset({"State", "Territory"}),
}

EU = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
      "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")
EEA = (*EU, "IS", "LI", "NO")

# Regions: a name standing for several countries. Those with no countries listed are
# known only so that their words are not misread ("South America" is not "America");
# they resolve to no country.
REGIONS: dict[str, tuple[str, ...]] = {
    "eu": EU, "european union": EU, "eea": EEA, "european economic area": EEA,
    "europe": EEA, "dach": ("DE", "AT", "CH"), "benelux": ("BE", "NL", "LU"),
    "nordics": ("DK", "FI", "IS", "NO", "SE"), "nordic countries": ("DK", "FI", "IS", "NO", "SE"),
    "scandinavia": ("DK", "NO", "SE"), "anz": ("AU", "NZ"),
    "north america": ("US", "CA", "MX"),
    **dict.fromkeys(("south america", "latin america", "latam", "central america",
                     "americas", "asia", "apac", "asia pacific", "emea", "middle east",
                     "mena", "africa", "global", "worldwide", "international"), ()),
}
