"""Real estate: sales, lettings and new homes."""

from __future__ import annotations

from .sector import Sector

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
