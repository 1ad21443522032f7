"""Education and training."""

from __future__ import annotations

from .sector import Sector

EDUCATION = Sector(
    key="education", b2b=False,
    stems=r"educat|school|course|universit|college|tutor|training|learning|edtech|academ|"
          r"bootcamp",
    model=("Education: {brand} earns tuition or course fees for {offer}, so revenue depends "
           "on enrolments, completion and word of mouth from graduates."),
    revenue=("The campaign turns interest from {aud} into enquiries, enquiries into "
             "applications and applications into paid enrolments; graduates' stories then "
             "lower the cost of the next intake."),
    category="education and training",
    alternatives=(
        ("Free online content", "videos and forums that cost nothing but rarely lead to a "
         "credential"),
        ("Established institutions", "universities and big-name providers with brand "
         "recognition"),
        ("Other paid courses", "competing providers selling similar courses at other prices"),
        ("Learning on the job", "waiting for an employer to provide training"),
    ),
    avoid=(
        "Do not promise jobs, salaries, grades or admission; results depend on the learner "
        "and the market.",
        "Avoid hiding the total cost, including instalment interest, behind a low monthly "
        "figure.",
        "Do not use graduate stories without written consent and context on typical results.",
    ),
    pains=(
        "Career or study goals feel blocked by a skills gap that is hard to close alone.",
        "Choosing between courses is confusing because the marketing all sounds the same.",
        "Money and time are tight, so a wrong choice is costly.",
    ),
    objections=(
        "“Will this actually help me get where I want to go?”",
        "“Can I fit it around work and family?”",
        "“Is it worth the fee when so much is free online?”",
    ),
    proof=(
        "Syllabus, instructor credentials and accreditation status for {offer}, published "
        "in full.",
        "Completion and outcome data with method and cohort size, plus learner stories "
        "shared with consent.",
    ),
    compliance=(
        "Outcome claims (jobs, salaries, grades) need documented evidence and typical-result "
        "context; financing offers must name the lender and the total cost.",
    ),
    forbidden=("guaranteed job", "guaranteed placement", "guaranteed pass"),
)
