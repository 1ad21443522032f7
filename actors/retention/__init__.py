from .actor import RetentionActor

__all__ = ["RetentionActor"]
