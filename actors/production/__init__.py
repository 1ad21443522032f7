from .actor import ProductionActor

__all__ = ["ProductionActor"]
