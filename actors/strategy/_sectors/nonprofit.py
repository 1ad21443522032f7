"""Nonprofits: charities and causes."""

from __future__ import annotations

from .sector import Sector

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
