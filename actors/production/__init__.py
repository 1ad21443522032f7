from actors.production.actor import ProductionActor

__all__ = ["ProductionActor"]
