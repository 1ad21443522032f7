from actors.strategy.actor import StrategyActor

__all__ = ["StrategyActor"]
