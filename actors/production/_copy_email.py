"""The email sequence: three sends (introduce, show value, answer the doubt).

Every email has a subject within 60 characters, a preheader within 100, a greeting,
its content, exactly one call-to-action line, a sign-off and an unsubscribe footer as
its last line, because anti-spam law and the inbox providers require one.
"""

from __future__ import annotations

from . import _copy_limits as limits
from ._copy_context import Context, Draft, Piece
from ._copy_text import bare, cap, fit, sentence, sentences, shorten

EMAILS_IN_SEQUENCE = 3
_GREETINGS = ("Hi there,", "Hello,", "Hi,")


def footer(ctx: Context) -> str:
    """The unsubscribe line every email ends with."""
    return (f"You are receiving this because you opted in to emails from {ctx.brand}. "
            "Unsubscribe any time with the link in this footer.")


def email(p: Piece) -> Draft:
    ctx = p.ctx
    hook = p.hooks.take(p.pillar, 100)
    content = _CONTENT[p.n](p)
    body = "\n\n".join([p.rng.choice(_GREETINGS), hook, *content, ctx.cta,
                        f"The {ctx.brand} team", "--", footer(ctx)])
    return Draft("email", body, hook, subject=_subject(p), preheader=_preheader(p),
                 sequence=p.n)


def _introduce(p: Piece) -> list[str]:
    ctx = p.ctx
    return [f"{ctx.brand} has something for {ctx.audience} in {ctx.geography}: "
            f"{sentence(ctx.offer)}",
            sentences(p.topic, ctx.resolution)]


def _value(p: Piece) -> list[str]:
    ctx = p.ctx
    proof = [f"- {sentence(cap(x))}" for x in ctx.proofs[:3]]
    lines = [sentences(p.topic, *ctx.problem)]
    if proof:
        lines.append(f"What {ctx.brand} brings:\n" + "\n".join(proof))
    return lines


def _answer(p: Piece) -> list[str]:
    ctx = p.ctx
    doubt = (f'A question worth answering before you decide: "{sentence(cap(ctx.objections[0]))}"'
             if ctx.objections else sentences(ctx.support(p.k)))
    return [doubt, sentences(p.topic, ctx.support(p.k + 1)),
            f"A reminder of the offer. {ctx.presents(shorten(ctx.offer, 90))}"]


_CONTENT = {1: _introduce, 2: _value, 3: _answer}


def _subject(p: Piece) -> str:
    ctx = p.ctx
    offer = shorten(ctx.offer, limits.EMAIL_SUBJECT - len(ctx.brand) - 2)
    options = {
        1: [f"{ctx.brand}: {bare(ctx.offer)}", f"{ctx.brand}: {offer}", ctx.brand],
        2: [f"{cap(bare(p.topic))} | {ctx.brand}", cap(bare(p.topic)), f"More from {ctx.brand}"],
        3: [f"Before you decide: a note from {ctx.brand}", f"A last word from {ctx.brand}",
            ctx.brand],
    }[p.n]
    # A brand name past 60 chars still needs a subject; the last resort is cut to fit.
    return fit([*options, shorten(options[-1], limits.EMAIL_SUBJECT)], limits.EMAIL_SUBJECT, len)


def _preheader(p: Piece) -> str:
    ctx = p.ctx
    options = [sentences(ctx.support(p.k + p.n, limits.EMAIL_PREHEADER - 1)), sentences(p.topic),
               f"News from {ctx.brand} for {ctx.audience}."]
    return fit([*options, sentence(shorten(options[-1], limits.EMAIL_PREHEADER - 1))],
               limits.EMAIL_PREHEADER, len)
