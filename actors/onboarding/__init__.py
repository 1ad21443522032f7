from .actor import OnboardingActor

__all__ = ["OnboardingActor"]
