"""Constraints: compliance for the brief's industry and geography, forbidden claims, brand
voice, and the requested channels the geography rules out.

Forbidden claims are plain phrases because QC and production match them against copy
word for word; the reasons live in the compliance items.
"""

from __future__ import annotations

from contracts.common import Channel
from contracts.strategy import Constraints

from ._plan_profile import Facts
from ._plan_sections import tone_words
from ._plan_text import join_words, upper_first

# Risky in any industry: absolute promises regulators everywhere ask advertisers to prove.
GENERIC_FORBIDDEN = ("guaranteed results", "#1", "number one", "risk-free",
                     "best in the world", "100% satisfaction", "instant results")
# Stricter words for a brief flagged regulated whose industry has no rules of its own here.
_REGULATED_FORBIDDEN = ("no risk", "guaranteed outcome", "clinically proven")
# Rules that exist only where an industry meets a market.
_LOCAL_RULES = {
    ("pharma", "eu"): "EU law (Directive 2001/83/EC; in Germany the Heilmittelwerbegesetz) "
    "bans advertising prescription-only medicines to the public: consumer assets may cover "
    "non-prescription products or disease awareness only.",
    ("pharma", "uk"): "UK: the Human Medicines Regulations 2012 and the ABPI Code ban "
    "promoting prescription-only medicines to the public; the MHRA enforces.",
    ("pharma", "us"): "US: FDA rules (21 CFR 202.1) require product ads to present major "
    "risks with fair balance and point to the full prescribing information; OPDP enforces.",
    ("pharma", "india"): "India: the Drugs and Magic Remedies Act and the Drugs and "
    "Cosmetics Rules bar advertising prescription drugs to the public.",
    ("pharma", "australia"): "Australia: the Therapeutic Goods Advertising Code applies, and "
    "prescription-only medicines may not be advertised to the public.",
    ("pharma", "china"): "China: drug ads need an approval number from the medical products "
    "administration; OTC ads must tell readers to use the medicine as the label or a "
    "pharmacist directs, and prescription drugs may appear only in medical journals.",
    ("health", "us"): "US: HIPAA protects patient information; no patient data or photos in "
    "marketing without written authorisation, and no tracking pixels on pages with health "
    "information.",
    ("health", "australia"): "Australia: AHPRA guidelines under the National Law ban "
    "testimonials about clinical care and misleading claims.",
    ("health", "uk"): "UK: CAP Code section 12 requires documentary evidence for health "
    "claims, and practitioners follow their regulator's advertising standards.",
    ("finance", "uk"): "UK: financial promotions must be fair, clear and not misleading (FCA "
    "COBS 4 and the Consumer Duty) and approved by an authorised person.",
    ("finance", "us"): "US: credit ads that state a rate or payment must give the APR and key "
    "terms (TILA/Regulation Z); investment ads follow SEC rules and FINRA Rule 2210.",
    ("finance", "eu"): "EU: investment marketing follows MiFID II, and consumer credit ads "
    "give a representative APR example (Consumer Credit Directive).",
    ("crypto", "uk"): "UK: crypto promotions fall under the FCA regime: the prescribed risk "
    "warning, a 24-hour cooling-off for first-time investors, and no refer-a-friend bonuses.",
    ("crypto", "eu"): "EU: MiCA requires crypto-asset marketing to be identifiable, fair, "
    "clear and not misleading, and consistent with the published white paper.",
    ("crypto", "japan"): "Japan: crypto-asset exchanges must be registered with the FSA, and "
    "ads follow the Payment Services Act and JVCEA rules on risk disclosure.",
    ("crypto", "us"): "US: the SEC, CFTC and FTC police crypto promotions; never present a "
    "token as a safe investment, and disclose every paid endorsement.",
    ("gambling", "uk"): "UK: the Gambling Commission's LCCP and the CAP/BCAP gambling rules "
    "apply: 18+ only, no strong appeal to under-18s, nobody in ads who is or looks under 25, "
    "and safer-gambling messages such as BeGambleAware.org.",
    ("gambling", "us"): "US: advertise only in states where {brand} is licensed, show the "
    "legal age (21+ in most states) and 1-800-GAMBLER, and geo-fence ads to those states.",
    ("legal", "uk"): "UK: the SRA Transparency Rules require published prices (with VAT) for "
    "listed services, and the SRA Code bars misleading publicity and unsolicited approaches.",
    ("legal", "us"): "US: ABA Model Rules 7.1 to 7.3 and state bar rules apply; many states "
    "require an 'Attorney Advertising' label and disclaimers on past results.",
}
_VOICE = {
    "confident": "state what {brand} does in plain, active sentences, backed by a fact "
                 "from the offer",
    "clear": "one idea per sentence, no jargon {aud} would have to decode",
    "warm": "write as a person talking to one of {aud}, never as a corporation",
    "friendly": "first names, short sentences and a helpful next step",
    "precise": "exact numbers and names instead of adjectives",
    "practical": "every post answers 'what do I do with this?' for {aud}",
    "playful": "light wordplay is welcome, but never at the expense of the offer's terms",
    "bold": "short, direct headlines that take a clear position",
    "understated": "let the product and the details carry the message, without superlatives",
    "professional": "measured language that a senior reader in {geo} would forward",
    "authoritative": "cite sources and explain the reasoning, not just the conclusion",
    "empathetic": "acknowledge the reader's situation before offering {offer}",
}


def constraints(f: Facts) -> Constraints:
    return Constraints(compliance=compliance(f), forbidden_claims=forbidden(f),
                       brand_voice=brand_voice(f), excluded_channels=list(f.excluded),
                       unavailable_channels=sorted({c for r in f.regions for c in r.blocked}))


def compliance(f: Facts) -> list[str]:
    """The client's own notes verbatim first, then industry rules, then each market's."""
    b = f.brief
    items = [b.compliance_notes] if b.compliance_notes else []
    items += [f.fill(rule) for rule in f.sector.compliance]
    if f.regulated and not f.sector.regulated:
        items.append(f"{upper_first(b.industry)} is treated as regulated for this brief: "
                     f"every claim needs written evidence on file and sign-off from "
                     f"{b.brand}'s compliance owner before publishing.")
    for region in f.regions:
        local = _LOCAL_RULES.get((f.sector.key, region.key))
        items += [f.fill(r) for r in (region.privacy, region.advertising, local) if r]
        if Channel.EMAIL in f.channels:
            items.append(f.fill(region.email))
    left_out = [c.value for c in f.brief.channels if c not in f.channels]
    if left_out:
        items.append(f"Platform availability in {f.geo}: {join_words(left_out)} cannot be used "
                     f"there, so the plan runs on {join_words([c.value for c in f.channels])}; "
                     "see the excluded channels for why.")
    return items


def forbidden(f: Facts) -> list[str]:
    claims = [*GENERIC_FORBIDDEN, *f.sector.forbidden]
    if f.regulated and not f.sector.regulated:
        claims += _REGULATED_FORBIDDEN
    claims += [c for r in f.regions for c in r.forbidden]
    return list(dict.fromkeys(claims))


def brand_voice(f: Facts) -> list[str]:
    b = f.brief
    items = [f"{upper_first(word)}: {f.fill(_VOICE.get(word, _unknown(word)))}."
             for word in tone_words(b.tone)[:4]]
    items.append(f"Speak to {f.aud} in {f.geo} in their own terms, and name {b.brand} in every "
                 "asset so the work is never mistaken for a competitor's.")
    items.append(f"Keep the offer's terms exact: {b.offer.strip().rstrip('.!')}.")
    if f.regulated:
        items.append("Measured, evidence-first wording: state facts the compliance owner can "
                     "verify, and let the required warnings read as part of the message.")
    return items


def _unknown(word: str) -> str:
    # The tone is the client's text: escape braces so fill() treats it as plain words.
    word = word.replace("{", "{{").replace("}", "}}")
    return (f"every post and email should read as {word} to {{aud}}, and drafts are checked "
            f"against that word before approval")
