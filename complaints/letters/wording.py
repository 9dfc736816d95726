"""The wording every letter starts with: each force's first version of each template.

Pure data, so that a migration may read it. An administrator's later versions live in
the database (``models.LetterTemplate``); these texts are never changed in place once a
force has used them, because each issued letter records the version it was made from.
"""

# ruff: noqa: E501 (a paragraph is one line of a template: the letter wraps it)

ACKNOWLEDGEMENT = """\
# Your complaint: acknowledgement

Dear {{ addressed_as }},

Thank you for your complaint, which we received on {{ received_on }}. Your reference is **{{ reference }}**: please quote it whenever you contact us.

## Who is handling your complaint

{% if handler_name %}
{{ handler_name }} in our {{ office_name }} is handling your complaint.
{% else %}
A member of our {{ office_name }} will handle your complaint.
{% endif %}

## What happens next

{{ next_steps }}

## How we will keep you informed

{{ keep_informed }}
"""

UPDATE = """\
# An update on your complaint

Dear {{ addressed_as }},

We are writing to update you on your complaint, reference **{{ reference }}**, which we received on {{ received_on }}.

## Progress

{{ progress }}

## Your next update

We will write to you again by {{ next_update_by }} at the latest, or sooner if there is news.
"""

OUTCOME = """\
# The outcome of your complaint

Dear {{ addressed_as }},

We have finished handling your complaint, reference **{{ reference }}**, which we received on {{ received_on }}. This letter tells you the outcome of each part of it.

{% for allegation in allegations %}
## Part {{ allegation.number }}: {{ allegation.category }}

{% if allegation.about %}
This part is about what happened {{ allegation.about }}.

{% endif %}
**Result: {{ allegation.result }}.** {{ allegation.result_words }}

{% if allegation.actions %}
**What we have done:** {{ allegation.actions }}

{% endif %}
{% endfor %}
{% if explanation %}
## Why we reached this outcome

{{ explanation }}

{% endif %}
{% if apology %}
## Our apology

{{ apology }}

{% endif %}
## Your right to a review

{% if not schedule_3 %}
We dealt with your complaint informally, aiming to put things right for you, so there is no right of review of this outcome. If you are unhappy with it, contact us quoting your reference, {{ reference }}.
{% elif no_review_reason %}
There is no right of review of this outcome: {{ no_review_reason }}.
{% else %}
If you are not satisfied with the outcome, you can apply for a review. Your review would be decided by the **{{ review_body }}**.

{% if review_reason %}
Why the {{ review_body_short }} reviews it: {{ review_reason }}.

{% endif %}
**Your application must reach the {{ review_body_short }} by {{ review_apply_by }}.** That is {{ review_window_days }} days counted from the day after we told you the outcome, on {{ review_notified_on }}. A late application is accepted only if there are special circumstances.

To apply, write to the {{ review_body_short }} giving your name and address, your reference {{ reference }}, the force that handled your complaint ({{ force_name }}), the date of this letter, and why you are not satisfied with the outcome.
{% if review_contact %}

{{ review_contact }}
{% endif %}
{% endif %}
"""

WITHDRAWAL = """\
# Withdrawal of your complaint

Dear {{ addressed_as }},

We have received your signed notice dated {{ withdrawal_notice_on }} withdrawing your complaint, reference **{{ reference }}**.

We have recorded that your complaint is withdrawn, so we will take no further action on it. We keep the record of your complaint and of its withdrawal.

If you did not mean to withdraw your complaint, contact us as soon as possible quoting your reference.
"""

_REVIEW_OPENING = """\
Dear {{ addressed_as }},

Thank you for your application for a review of the outcome of your complaint, reference **{{ reference }}**, which the {{ received_by }} received on {{ review_received_on }}.
"""

REVIEW_FORWARDED = (
    "# Your review application has been forwarded\n\n"
    + _REVIEW_OPENING
    + """
Your review is decided by the **{{ review_body }}**, not by the body you sent it to. We forwarded your application to the {{ review_body }} on {{ forwarded_on }}.

Your application counts as made on the day it was first received, so you do not need to apply again. The {{ review_body_short }} will write to you about your review.
"""
)

REVIEW_NOT_VALID = (
    "# Your review application\n\n"
    + _REVIEW_OPENING
    + """
An application for a review must be made within {{ review_window_days }} days, counted from the day after you were told the outcome of your complaint. The last day to apply was {{ window_closed_on }}, and we did not find a special reason to accept your application after that day.

This means your application is not valid and the outcome of your complaint will not be reviewed. If there was a reason you could not apply in time that you have not told us about, contact us quoting your reference.
"""
)

REVIEW_DECISION = (
    "# The outcome of your review\n\n"
    + _REVIEW_OPENING
    + """
{% if upheld %}
## Decision: your review is upheld

The {{ review_body }} found that the outcome of your complaint was not reasonable and proportionate.
{% else %}
## Decision: your review is not upheld

The {{ review_body }} found that the outcome of your complaint was reasonable and proportionate.
{% endif %}

## Why

{{ rationale }}

{% if recommendations %}
## Recommendations made to the force

{% for recommendation in recommendations %}
{{ loop.index }}. {{ recommendation }}

{% endfor %}
{% endif %}
## What happens next

{{ what_next }}
"""
)

BUILT_IN = {
    "acknowledgement": ACKNOWLEDGEMENT,
    "update": UPDATE,
    "outcome": OUTCOME,
    "withdrawal": WITHDRAWAL,
    "review_forwarded": REVIEW_FORWARDED,
    "review_not_valid": REVIEW_NOT_VALID,
    "review_decision": REVIEW_DECISION,
}
