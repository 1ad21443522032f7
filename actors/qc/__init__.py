from .actor import QcActor

__all__ = ["QcActor"]
