from .actor import CamActor

__all__ = ["CamActor"]
