"""Business modules. Each is a plain class with async handlers that owns its own tables.

No module imports another, and none imports ray: runtime.py makes them Ray actors.
"""
