"""What the strategy knows about a geography: its privacy, email and advertising rules,
a local thing not to do, and which channels simply do not work there.

Texts are templates filled from the brief ({brand}, {geo}, {aud}); a brief naming several
markets ("UK and Germany") gets the rules of each. Which regions apply comes from the ISO
countries onboarding resolved from the geography (contracts.geography), the same ones
billing taxes: "London" gets UK rules here and UK VAT on its invoice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from contracts.common import Channel
from contracts.geography import EEA_COUNTRIES

_GFW = "blocked in mainland China by the Great Firewall"
_RU = "blocked or withdrawn in Russia since 2022"


@dataclass(frozen=True)
class Region:
    key: str
    countries: frozenset[str]  # ISO 3166-1 alpha-2 codes the rules apply in
    privacy: str
    email: str  # applies only when email is in the plan
    advertising: str
    avoid: str
    blocked: dict[Channel, str] = field(default_factory=dict)
    forbidden: tuple[str, ...] = ()


REGIONS = (
    Region(
        "china", frozenset({"CN"}),
        privacy=("China PIPL: separate consent for marketing use of personal information, a "
                 "published handling notice, and a security assessment or standard contract "
                 "before any data leaves mainland China."),
        email=("Email in China: explicit opt-in consent, a working unsubscribe, and "
               "advertising emails labelled 'AD' (广告) in the subject line."),
        advertising=("PRC Advertising Law: no absolute terms such as 'best', 'highest' or "
                     "'national-level', online ads labelled as advertising, and ICP filing "
                     "for any website hosted in China."),
        avoid=("Do not plan around Western social or ad platforms for {geo}: they are "
               "blocked, and VPN workarounds put {brand} at legal risk."),
        blocked={Channel.INSTAGRAM: _GFW, Channel.FACEBOOK: _GFW, Channel.X: _GFW,
                 Channel.GOOGLE_ADS: _GFW, Channel.META_ADS: _GFW,
                 Channel.SHORT_VIDEO: "Reels, YouTube Shorts and TikTok are unavailable in "
                 "mainland China (Douyin needs a local entity and account)"},
        forbidden=("the best", "highest-level", "national-level", "No. 1"),
    ),
    Region(
        "russia", frozenset({"RU"}),
        privacy=("Russia: Federal Law 152-FZ requires personal data of Russian citizens to "
                 "be stored first in databases in Russia, with written consent for marketing."),
        email="Email in Russia: the Law on Advertising requires prior consent for ad emails.",
        advertising=("Russia: online ads must be labelled and registered (erid token) under "
                     "the Law on Advertising; Meta is designated extremist, so its "
                     "platforms must not be promoted."),
        avoid="Do not link to Instagram or Facebook accounts in creative for {geo}.",
        blocked={Channel.INSTAGRAM: _RU, Channel.FACEBOOK: _RU, Channel.X: _RU,
                 Channel.META_ADS: _RU, Channel.LINKEDIN: "blocked in Russia since 2016",
                 Channel.GOOGLE_ADS: "Google suspended ad serving in Russia in March 2022"},
    ),
    Region(
        "uk", frozenset({"GB"}),
        privacy=("UK GDPR and the Data Protection Act 2018 govern every lead collected: a "
                 "lawful basis, a clear privacy notice, and PECR consent before "
                 "non-essential cookies or retargeting pixels fire."),
        email=("UK GDPR and PECR for email: consent (or the soft opt-in for existing "
               "customers) before any marketing email, and an unsubscribe link in each one."),
        advertising=("UK ASA/CAP Code: ads must be obviously identifiable (#ad on paid "
                     "creator posts), claims need evidence held before publishing, and price "
                     "claims must be genuine under CMA guidance."),
        avoid=("Do not use fake urgency (countdowns that reset, invented stock levels); the "
               "CMA can fine it under the DMCC Act 2024."),
    ),
    Region(
        "eu", frozenset(EEA_COUNTRIES),
        privacy=("GDPR: a lawful basis for every use of personal data, a privacy notice at "
                 "each sign-up, and prior ePrivacy consent before cookies or retargeting "
                 "pixels fire."),
        email=("GDPR and ePrivacy consent for email: opt-in consent recorded with time and "
               "source (double opt-in, as German courts expect), and an unsubscribe link in "
               "every message."),
        advertising=("EU Unfair Commercial Practices Directive: paid and influencer content "
                     "labelled as advertising, and any price reduction shown against the "
                     "lowest price of the previous 30 days (Omnibus Directive)."),
        avoid=("Do not ship one English creative across {geo}: local language, the legal "
               "notice (Impressum in German-speaking markets) and cookie consent come first."),
    ),
    Region(
        "us", frozenset({"US"}),
        privacy=("US privacy: state laws such as California's CCPA/CPRA require notice at "
                 "collection and a 'Do Not Sell or Share' opt-out for cross-context ads."),
        email=("CAN-SPAM for email: accurate sender and subject line, a valid postal "
               "address, and a clear unsubscribe honoured within 10 business days."),
        advertising=("FTC endorsement rules: creators and employees disclose any material "
                     "connection (#ad) clearly and up front; reviews must be genuine and not "
                     "cherry-picked."),
        avoid=("Do not copy one national campaign across states without checking "
               "state rules on pricing, sweepstakes and privacy."),
    ),
    Region(
        "canada", frozenset({"CA"}),
        privacy=("Canada: PIPEDA (and Quebec's Law 25) require meaningful consent and a "
                 "privacy notice for the personal information the campaign collects."),
        email=("CASL for email: express or implied consent on record, sender identification "
               "and an unsubscribe processed within 10 business days."),
        advertising=("Canada: the Competition Act bans misleading claims and drip pricing; Ad "
                     "Standards' influencer guidelines require #ad on paid posts."),
        avoid=("Do not run English-only creative where it reaches Quebec: the Charter of the "
               "French Language requires French in commercial advertising."),
    ),
    Region(
        "australia", frozenset({"AU"}),
        privacy=("Australia: the Privacy Act 1988 and the Australian Privacy Principles "
                 "cover every lead and customer record the campaign collects."),
        email=("Spam Act 2003 for email: consent, accurate sender details and a working "
               "unsubscribe honoured within five business days."),
        advertising=("Australian Consumer Law: no misleading conduct, including on price; "
                     "the AANA Code requires paid influencer content to be clearly marked."),
        avoid="Do not use drip pricing or hidden fees; the ACCC enforces total-price display.",
    ),
    Region(
        "india", frozenset({"IN"}),
        privacy=("India: the Digital Personal Data Protection Act 2023 requires clear notice "
                 "and consent for marketing use of personal data, and easy withdrawal."),
        email=("Email and SMS in India: honour consent and opt-outs; TRAI's commercial "
               "communication rules cover any SMS or call follow-up."),
        advertising=("India: the ASCI Code and the Consumer Protection Act 2019 apply, "
                     "including the CCPA rules on misleading ads and dark patterns; "
                     "influencers must disclose paid partnerships."),
        avoid=("Do not rely on English-only creative; plan regional-language variants for "
               "audiences across {geo}."),
    ),
    Region(
        "brazil", frozenset({"BR"}),
        privacy=("Brazil: the LGPD requires a legal basis (usually consent for marketing) and "
                 "a clear privacy notice for every lead collected."),
        email="Email in Brazil: LGPD consent for marketing and an unsubscribe in every send.",
        advertising=("Brazil: the CONAR code and the Consumer Defence Code ban misleading "
                     "ads; influencer posts must be flagged as advertising (#publi)."),
        avoid=("Do not translate English copy word for word; tone and payment habits (Pix, "
               "instalments) differ in {geo}."),
    ),
    Region(
        "japan", frozenset({"JP"}),
        privacy=("Japan: the APPI requires a stated purpose of use and consent before personal "
                 "data is shared with third parties, including ad platforms."),
        email=("Japan's Specified Electronic Mail Act: prior opt-in consent, sender details "
               "and an opt-out in every marketing email."),
        advertising=("Japan: the Premiums and Representations Act bans misleading claims and, "
                     "since October 2023, undisclosed stealth marketing; label paid posts."),
        avoid=("Do not use hard-sell copy; {aud} in {geo} respond to detail, politeness and "
               "trust."),
    ),
    Region(
        "uae", frozenset({"AE"}),
        privacy=("UAE: the Personal Data Protection Law (Federal Decree-Law 45 of 2021) "
                 "requires consent and a stated purpose for marketing use of personal data."),
        email="Email and SMS in the UAE: opt-in consent and an opt-out in every message.",
        advertising=("UAE: the Media Council's advertising standards apply, paid influencers "
                     "need an advertiser permit, and content must respect local values."),
        avoid="Do not schedule food- or party-led creative without adjusting it for Ramadan.",
    ),
)

GLOBAL = Region(
    "global", frozenset(),
    privacy=("Data protection in {geo}: confirm the local privacy law before collecting "
             "leads; collect only what the campaign needs, say why, and keep consent records."),
    email=("Email: send only to people who opted in, name {brand} as the sender and include "
           "a working unsubscribe in every message."),
    advertising=("Advertising in {geo}: claims must be truthful and substantiated, paid "
                 "partnerships disclosed, and prices shown with all mandatory fees and taxes."),
    avoid=("Do not assume another market's playbook works in {geo}; check local platforms, "
           "languages and holidays before launch."),
)
# When nothing is blocked no fallback is needed; when everything is, owned channels remain.
FALLBACK = (Channel.EMAIL, Channel.BLOG)


def regions_of(countries: Sequence[str]) -> tuple[Region, ...]:
    """The regions whose rules apply in any of the ISO `countries`, in table order; GLOBAL
    when none does. Hong Kong, Macao and Taiwan are their own ISO countries, so they are
    not behind the mainland's firewall; Northern Ireland is the United Kingdom."""
    named = set(countries)
    return tuple(r for r in REGIONS if r.countries & named) or (GLOBAL,)


def available_channels(channels: list[Channel], regions: tuple[Region, ...],
                       geography: str) -> tuple[list[Channel], list[str]]:
    """The requested channels that work in the geography, and why each other one is out."""
    blocked = {c: why for r in regions for c, why in r.blocked.items()}
    kept = [c for c in channels if c not in blocked]
    notes = [f"{c.value}: {blocked[c]}, so it is left out of the plan for {geography}."
             for c in channels if c in blocked]
    if not kept:
        kept = list(FALLBACK)
        notes.append(f"No requested channel is available in {geography}, so the plan falls "
                     "back to owned channels: email and blog.")
    return kept, notes
