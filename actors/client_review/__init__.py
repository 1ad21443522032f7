from .actor import ClientReviewActor

__all__ = ["ClientReviewActor"]
