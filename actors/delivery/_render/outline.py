"""A format-neutral outline of the strategy document.

The PDF, the HTML page and the Markdown file all render this one outline, so the client
reads the same plan whichever file they open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from contracts.production import Asset


@dataclass(frozen=True)
class Para:
    text: str
    label: str = ""  # a lead-in such as "Problem", shown in bold before the text
    quote: bool = False


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    widths: tuple[float, ...] = ()  # relative column widths; equal when empty


@dataclass(frozen=True)
class Sub:
    """A subheading inside a section; a minor one sits under a major one."""

    text: str
    minor: bool = False


Block = Para | Bullets | Table | Sub


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def labelled(label: str, items: list[str]) -> list[Block]:
    """A subheading followed by its bullets; nothing when there are no items."""
    return [Sub(label), Bullets(items)] if items else []


def asset_heading(asset: Asset) -> str:
    name = asset.title or asset.subject or asset.asset_id
    seq = f" #{asset.sequence}" if asset.sequence is not None else ""
    return f"{asset.kind.capitalize()}{seq}: {name}"


def asset_fields(asset: Asset) -> list[tuple[str, str | list[str]]]:
    """Every published field of an asset, labelled, in reading order; empty ones left out."""
    fields: list[tuple[str, str | list[str]]] = [
        ("Asset id", asset.asset_id),
        ("Title", asset.title or ""),
        ("Subject", asset.subject or ""),
        ("Preheader", asset.preheader or ""),
        ("Headlines", list(asset.headlines)),
        ("Descriptions", list(asset.descriptions)),
        ("Hook", asset.hook or ""),
        ("Body", asset.body),
        ("Call to action", asset.cta),
        ("Hashtags", " ".join(asset.hashtags)),
        ("Pillar", asset.pillar),
        ("Strategy", f"{asset.strategy_id} v{asset.strategy_version}" if asset.strategy_id
         else ""),
    ]
    return [(label, value) for label, value in fields if value]


def asset_blocks(asset: Asset) -> list[Block]:
    """An asset as outline blocks: lists become bullets, the body keeps its paragraphs."""
    blocks: list[Block] = [Sub(asset_heading(asset), minor=True)]
    for label, value in asset_fields(asset):
        if isinstance(value, list):
            blocks += [Para("", label=label), Bullets(value)]
        elif label == "Body":
            parts = [p.strip() for p in value.split("\n\n") if p.strip()]
            blocks += [Para(parts[0], label=label)] + [Para(p) for p in parts[1:]]
        else:
            blocks.append(Para(value, label=label))
    return blocks


def with_hash(tag: str) -> str:
    """`tag` as a pack shows it, with its leading "#": a BuildPack's hashtag sets come from
    its sender as written, and one may leave the "#" off. (Not actors._text.hashtag, which
    makes a tag from free text.)"""
    return tag if tag.startswith("#") else f"#{tag}"
