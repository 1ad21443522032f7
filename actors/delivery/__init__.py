from ._pack import verify_pack
from .actor import DeliveryActor

# verify_pack reads the published pack format back; drivers and the CLI use it to check
# what landed on disk.
__all__ = ["DeliveryActor", "verify_pack"]
