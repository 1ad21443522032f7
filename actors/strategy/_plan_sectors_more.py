"""More unregulated industries: property, travel, nonprofits, fitness and games."""

from __future__ import annotations

from ._plan_sector import Sector

REAL_ESTATE = Sector(
    key="real_estate", b2b=False,
    stems=r"real estate|propert|realt|housing|homebuild|apartment|condo|letting",
    model=("Real estate: {brand} earns on sales, leases or commission for {offer}, so "
           "revenue depends on qualified enquiries, viewings and closed deals over long "
           "decision cycles."),
    revenue=("The campaign generates qualified enquiries from {aud}, turns them into "
             "viewings or calls, and nurtures them through a decision that can take months."),
    category="property",
    alternatives=(
        ("Listing portals", "big portals where {aud} compare hundreds of options"),
        ("Other developers and agents", "competitors nearby with similar prices and "
         "incentives"),
        ("Renting or waiting", "staying put until prices or rates move"),
        ("Resale stock", "older homes at lower prices, or rival off-plan launches"),
    ),
    avoid=(
        "Do not present projected returns, rental yields or price growth as certain; label "
        "them as projections.",
        "Avoid computer-generated images that misrepresent finishes, views or distances "
        "without a clear label.",
        "Do not advertise without the permit or licence numbers the local regulator requires.",
    ),
    pains=(
        "A large financial commitment with many hidden costs and fees.",
        "Listings look alike and photos rarely match what is on site.",
        "Pushy sales tactics make it hard to trust what agents say.",
    ),
    objections=(
        "“What are the full costs beyond the headline price?”",
        "“Will it be delivered on time and as shown?”",
        "“Is now really the right time to buy?”",
    ),
    proof=(
        "Registration, permit and escrow details for {offer}, shown on every listing.",
        "Floor plans, verified photos and the developer's completion record.",
    ),
    compliance=(
        "Property ads must show the permit or licence numbers the local regulator requires, "
        "and any projected return must be labelled as a projection with its assumptions.",
    ),
    forbidden=("guaranteed rental income", "guaranteed capital growth", "can't lose value"),
)

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

NONPROFIT = Sector(
    key="nonprofit", b2b=False,
    stems=r"non-?profit|charit|ngo|foundation|social impact",
    model=("Nonprofit: {brand} is funded by donations, grants and supporters of {offer}, so "
           "'revenue' means donors, recurring gifts and volunteers, and trust is the core "
           "asset."),
    revenue=("The campaign turns awareness of {offer} into first gifts or sign-ups from "
             "{aud}, then turns one-off donors into monthly givers through email and honest "
             "impact reporting."),
    category="charity and social impact",
    alternatives=(
        ("Larger charities", "well-known organisations working on similar causes"),
        ("Giving directly", "helping people nearby or through crowdfunding pages"),
        ("Giving later", "meaning to help when money feels less tight"),
    ),
    avoid=(
        "Do not use images of beneficiaries without informed consent or in ways that strip "
        "them of dignity.",
        "Avoid overstating the impact of each donation; show how money is actually used.",
        "Do not hide the registration number or the organisation's legal status.",
    ),
    pains=(
        "Unsure whether donations reach the people who need them.",
        "Overwhelmed by appeals from many causes at once.",
        "Wants to help but does not know which action makes a difference.",
    ),
    objections=(
        "“How much of my money goes to overheads?”",
        "“How do I know this organisation is legitimate?”",
        "“My small gift will not change anything.”",
    ),
    proof=(
        "Registration details and annual accounts for {brand}, linked from every appeal.",
        "Impact reports on {offer} with real numbers and stories shared with consent.",
    ),
    compliance=(
        "Appeals must show the organisation's registration details, follow the local "
        "fundraising code, and use beneficiary images only with informed consent.",
    ),
    forbidden=("100% goes to the cause", "zero overheads"),
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

MORE = (REAL_ESTATE, TRAVEL, NONPROFIT, FITNESS, GAMING)
