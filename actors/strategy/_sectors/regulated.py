"""Industries whose marketing a regulator polices: pharma, health, crypto, gambling and
finance (legal lives in its own module). Each carries its own compliance rules and a
stricter claims list.

Order matters: detection takes the first match, so "crypto exchange" is crypto, not
finance, and "pharmacy" is pharma, not health.
"""

from __future__ import annotations

from .legal import LEGAL
from .sector import Sector

PHARMA = Sector(
    key="pharma", regulated=True, b2b=False,
    stems=r"pharma|drug|biotech|medicine|medication|prescription|otc|vaccin",
    model=("Pharmaceuticals: {brand} earns revenue when {offer} is prescribed, dispensed or "
           "bought, so demand depends on prescribers' and pharmacists' confidence as much as "
           "on patients' awareness."),
    revenue=("The campaign raises informed, on-label awareness of {offer} among {aud}, which "
             "leads to better-prepared conversations with prescribers and pharmacists; "
             "revenue follows from appropriate prescribing and repeat dispensing."),
    category="medicines and pharmaceutical products",
    alternatives=(
        ("Established brands and generics", "cheaper or more familiar products that "
         "prescribers already recommend for the same condition"),
        ("Living with the condition", "self-management, home remedies or stopping treatment "
         "early"),
        ("Competing therapies", "rival options promoted to clinicians through reps, "
         "congresses and journals"),
        ("Online health information", "forums and search results that shape what {aud} ask "
         "for before they see a professional"),
    ),
    avoid=(
        "Do not publish any efficacy or safety statement about {offer} beyond the approved "
        "product information.",
        "Avoid patient testimonials and before-and-after stories; regulators treat them as "
        "promotional claims.",
        "Do not let community managers answer medical questions in comments; route them to "
        "medical information.",
    ),
    pains=(
        "Symptoms disrupt work, sleep and family life more than people around them realise.",
        "Information about {offer} is scattered across leaflets and forums that contradict "
        "each other.",
        "Appointments are short, so there is little time to ask about treatment options.",
    ),
    objections=(
        "“Is it safe for me, and what are the side effects?”",
        "“Will my insurer or health system pay for it?”",
        "“My doctor has never mentioned it, so why should I ask?”",
    ),
    proof=(
        "Statements about {offer} quote the approved product information and cite the source "
        "next to the claim.",
        "Medical, legal and regulatory review signs off every asset, and the approval code "
        "travels with it.",
    ),
    compliance=(
        "No efficacy or safety claims about {offer} without approved evidence: every claim "
        "must match the approved product information (SmPC or label) and cite its source.",
        "Fair balance: benefit statements carry the important safety information and risks "
        "with equal prominence, in the same asset.",
        "Adverse-event reporting: every channel says how to report side effects, and the "
        "social team forwards any adverse-event mention to pharmacovigilance within 24 hours.",
        "Medical, legal and regulatory (MLR) review approves every asset, including social "
        "replies and email variants, before it is published.",
    ),
    forbidden=("cure", "clinically proven", "no side effects", "completely safe", "miracle",
               "works for everyone", "doctor recommended", "100% effective"),
)

HEALTH = Sector(
    key="health", regulated=True, b2b=False,
    stems=r"health|clinic|medical|dental|dentist|hospital|physio|therap|surgery|aesthetic|"
          r"optic|optometr|nursing",
    model=("Healthcare services: {brand} earns fees for {offer} from patients, insurers or "
           "public schemes, so revenue depends on appointments booked, attended and repeated."),
    revenue=("The campaign helps {aud} understand {offer} and book an appointment; clear "
             "information cuts no-shows, and follow-up care brings patients back."),
    category="healthcare services",
    alternatives=(
        ("Public or insurer-network providers", "lower direct cost, often with long waits"),
        ("Other private clinics", "nearby practices offering a similar service to {aud}"),
        ("Self-care and online advice", "pharmacies, apps and search results"),
        ("Waiting it out", "putting off care until symptoms get worse"),
    ),
    avoid=(
        "Do not use patient testimonials or before-and-after images where local rules "
        "prohibit them.",
        "Avoid promising outcomes or setting unrealistic expectations about {offer}.",
        "Do not use fear-based messages that pressure people into treatment.",
    ),
    pains=(
        "Long waits for appointments make a manageable problem feel urgent.",
        "Costs and what insurance covers are unclear until the bill arrives.",
        "Anxiety about whether a treatment is right for them, and who to trust.",
    ),
    objections=(
        "“How much will it cost, and will my insurance cover it?”",
        "“Are the practitioners properly qualified and registered?”",
        "“What are the risks, and what happens if it does not help?”",
    ),
    proof=(
        "Practitioner registrations and qualifications shown next to every mention of "
        "{offer}.",
        "Fees and what they include, published before anyone books.",
    ),
    compliance=(
        "No outcome promises: describe what {offer} involves and its risks, not results; any "
        "clinical claim needs documented evidence.",
        "No patient testimonials about clinical outcomes where local rules prohibit them, and "
        "no before-and-after images without the regulator's required context.",
        "Health information never feeds ad targeting or retargeting without explicit consent.",
    ),
    forbidden=("cure", "painless", "permanent results", "no risk", "clinically proven",
               "100% success"),
)

CRYPTO = Sector(
    key="crypto", regulated=True, b2b=False,
    stems=r"crypto|bitcoin|blockchain|web3|defi|token|nft",
    model=("Crypto-asset services: {brand} earns trading, spread or custody fees on {offer}, "
           "so revenue depends on verified accounts, funded wallets and trading activity."),
    revenue=("The campaign brings {aud} through identity verification to a first deposit; "
             "fees then follow trading and custody, which swing with market volatility."),
    category="crypto-asset services",
    alternatives=(
        ("Global exchanges", "large international platforms with more coins and loud "
         "promotions"),
        ("Local registered exchanges", "competitors with the same registration and similar "
         "fees"),
        ("Traditional investments", "savings, funds and shares {aud} already understand"),
        ("Staying out", "avoiding crypto because of volatility and scams"),
    ),
    avoid=(
        "Do not imply that crypto-assets are a safe investment or that prices will rise.",
        "Avoid referral bonuses and time-limited incentives where the regulator bans them.",
        "Do not use influencer hype or meme-coin language to reach {aud}.",
    ),
    pains=(
        "Fear of scams, hacks and exchanges that collapse overnight.",
        "Fees and spreads are hard to compare between platforms.",
        "Prices move fast, and it is hard to know what is a sensible amount to hold.",
    ),
    objections=(
        "“How are my assets stored and protected?”",
        "“Is this exchange registered with the regulator?”",
        "“What happens to my money if the price crashes?”",
    ),
    proof=(
        "Registration with the financial regulator and custody arrangements for {offer}, "
        "stated plainly.",
        "Published fee schedules and security practices (cold storage, audits) for {offer}.",
    ),
    compliance=(
        "Crypto risk warning on every promotion: prices are volatile, capital is at risk and "
        "investors may lose all the money they invest.",
        "No guaranteed returns, price predictions or 'safe investment' language; never imply "
        "crypto-assets are protected like bank deposits.",
        "State {brand}'s registration with the financial regulator and complete "
        "know-your-customer checks before any deposit.",
    ),
    forbidden=("guaranteed returns", "guaranteed profit", "no risk", "safe investment",
               "to the moon", "can't lose", "get rich quick", "double your money"),
)

GAMBLING = Sector(
    key="gambling", regulated=True, b2b=False,
    stems=r"gambl|betting|bets\b|casino|sportsbook|lotter|poker|bingo|bookmaker|wager",
    model=("Licensed gambling: {brand} earns gross gaming revenue (stakes minus winnings) "
           "from {offer}, within licence conditions that put player protection first."),
    revenue=("The campaign reaches adults among {aud} with {offer}; revenue depends on "
             "verified, age-checked sign-ups and sustainable play, not on maximising losses."),
    category="licensed gambling and betting",
    alternatives=(
        ("Other licensed operators", "competing sportsbooks and casinos with sign-up offers"),
        ("Free-to-play games", "social casino and fantasy games with no real money"),
        ("Other entertainment", "spending the same money on going out or streaming"),
    ),
    avoid=(
        "Do not suggest that gambling is a way to make money, solve money worries or gain "
        "status.",
        "Avoid anything with strong appeal to under-18s: youth culture, cartoon styles or "
        "young-looking people.",
        "Do not advertise free bets or bonuses without the significant terms beside them.",
    ),
    pains=(
        "Wants entertainment around sport or games without feeling pushed to spend more.",
        "Sign-up offers come with terms that are hard to understand.",
        "Worried about keeping spending and time under control.",
    ),
    objections=(
        "“What are the wagering requirements on this offer?”",
        "“Can I set deposit limits and time-outs on my account?”",
        "“Is this operator licensed where I live?”",
    ),
    proof=(
        "Licence number and regulator for {brand}, shown on every ad for {offer}.",
        "Safer-gambling tools (deposit limits, time-outs, self-exclusion) explained up front.",
    ),
    compliance=(
        "Age gating: adults only (18+, or 21+ where the law requires it); age-verify every "
        "account and target ads only at verified adults.",
        "Responsible gambling: every ad carries a safer-gambling message and a helpline, and "
        "none implies that gambling solves money worries.",
        "Bonus and free-bet offers state the significant terms (wagering, time limits) next "
        "to the offer, not behind a link.",
    ),
    forbidden=("guaranteed win", "sure win", "sure bet", "risk-free bet", "free money",
               "beat the odds", "can't lose", "win big"),
)

FINANCE = Sector(
    key="finance", regulated=True, b2b=False,
    stems=r"financ|fintech|bank|insur|invest|lend|loan|mortgage|payment|wealth|pension|"
          r"credit|brokerage",
    model=("Financial services: {brand} earns fees, interest margin or commission on "
           "{offer}, so revenue depends on accounts opened, balances held and how long "
           "customers stay."),
    revenue=("The campaign brings {aud} to the application for {offer}; activated accounts "
             "then earn through usage, balances and further products over years, not weeks."),
    category="financial services",
    alternatives=(
        ("Traditional banks and incumbents", "the provider {aud} already use, with inertia "
         "on its side"),
        ("Digital challengers", "app-first rivals with fast onboarding and promotional rates"),
        ("Informal options", "cash, family loans or personal accounts used for business"),
        ("Staying put", "switching feels like paperwork for an uncertain gain"),
    ),
    avoid=(
        "Do not show rates, returns or fees without the conditions and risk warnings "
        "required next to them.",
        "Avoid 'free' claims unless every fee and the length of the free period are stated.",
        "Do not target people in financial difficulty with credit offers.",
    ),
    pains=(
        "Fees and conditions are buried in small print.",
        "Switching providers feels slow and risky, so poor deals go unchallenged.",
        "It is unclear which protections apply if something goes wrong.",
    ),
    objections=(
        "“Is my money safe, and who regulates you?”",
        "“What will the fees be after the introductory period?”",
        "“How much paperwork does switching take?”",
    ),
    proof=(
        "Regulatory authorisation and deposit or investor protection details on every asset "
        "about {offer}.",
        "Plain fee tables and representative examples for {offer}.",
    ),
    compliance=(
        "Risk warnings: any mention of returns, rates or growth carries the required risk "
        "warning with equal prominence; past performance is not a reliable guide.",
        "No guaranteed returns or 'no risk' language; promotions must be fair, clear and not "
        "misleading and state the key conditions and fees.",
        "Show {brand}'s regulatory status (licence or authorisation and the regulator's "
        "name) in every financial promotion.",
    ),
    forbidden=("guaranteed returns", "no risk", "risk-free investment", "can't lose",
               "get rich", "guaranteed approval", "instant approval", "beat the market"),
)

# Detection order: the narrow families first (see the module docstring).
REGULATED = (PHARMA, CRYPTO, GAMBLING, FINANCE, LEGAL, HEALTH)
