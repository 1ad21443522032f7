"""Common unregulated industries: software, retail, food, education, industrial B2B, and
the fallback for anything else (which still speaks in the brief's own industry words).
"""

from __future__ import annotations

from ._plan_sector import Sector

SAAS = Sector(
    key="saas", b2b=True,
    stems=r"saas|software|cloud|platform|apps?\b|tech|it\b|cyber|data|ai\b|api",
    model=("Subscription software: {brand} sells {offer} on monthly or annual plans, so "
           "revenue recurs and each new account is worth its lifetime value, not its first "
           "invoice."),
    revenue=("The campaign fills a sales-assisted funnel: {aud} discover {offer}, start a "
             "trial or book a demo, and convert to paid plans; revenue then compounds through "
             "renewals and added seats."),
    category="business software",
    alternatives=(
        ("Incumbent suites", "larger platforms that already bundle a basic version of "
         "{offer} into a contract {aud} have signed"),
        ("Spreadsheets and manual workarounds", "free, familiar and good enough until "
         "volume grows"),
        ("Point-solution challengers", "newer vendors selling {offer} on price and setup "
         "speed"),
        ("Doing nothing", "postponing the decision because switching feels riskier than "
         "the problem"),
    ),
    avoid=(
        "Do not lead with a feature list; {aud} buy the outcome and the time saved, and "
        "compare features only at shortlist stage.",
        "Avoid gated content that asks for a phone number before showing any value.",
        "Do not claim security certifications, uptime figures or integrations that are not "
        "current and documented.",
    ),
    pains=(
        "Manual steps and disconnected tools eat hours every week that should go to "
        "higher-value work.",
        "Errors surface late, when they are expensive to fix and awkward to explain.",
        "Every new tool promises a fast rollout, and too many end up half-used.",
    ),
    objections=(
        "“We already pay for a tool that sort of does this.”",
        "“Implementation will take months and pull my team off real work.”",
        "“How do I know our data is secure and stays ours?”",
    ),
    proof=(
        "Customer case studies for {offer}, approved in writing by the customer, with "
        "before-and-after figures.",
        "A live demo or sandbox that shows {offer} working on realistic data in minutes.",
    ),
    compliance=(
        "Claims about security certifications (e.g. SOC 2, ISO 27001), uptime or "
        "integrations must match current, documented evidence.",
    ),
    forbidden=("unhackable", "100% uptime", "zero errors", "set and forget"),
)

RETAIL = Sector(
    key="retail", b2b=False,
    stems=r"e-?commerce|commerce|retail|fashion|apparel|cloth|shop|store|goods|beauty|"
          r"cosmetic|skin|furniture|cycl|consumer|electronic|jewel|footwear|toy|outdoor|"
          r"home",
    model=("Online and direct-to-consumer retail: {brand} earns margin on each order of "
           "{offer}, so growth depends on order volume, basket size and repeat purchases."),
    revenue=("Paid and organic reach bring {aud} to the product pages; the offer turns visits "
             "into first orders, and email and retargeting turn first orders into the repeat "
             "purchases that carry most of the margin."),
    category="consumer retail",
    alternatives=(
        ("Marketplaces", "big marketplaces that win on delivery speed and price comparison"),
        ("High-street and mass-market brands", "familiar names with look-alike products "
         "and bigger media budgets"),
        ("Resale and independent makers", "second-hand apps and small sellers that win on "
         "price or story"),
        ("Waiting for a sale", "putting off the purchase until the next seasonal discount"),
    ),
    avoid=(
        "Do not run permanent 'sales' or reference prices that were never genuinely charged.",
        "Avoid hiding delivery costs or return conditions until checkout; state them next "
        "to the offer.",
        "Do not over-discount to hit short-term targets; it teaches {aud} to wait for the "
        "next promotion.",
    ),
    pains=(
        "Too many near-identical products and reviews make choosing slow and tiring.",
        "Past problems with sizing, quality or returns make buying online feel like a gamble.",
        "Marketing emails arrive daily and most of them say nothing useful.",
    ),
    objections=(
        "“I can probably find it cheaper somewhere else.”",
        "“What if it does not fit or looks different in real life?”",
        "“Delivery and returns always end up costing more than they say.”",
    ),
    proof=(
        "Verified customer reviews and user photos of {offer}, shared with permission.",
        "Plain product facts for {offer}: materials, origin, sizing help and the returns "
        "policy.",
    ),
    compliance=(
        "Price and discount claims for {offer} must be genuine, with the terms (minimum "
        "spend, dates, exclusions) stated next to the claim.",
    ),
    forbidden=("lowest price ever", "cheapest anywhere", "100% sustainable"),
)

FOOD = Sector(
    key="food", b2b=False,
    stems=r"restaurant|food|beverage|baker|caf[eé]|coffee|drink|brew|cater|grocer|"
          r"kitchen|bar\b|pizza|meal|dining",
    model=("Food and hospitality: {brand} earns on every cover, order or basket, so revenue "
           "depends on filling quiet periods, spend per visit and how often guests return."),
    revenue=("The campaign puts {offer} in front of {aud} when they decide where to eat or "
             "what to buy, turns that intent into bookings or orders, and turns first visits "
             "into regulars."),
    category="food and hospitality",
    alternatives=(
        ("Nearby competitors", "other places within easy reach of {aud} at similar prices"),
        ("Delivery apps", "ordering in, with endless choice and no need to leave"),
        ("Home cooking and meal prep", "cheaper habits {aud} already have"),
        ("Chains and supermarkets", "predictable, familiar and heavily promoted"),
    ),
    avoid=(
        "Do not post food photography that misrepresents portion size or ingredients.",
        "Avoid leaving out allergen information or making health claims about dishes.",
        "Do not promote offers the kitchen cannot serve at peak times; a slow first visit "
        "costs more than the discount.",
    ),
    pains=(
        "Little time in the day makes choosing where to eat or what to buy a gamble.",
        "Prices keep rising, so every meal out has to feel worth it.",
        "Menus and opening hours online are often out of date.",
    ),
    objections=(
        "“It will be too busy and I will be late back.”",
        "“Is it really better than the place I always go to?”",
        "“Will they cater for my dietary needs?”",
    ),
    proof=(
        "Recent customer reviews and photos of {offer}, shared with permission.",
        "Menu, prices and allergen information for {offer} published in one place.",
    ),
    compliance=(
        "Allergen information must be available for every dish or product promoted, and "
        "nutrition or health claims must meet the local legal criteria.",
    ),
    forbidden=("healthiest", "guilt-free", "100% natural"),
)

EDUCATION = Sector(
    key="education", b2b=False,
    stems=r"educat|school|course|universit|college|tutor|training|learning|edtech|academ|"
          r"bootcamp",
    model=("Education: {brand} earns tuition or course fees for {offer}, so revenue depends "
           "on enrolments, completion and word of mouth from graduates."),
    revenue=("The campaign turns interest from {aud} into enquiries, enquiries into "
             "applications and applications into paid enrolments; graduates' stories then "
             "lower the cost of the next intake."),
    category="education and training",
    alternatives=(
        ("Free online content", "videos and forums that cost nothing but rarely lead to a "
         "credential"),
        ("Established institutions", "universities and big-name providers with brand "
         "recognition"),
        ("Other paid courses", "competing providers selling similar courses at other prices"),
        ("Learning on the job", "waiting for an employer to provide training"),
    ),
    avoid=(
        "Do not promise jobs, salaries, grades or admission; results depend on the learner "
        "and the market.",
        "Avoid hiding the total cost, including instalment interest, behind a low monthly "
        "figure.",
        "Do not use graduate stories without written consent and context on typical results.",
    ),
    pains=(
        "Career or study goals feel blocked by a skills gap that is hard to close alone.",
        "Choosing between courses is confusing because the marketing all sounds the same.",
        "Money and time are tight, so a wrong choice is costly.",
    ),
    objections=(
        "“Will this actually help me get where I want to go?”",
        "“Can I fit it around work and family?”",
        "“Is it worth the fee when so much is free online?”",
    ),
    proof=(
        "Syllabus, instructor credentials and accreditation status for {offer}, published "
        "in full.",
        "Completion and outcome data with method and cohort size, plus learner stories "
        "shared with consent.",
    ),
    compliance=(
        "Outcome claims (jobs, salaries, grades) need documented evidence and typical-result "
        "context; financing offers must name the lender and the total cost.",
    ),
    forbidden=("guaranteed job", "guaranteed placement", "guaranteed pass"),
)

INDUSTRIAL = Sector(
    key="industrial", b2b=True,
    stems=r"manufactur|industr|logistic|freight|shipping|supply|engineer|construct|"
          r"wholesale|distribut|chemical|automotive|agri",
    model=("Industrial B2B: {brand} sells {offer} through quotes, contracts and repeat "
           "orders, so revenue rests on a few high-value accounts and long buying cycles."),
    revenue=("The campaign makes {brand} a known, credible option for {aud}, generates "
             "qualified requests for quotes and moves buying committees to a trial order or "
             "framework contract."),
    category="industrial and B2B services",
    alternatives=(
        ("Incumbent suppliers", "vendors {aud} already buy from, with switching costs on "
         "their side"),
        ("Low-cost importers", "cheaper offers with longer lead times and thinner support"),
        ("In-house capability", "doing it with existing staff and equipment"),
        ("Procurement marketplaces", "platforms that compare suppliers on price alone"),
    ),
    avoid=(
        "Do not lead with generic quality claims; buyers want specifications, certifications "
        "and lead times.",
        "Avoid consumer-style hype; procurement and engineering teams distrust it.",
        "Do not publish technical or safety claims that test data or certification does not "
        "back.",
    ),
    pains=(
        "Supply delays and quality variation ripple through production schedules.",
        "Pressure to cut cost without adding operational risk.",
        "Switching suppliers means paperwork, audits and qualification trials.",
    ),
    objections=(
        "“Can you deliver consistently at our volumes?”",
        "“What certifications and test data can you show?”",
        "“Switching will cost us more than it saves.”",
    ),
    proof=(
        "Certifications (such as ISO 9001), test data and specifications for {offer}.",
        "Reference customers and on-time delivery figures, shared with permission.",
    ),
    compliance=(
        "Technical, safety and environmental claims about {offer} must be backed by test "
        "data or certification, and comparative claims must be verifiable.",
    ),
    forbidden=("zero defects", "indestructible", "maintenance-free"),
)

OTHER = Sector(
    key="other", b2b=False, stems=r"(?!)",
    model=("{industry_cap}: {brand} earns revenue by selling {offer}, so growth depends on "
           "how many of {aud} hear about it, trust it and take the next step."),
    revenue=("The campaign turns attention from {aud} into measurable next steps (visits, "
             "enquiries or purchases) and then into repeat business through owned channels."),
    category="{industry}",
    alternatives=(
        ("Established {industry} providers", "names {aud} already know, with bigger budgets"),
        ("Cheaper substitutes", "lower-priced options that solve part of the problem"),
        ("Doing it themselves", "handling it without outside help"),
        ("Doing nothing", "putting off the decision for another season"),
    ),
    avoid=(
        "Do not make claims about {offer} that {brand} cannot document.",
        "Avoid {industry} messages that could belong to any competitor; lead with what is "
        "specific to {offer}.",
    ),
    pains=(
        "Many {industry} offers sound alike, so it is hard to tell which one fits.",
        "Past purchases did not deliver what the marketing promised.",
        "Little time to research the options properly.",
    ),
    objections=(
        "“What makes this different from what I use now?”",
        "“Is it worth the price?”",
        "“Can I trust a brand I do not know well yet?”",
    ),
    proof=(
        "Customer reviews and stories about {offer}, shared with permission.",
        "Plain facts about {offer}: what it includes, what it costs and how to start.",
    ),
    compliance=(
        "Claims about {offer} must be truthful and backed by evidence held before "
        "publishing.",
    ),
)
