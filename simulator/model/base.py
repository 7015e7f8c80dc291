"""What every input model shares: the strict pydantic base, the participant-code rule and
the rule of a scenario's start.

Scenario, directory, profile and sweep models derive from :class:`Strict`, so an unknown
field is an error (a typo is never a silent default) and a validated model cannot change.

A participant code names a state or organisation everywhere (directories, scenarios,
results): an ISO 3166 alpha-2 code such as ``DE``, or a short upper-case code for an
organisation such as ``EU`` or ``OSCE``. Input is trimmed and upper-cased first, so ``de``
is ``DE``. Bundled network profiles list states only and keep the narrower
:data:`CountryCode` (two upper-case letters, as written).

A scenario starts at an instant with a time zone (:data:`StartInstant`), kept in UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


class Strict(BaseModel):
    """A frozen model that rejects unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


PARTICIPANT_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,7}$")
"""A normalised participant code: an upper-case letter, then 1 to 7 letters or digits."""


def normalise_code(code: str) -> str:
    """``" de "`` -> ``"DE"``: how a participant code is written before it is checked."""
    return code.strip().upper()


def is_participant_code(code: str) -> bool:
    """Whether ``code`` (already normalised) is a well-formed participant code."""
    return PARTICIPANT_CODE.match(code) is not None


def _check_participant_code(code: str) -> str:
    code = normalise_code(code)
    if not is_participant_code(code):
        raise ValueError(f"code {code!r} must be an ISO 3166 alpha-2 code such as DE")
    return code


def _check_country_code(code: str) -> str:
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise ValueError(f"code {code!r} must be two upper-case letters (ISO 3166 alpha-2)")
    return code


ParticipantCode = Annotated[str, AfterValidator(_check_participant_code)]
"""A participant code, trimmed and upper-cased, then checked against :data:`PARTICIPANT_CODE`."""

CountryCode = Annotated[str, AfterValidator(_check_country_code)]
"""A state's ISO 3166 alpha-2 code as a bundled profile writes it: exactly two upper-case
letters, not normalised."""


def _check_start(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("start needs a time zone, e.g. 2026-03-06T15:00:00Z")
    return moment.astimezone(UTC)


StartInstant = Annotated[datetime, AfterValidator(_check_start)]
"""A scenario's ``start``: an instant with a time zone (a naive one is an error), in UTC."""
