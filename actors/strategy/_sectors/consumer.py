"""What consumers buy week to week: retail goods and food."""

from __future__ import annotations

from .sector import Sector

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
