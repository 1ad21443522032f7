"""The saga engine, the campaign saga and the batch supervisor.

They talk to module actors only by sending contract messages through a port; they
import contracts, never actors or ray.
"""
