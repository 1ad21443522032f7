"""Legal services: regulated like finance and health, because bar and law-society rules
forbid promising outcomes and restrict how firms may approach people who need help.
"""

from __future__ import annotations

from .sector import Sector

LEGAL = Sector(
    key="legal", regulated=True, b2b=False,
    stems=r"legal|laws?\b|lawyer|solicitor|attorney|notar|barrister|litigation",
    model=("Legal services: {brand} earns fixed fees, hourly fees or retainers for {offer}, "
           "so revenue depends on qualified enquiries that become instructed matters."),
    revenue=("The campaign helps {aud} recognise when they need {offer}, builds trust with "
             "clear prices and expertise, and turns enquiries into instructions."),
    category="legal services",
    alternatives=(
        ("Other firms", "local and national firms offering the same service"),
        ("Online legal services", "low-cost templates and do-it-yourself tools"),
        ("No lawyer at all", "handling the matter alone or letting it drift"),
        ("Claims intermediaries", "firms that advertise heavily and take a share"),
    ),
    avoid=(
        "Do not promise or imply outcomes; every matter turns on its own facts.",
        "Avoid quoting past case results without context and the required disclaimers.",
        "Do not make unsolicited approaches to people who may need legal help.",
    ),
    pains=(
        "Fear of legal costs that keep growing with no end in sight.",
        "Legal jargon makes the process hard to follow and harder to plan around.",
        "Worry about picking the wrong firm for a matter that matters.",
    ),
    objections=(
        "“How much will this really cost, all in?”",
        "“Who will actually handle my matter day to day?”",
        "“What are my chances?”",
    ),
    proof=(
        "Regulatory status and qualifications of the lawyers who handle {offer}.",
        "Published prices, what they include and typical timescales for {offer}.",
    ),
    compliance=(
        "No outcome guarantees: never promise or imply a result; past results do not predict "
        "future outcomes and carry the required disclaimer.",
        "Show the firm's regulatory status and the regulator's name; fee information must "
        "be clear and state what is included.",
        "Client confidentiality: no client names, matters or testimonials without written "
        "consent.",
    ),
    forbidden=("guaranteed outcome", "we always win", "100% success rate", "win your case",
               "guaranteed compensation", "best lawyers"),
)
