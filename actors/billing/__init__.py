from ._rate_parse import RateCardError
from ._rates import RateCard
from .actor import BillingActor

# RateCard.from_file loads a rate card JSON file; pass it to BillingActor(rate_card=...).
__all__ = ["BillingActor", "RateCard", "RateCardError"]
