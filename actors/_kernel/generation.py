"""The generation port: how copy gets its final wording.

Production always writes a deterministic draft that meets every rule it knows. A
TextGenerator may then reword it. The default returns the draft unchanged (offline,
reproducible); an LLM provider sits behind the same port, selected by configuration.
QC runs the same rules over whatever came out.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CopyRequest:
    """Everything a writer needs to reword one piece of copy, and the limits it must keep."""

    channel: str
    kind: str  # post | caption | ad | email | outline | script
    brand: str
    offer: str
    audience: str
    pillar: str
    cta: str
    tone: str
    max_chars: int
    draft: str  # the deterministic draft: the default answer, and the LLM's starting point
    must_include: tuple[str, ...] = field(default=())  # verbatim strings (brand, CTA, ...)
    forbidden: tuple[str, ...] = field(default=())  # claims the strategy forbids
    seed: int = 0


class TextGenerator:
    """Port. `name` says which generator wrote a pack's copy (it goes into the manifest)."""

    name = "abstract"

    async def write(self, request: CopyRequest) -> str:
        raise NotImplementedError

    async def close(self) -> None:
        """Release connections; the default holds none."""


class DraftGenerator(TextGenerator):
    """The default: the deterministic draft is the copy."""

    name = "deterministic"

    async def write(self, request: CopyRequest) -> str:
        return request.draft
