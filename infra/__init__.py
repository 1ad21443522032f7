"""Plumbing shared by actors and supervisors: the clock port and the SQLite unit of work.

No business logic and no ray; it imports nothing else of this project.
"""
