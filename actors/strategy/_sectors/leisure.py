"""Leisure: travel, fitness and games."""

from __future__ import annotations

from .sector import Sector

TRAVEL = Sector(
    key="travel", b2b=False,
    stems=r"travel|hotel|touris|hospitality|airline|resort|holiday|vacation|tour",
    model=("Travel: {brand} earns on bookings of {offer}, so revenue depends on occupancy or "
           "seats sold, booking lead time and the share of commission-free direct bookings."),
    revenue=("The campaign inspires {aud} to plan, stays present while they compare, and "
             "converts direct bookings; post-trip email turns guests into repeat bookers and "
             "reviewers."),
    category="travel and hospitality",
    alternatives=(
        ("Online travel agencies", "sites that compare everything in one place"),
        ("Competing destinations", "similar trips with bigger promotional budgets"),
        ("Staying home", "postponing the trip to save money"),
        ("Package deals", "bundled flights and hotels that look cheaper up front"),
    ),
    avoid=(
        "Do not advertise prices without mandatory taxes and fees; show the total and what "
        "is excluded.",
        "Avoid stock photos that do not show the real property or destination.",
        "Do not hide cancellation terms; state them next to the offer.",
    ),
    pains=(
        "Planning a trip takes hours of comparing sites and reviews.",
        "Fees and taxes make the final price hard to predict.",
        "Fear that the place will not match the photos.",
    ),
    objections=(
        "“What if I need to cancel?”",
        "“Could I get it cheaper on a booking site?”",
        "“Is it really as good as it looks?”",
    ),
    proof=(
        "Verified guest reviews and real photos of {offer}.",
        "Total prices with taxes, fees and cancellation terms for {offer}.",
    ),
    compliance=(
        "Prices must include mandatory taxes and fees and say what is excluded; cancellation "
        "and refund terms must be clear before booking.",
    ),
    forbidden=("lowest price guaranteed", "cheapest anywhere"),
)

FITNESS = Sector(
    key="fitness", b2b=False,
    stems=r"fitness|gym|sport|yoga|pilates|athlet|wellness|wellbeing",
    model=("Fitness: {brand} earns membership, class or product revenue from {offer}, so "
           "growth depends on sign-ups, attendance and how long members stay."),
    revenue=("The campaign turns good intentions among {aud} into trial visits or sign-ups, "
             "and early onboarding turns them into members who stay past the first three "
             "months."),
    category="fitness and wellbeing",
    alternatives=(
        ("Budget gyms and apps", "cheap memberships and free workout apps"),
        ("Home workouts", "videos and equipment at home"),
        ("Boutique studios", "premium classes with a strong community"),
        ("Starting next month", "waiting for a better moment that rarely comes"),
    ),
    avoid=(
        "Do not promise specific weight loss or body changes; results vary and need "
        "evidence.",
        "Avoid before-and-after imagery and body shaming; it puts beginners off.",
        "Do not hide joining fees, minimum terms or cancellation rules.",
    ),
    pains=(
        "Struggles to stay consistent once the first burst of motivation fades.",
        "Feels intimidated walking into a new gym or class.",
        "A busy schedule leaves little time to train.",
    ),
    objections=(
        "“I have signed up before and stopped going.”",
        "“Will I fit in as a beginner?”",
        "“Can I cancel easily if it does not work out?”",
    ),
    proof=(
        "Member stories shared with consent and a clear timetable for {offer}.",
        "Qualified instructors and a free trial so {aud} can judge for themselves.",
    ),
    compliance=(
        "Health or weight-loss claims need evidence and must not promise specific results; "
        "membership fees, terms and cancellation rules must be stated clearly.",
    ),
    forbidden=("guaranteed weight loss", "burn fat fast", "effortless results"),
)

GAMING = Sector(
    key="gaming", b2b=False,
    stems=r"gaming|games?\b|esport|videogame",
    model=("Games: {brand} earns from sales, subscriptions or in-game purchases of {offer}, "
           "so revenue depends on launch reach, wishlists and how long players keep playing."),
    revenue=("The campaign builds wishlists and interest among {aud}, converts them at "
             "release, and keeps the community active so word of mouth carries later sales."),
    category="video games and interactive entertainment",
    alternatives=(
        ("Big-budget releases", "titles from major publishers competing for the same time"),
        ("Free-to-play games", "no up-front cost, funded by in-game purchases"),
        ("The backlog", "games players already own or are invested in"),
        ("Watching instead of playing", "streams and clips of other people's games"),
    ),
    avoid=(
        "Do not show footage that is not representative of the game; label pre-release "
        "footage.",
        "Avoid promoting in-game purchases to children, and disclose any paid random items.",
        "Do not plant reviews or hide paid creator partnerships.",
    ),
    pains=(
        "Too many releases and too little time to try them all.",
        "Let down before by launches that did not match the trailer.",
        "Wary of pay-to-win mechanics and surprise costs.",
    ),
    objections=(
        "“Is the gameplay as good as the trailer?”",
        "“Will my friends be playing it?”",
        "“Are there hidden in-game costs?”",
    ),
    proof=(
        "Real gameplay footage, age rating and platform details for {offer}.",
        "Hands-on impressions from creators, with paid partnerships disclosed.",
    ),
    compliance=(
        "Show the age rating once assigned, disclose in-game purchases and any paid random "
        "items, and label footage that is not final.",
    ),
    forbidden=("best game ever", "game of the year"),
)
