from .actor import ReportingActor

__all__ = ["ReportingActor"]
