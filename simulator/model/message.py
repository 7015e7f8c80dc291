"""The text of a check's messages: subject and body templates with placeholders.

A live check sends real e-mail (:mod:`results.mail`); the scenario says what it says. A
template may use only the placeholders in :data:`PLACEHOLDERS` (``{participant}``,
``{deadline}`` ...); an unknown one, a stray brace or an empty text is an error when the
scenario is loaded, never when the messages go out. Reminders and escalations reuse the
check's text unless the scenario gives their own.
"""

from __future__ import annotations

from string import Formatter

from pydantic import Field, field_validator

from simulator.model.base import Name, Strict, Subject

PLACEHOLDERS = {
    "participant": "The participant's name (e.g. Austria)",
    "code": "The participant's code (e.g. AT)",
    "role": "The contact's role (policy, technical, deputy_policy ...)",
    "deadline": "The deadline in the recipient's local time, with its zone",
    "deadline_utc": "The deadline in UTC",
    "tasks": "The tasks, one per line with a dash (empty when there are none)",
    "scenario": "The scenario's name",
    "organisation": "The directory's organisation (e.g. OSCE)",
}
"""The placeholders a message template may use, and what each becomes."""


def template_fields(text: str) -> list[str]:
    """The placeholder names ``text`` uses; raises :class:`ValueError` for a malformed
    template (a lone brace, a conversion or a format spec)."""
    names = []
    for _literal, name, spec, conv in Formatter().parse(text):
        if name is None:
            continue
        if spec or conv or not name.isidentifier():
            raise ValueError(f"placeholder {{{name}}} must be a plain name such as {{participant}}")
        names.append(name)
    return names


def _check_template(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    try:
        names = template_fields(text)
    except ValueError as e:
        raise ValueError(f"{e}; write {{{{ and }}}} for literal braces") from None
    unknown = sorted(set(names) - set(PLACEHOLDERS))
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}}; use "
                         + ", ".join(f"{{{k}}}" for k in PLACEHOLDERS))
    return text


class MessageSpec(Strict):
    """What the check's e-mail says (subject and body templates) and the tasks it asks."""

    subject: Subject = Field(description="Subject template; the token tag is added before it")
    body: str = Field(description="Body template (plain text)")
    tasks: list[str] = Field(default_factory=list, description="Tasks, listed by {tasks}")
    reminder_subject: Subject | None = Field(
        None, description="Subject of reminders (default: 'Reminder: ' and the subject)")
    reminder_body: str | None = Field(None, description="Body of reminders (default: the body)")
    escalation_body: str | None = Field(
        None, description="Body of the copy sent to deputies on escalation (default: the body)")
    sender_name: Name = Field("Exercise secretariat", description="Display name of the sender")

    @field_validator("subject", "body")
    @classmethod
    def _template(cls, v: str) -> str:
        return _check_template(v)

    @field_validator("reminder_subject", "reminder_body", "escalation_body")
    @classmethod
    def _optional(cls, v: str | None) -> str | None:
        return None if v is None else _check_template(v)

    @field_validator("subject", "reminder_subject")
    @classmethod
    def _one_line(cls, v: str | None) -> str | None:
        if v is not None and ("\n" in v.strip() or "\r" in v):
            raise ValueError("a subject is one line")
        return None if v is None else v.strip()

    @field_validator("tasks")
    @classmethod
    def _tasks(cls, v: list[str]) -> list[str]:
        if any(not t.strip() for t in v):
            raise ValueError("a task must not be empty")
        return [t.strip() for t in v]
