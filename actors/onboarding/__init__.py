from actors.onboarding.actor import OnboardingActor

__all__ = ["OnboardingActor"]
