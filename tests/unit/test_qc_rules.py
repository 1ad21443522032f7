"""QC rules: each rule catches its seeded defect and passes clean copy; scoring is exact."""

from __future__ import annotations

import pytest

from actors.qc._rules import evaluate
from contracts.common import Channel, Severity
from contracts.production import Asset
from contracts.qc import QcCheck, QcReport, QcStatus

BRAND = "Northwind"
CTA = "Book a demo"


def linkedin(**changes: object) -> Asset:
    base = Asset(
        asset_id="li-1",
        channel=Channel.LINKEDIN,
        kind="post",
        body=(
            "Finance teams lose a week every month to manual reconciliation. Northwind "
            "matches transactions as they land, so the close takes days, not weeks. "
            "Book a demo and see your own ledger reconciled."
        ),
        cta=CTA,
        pillar="speed",
    )
    return base.model_copy(update=changes)


def x_post(**changes: object) -> Asset:
    base = Asset(
        asset_id="x-1",
        channel=Channel.X,
        kind="post",
        body="Month-end in days, not weeks. Northwind reconciles as you go. Book a demo. #FinOps",
        hashtags=["FinOps"],
        cta=CTA,
        pillar="speed",
    )
    return base.model_copy(update=changes)


def instagram(**changes: object) -> Asset:
    base = Asset(
        asset_id="ig-1",
        channel=Channel.INSTAGRAM,
        kind="caption",
        body=(
            "No more spreadsheet marathons at month-end. Northwind keeps the books "
            "reconciled every day. Book a demo from the link in bio. #FinOps #Accounting"
        ),
        hashtags=["FinOps", "Accounting"],
        cta=CTA,
        pillar="calm",
    )
    return base.model_copy(update=changes)


def email(**changes: object) -> Asset:
    base = Asset(
        asset_id="em-1",
        channel=Channel.EMAIL,
        kind="email",
        subject="Close the books in days with Northwind",
        body=(
            "Hi there,\n\nYour team should not spend a week chasing mismatched "
            "transactions. Northwind reconciles continuously, so month-end is a review, "
            "not a rescue.\n\nBook a demo and we will walk through your own numbers."
        ),
        cta=CTA,
        pillar="trust",
    )
    return base.model_copy(update=changes)


def clean_set() -> list[Asset]:
    return [linkedin(), x_post(), instagram(), email()]


def check(report: QcReport, check_id: str, asset_id: str | None) -> QcCheck:
    [found] = [c for c in report.checks if c.check_id == check_id and c.asset_id == asset_id]
    return found


def failed(report: QcReport) -> list[tuple[str, str | None]]:
    return [(c.check_id, c.asset_id) for c in report.checks if not c.passed]


def test_clean_set_passes_every_check_with_full_score() -> None:
    report = evaluate(BRAND, clean_set())

    assert failed(report) == []
    assert report.status is QcStatus.PASS
    assert report.score == 100


def test_checks_are_ordered_by_asset_then_rule_and_only_for_the_assets_channel() -> None:
    report = evaluate(BRAND, clean_set())

    assert [(c.check_id, c.asset_id) for c in report.checks] == [
        ("placeholder", "li-1"),
        ("limit.linkedin", "li-1"),
        ("cta", "li-1"),
        ("brand", "li-1"),
        ("placeholder", "x-1"),
        ("limit.x", "x-1"),
        ("cta", "x-1"),
        ("brand", "x-1"),
        ("placeholder", "ig-1"),
        ("limit.instagram", "ig-1"),
        ("limit.instagram_hashtags", "ig-1"),
        ("hashtags.present", "ig-1"),
        ("cta", "ig-1"),
        ("brand", "ig-1"),
        ("placeholder", "em-1"),
        ("limit.email_subject", "em-1"),
        ("cta", "em-1"),
        ("brand", "em-1"),
        ("duplicate", None),
    ]


def test_same_input_gives_identical_report() -> None:
    assert evaluate(BRAND, clean_set()) == evaluate(BRAND, clean_set())


@pytest.mark.parametrize(
    "residue",
    [
        "TBD",
        "todo",
        "{{first_name}}",
        "{{ offer.url }}",
        "[Brand]",
        "[brand]",
        "[Client Name]",
        "[CLIENT_NAME]",
        "lorem ipsum",
        "Lorem  Ipsum",
        "<insert link>",
        "<INSERT testimonial here>",
    ],
)
def test_placeholder_is_a_blocker_quoting_the_match(residue: str) -> None:
    asset = linkedin(body=linkedin().body + f" Price: {residue}.")

    report = evaluate(BRAND, [asset, x_post(), instagram(), email()])

    placeholder = check(report, "placeholder", "li-1")
    assert not placeholder.passed
    assert placeholder.severity is Severity.BLOCKER
    assert f'"{residue}"' in placeholder.evidence
    assert placeholder.fix
    assert failed(report) == [("placeholder", "li-1")]
    assert (report.status, report.score) == (QcStatus.FAIL, 70)


def test_placeholder_in_email_subject_is_caught() -> None:
    report = evaluate(BRAND, [email(subject="Hi {{first_name}}, meet Northwind")])

    assert failed(report) == [("placeholder", "em-1")]


@pytest.mark.parametrize(
    "prose",
    [
        "Our todos app users love it",
        "Outstanding invoices, cleared.",
        "Reference tbdx-42 and photodocs.",
        "Lorem is not a placeholder on its own",
        "As he wrote [sic], it works",
        "[Learn More](https://northwind.example)",
        "Use {single} braces and <b>bold</b>",
    ],
)
def test_real_words_are_not_flagged_as_placeholders(prose: str) -> None:
    report = evaluate(BRAND, [linkedin(body=linkedin().body + " " + prose)])

    assert check(report, "placeholder", "li-1").passed


def test_x_post_over_280_chars_is_a_blocker_with_measured_length() -> None:
    body = x_post().body
    long_body = body + " " + "a" * (281 - len(body) - 1)
    assert len(long_body) == 281

    report = evaluate(BRAND, [x_post(body=long_body)])

    limit = check(report, "limit.x", "x-1")
    assert (limit.passed, limit.severity) == (False, Severity.BLOCKER)
    assert "281" in limit.evidence and "280" in limit.evidence
    assert (report.status, report.score) == (QcStatus.FAIL, 70)


def test_x_post_of_exactly_280_chars_passes() -> None:
    body = x_post().body
    report = evaluate(BRAND, [x_post(body=body + " " + "a" * (280 - len(body) - 1))])

    assert check(report, "limit.x", "x-1").passed


def test_the_280_char_limit_does_not_apply_to_linkedin() -> None:
    body = linkedin().body + " " + "b" * 400
    report = evaluate(BRAND, [linkedin(body=body)])

    assert check(report, "limit.linkedin", "li-1").passed
    assert not [c for c in report.checks if c.check_id == "limit.x"]


def test_linkedin_over_3000_chars_is_a_blocker() -> None:
    body = linkedin().body + " " + "b" * 3000

    report = evaluate(BRAND, [linkedin(body=body)])

    limit = check(report, "limit.linkedin", "li-1")
    assert not limit.passed
    assert f"is {len(body)}; limit 3000" in limit.evidence


def test_instagram_caption_over_2200_chars_is_a_blocker() -> None:
    report = evaluate(BRAND, [instagram(body=instagram().body + " " + "c" * 2200)])

    assert failed(report) == [("limit.instagram", "ig-1")]
    assert report.score == 70


def test_31_hashtags_is_a_major_warning() -> None:
    tags = " ".join(f"#tag{i}" for i in range(29))  # plus the caption's own two

    report = evaluate(BRAND, [instagram(body=instagram().body + " " + tags)])

    limit = check(report, "limit.instagram_hashtags", "ig-1")
    assert (limit.passed, limit.severity) == (False, Severity.MAJOR)
    assert "is 31; limit 30" in limit.evidence
    assert failed(report) == [("limit.instagram_hashtags", "ig-1")]
    assert (report.status, report.score) == (QcStatus.WARN, 90)


def test_exactly_30_hashtags_passes() -> None:
    body = instagram().body + " " + " ".join(f"#tag{i}" for i in range(28))

    assert failed(evaluate(BRAND, [instagram(body=body)])) == []


def test_instagram_caption_without_hashtags_is_a_minor_warning() -> None:
    body = "Northwind keeps the books reconciled every day. Book a demo from the link in bio."

    report = evaluate(BRAND, [instagram(body=body, hashtags=[])])

    present = check(report, "hashtags.present", "ig-1")
    assert (present.passed, present.severity) == (False, Severity.MINOR)
    assert (report.status, report.score) == (QcStatus.WARN, 97)


def test_email_subject_of_61_chars_is_a_major_warning() -> None:
    subject = "Northwind: " + "s" * 50
    assert len(subject) == 61

    report = evaluate(BRAND, [email(subject=subject)])

    limit = check(report, "limit.email_subject", "em-1")
    assert (limit.passed, limit.severity) == (False, Severity.MAJOR)
    assert "61" in limit.evidence and "60" in limit.evidence
    assert (report.status, report.score) == (QcStatus.WARN, 90)


@pytest.mark.parametrize("subject", [None, "", "   "])
def test_email_without_subject_fails_the_subject_check(subject: str | None) -> None:
    report = evaluate(BRAND, [email(subject=subject)])

    assert failed(report) == [("limit.email_subject", "em-1")]


def test_cta_missing_from_body_is_a_blocker() -> None:
    report = evaluate(BRAND, [linkedin(cta="Start a free trial")])

    cta = check(report, "cta", "li-1")
    assert (cta.passed, cta.severity) == (False, Severity.BLOCKER)
    assert "Start a free trial" in cta.evidence
    assert (report.status, report.score) == (QcStatus.FAIL, 70)


def test_empty_cta_is_a_blocker() -> None:
    assert failed(evaluate(BRAND, [x_post(cta="  ")])) == [("cta", "x-1")]


def test_cta_match_ignores_case() -> None:
    assert check(evaluate(BRAND, [x_post(cta="BOOK A DEMO")]), "cta", "x-1").passed


def test_missing_brand_is_a_blocker() -> None:
    body = x_post().body.replace("Northwind", "We")

    report = evaluate(BRAND, [x_post(body=body)])

    brand = check(report, "brand", "x-1")
    assert (brand.passed, brand.severity) == (False, Severity.BLOCKER)
    assert f'"{BRAND}"' in brand.evidence
    assert (report.status, report.score) == (QcStatus.FAIL, 70)


def test_brand_in_email_subject_only_is_enough() -> None:
    body = email().body.replace("Northwind", "We")

    assert check(evaluate(BRAND, [email(body=body)]), "brand", "em-1").passed


def test_brand_match_ignores_case() -> None:
    assert check(evaluate("NORTHWIND", [x_post()]), "brand", "x-1").passed


def test_duplicate_bodies_are_a_minor_warning_over_the_set() -> None:
    same = "  " + x_post().body.upper().replace(" ", "\n ") + " "
    assets = [linkedin(body=x_post().body), x_post(), instagram(), email(body=same)]

    report = evaluate(BRAND, assets)

    dup = check(report, "duplicate", None)
    assert (dup.passed, dup.severity) == (False, Severity.MINOR)
    assert "li-1 = x-1 = em-1" in dup.evidence
    assert failed(report) == [("duplicate", None)]
    assert (report.status, report.score) == (QcStatus.WARN, 97)


def test_score_sums_penalties_by_severity() -> None:
    assets = [
        x_post(body=x_post().body + " TBD"),  # BLOCKER -30
        instagram(body=instagram().body + " " + " ".join(f"#t{i}" for i in range(29))),  # MAJOR
        email(subject="Northwind " + "s" * 60),  # MAJOR -10
        linkedin(body=x_post().body + " TBD"),  # duplicate of x-1: MINOR -3, placeholder -30
    ]

    report = evaluate(BRAND, assets)

    assert sorted(failed(report), key=str) == sorted(
        [
            ("placeholder", "x-1"),
            ("limit.instagram_hashtags", "ig-1"),
            ("limit.email_subject", "em-1"),
            ("placeholder", "li-1"),
            ("duplicate", None),
        ],
        key=str,
    )
    assert report.score == 100 - 30 - 10 - 10 - 30 - 3
    assert report.status is QcStatus.FAIL


def test_warn_when_only_non_blockers_fail() -> None:
    assets = [email(subject="s" * 61), instagram(body=instagram().body.split(" #")[0])]

    report = evaluate(BRAND, assets)

    assert report.score == 100 - 10 - 3
    assert report.status is QcStatus.WARN


def test_score_floors_at_zero() -> None:
    broken = [
        x_post(asset_id=f"x-{i}", body=f"TBD post {i}", cta="Sign up") for i in range(4)
    ]  # each: placeholder + cta + brand = 3 blockers, 12 in all

    report = evaluate(BRAND, broken)

    assert len(report.blockers) == 12
    assert (report.status, report.score) == (QcStatus.FAIL, 0)
