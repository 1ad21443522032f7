from .actor import StrategyActor

__all__ = ["StrategyActor"]
