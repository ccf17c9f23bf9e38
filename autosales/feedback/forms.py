"""The feedback form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length

from autosales.models import FEEDBACK_CATEGORIES

MESSAGE_MAX = 5000


class FeedbackForm(FlaskForm):
    category = RadioField(
        "What is it about?",
        choices=[SelectChoice(key, label) for key, label in FEEDBACK_CATEGORIES.items()],
        default="problem",
        validate_choice=False,
        validators=[
            AnyOf(list(FEEDBACK_CATEGORIES), message="Choose a problem, an idea, a question or "
                  "something else."),
        ],
    )  # fmt: skip
    message = TextAreaField(
        "Your message",
        validators=[
            DataRequired("Type your message: what happened, or what you would like."),
            Length(max=MESSAGE_MAX, message=f"Keep the message under {MESSAGE_MAX:,} characters."),
        ],
    )
    include_page = BooleanField("Include the page I was on", default=True)
    page = HiddenField(validators=[Length(max=500)])

    def page_to_store(self) -> str | None:
        """Give the page the user came from when they ticked the box, else None."""
        if not self.include_page.data:
            return None
        return (self.page.data or "").strip()[:500] or None
