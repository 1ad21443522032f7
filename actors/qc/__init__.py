from actors.qc.actor import QcActor

__all__ = ["QcActor"]
