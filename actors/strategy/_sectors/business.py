"""Industries that sell to businesses: software, and industrial goods and services."""

from __future__ import annotations

from .sector import Sector

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
