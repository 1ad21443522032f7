"""Message contracts: frozen pydantic models and the msgpack envelope codec.

Pure data. Nothing here imports actors, supervisors, the runtime, ray or sqlalchemy.
"""
