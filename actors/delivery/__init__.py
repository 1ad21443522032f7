from actors.delivery.actor import DeliveryActor

__all__ = ["DeliveryActor"]
