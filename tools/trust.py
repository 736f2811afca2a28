"""The one context value this module trusts, and the two things it says.

Authorisation never comes from the context a client sends. The only value
trusted here is :data:`_TOKEN`, an object: JSON cannot carry it, so no RPC
call can send it; only this module's own code puts it in the context.

- :func:`trusted`: a write of the evidence (a delivered report, an
  acknowledgement, a frozen question) the server itself checked first
  (group, state, ownership); it lifts every guard of the evidence.
- :func:`quiet_writes`: the planner's own writes on interviews (cancelling
  what it planned, pointing one at its obligation): they change no fact and
  must not mark the employee changed, nor be tracked.
"""

_TOKEN = object()
TRUSTED_KEY = "l10n_fr_career_trusted"
QUIET_KEY = "l10n_fr_career_quiet"


def is_trusted(env):
    """True only inside this module's own server-side writes of the evidence."""
    return env.context.get(TRUSTED_KEY) is _TOKEN


def trusted(records):
    """``records`` as superuser, flagged as this module's own server-side write.

    Call it only after checking, on the server, that the current user may do
    what follows.
    """
    return records.sudo().with_context(**{TRUSTED_KEY: _TOKEN})


def is_quiet(env):
    """True only inside the planner's own writes."""
    return env.context.get(QUIET_KEY) is _TOKEN


def quiet_writes(records):
    """``records`` as superuser for the planner's own writes: no tracking, no
    creation message, no mark of changed facts."""
    return records.sudo().with_context(tracking_disable=True, mail_create_nolog=True, **{QUIET_KEY: _TOKEN})


def with_trust(records):
    """``records`` with the evidence's trust and nothing else (no sudo):
    for a framework method that must run as is (attachment migration)."""
    return records.with_context(**{TRUSTED_KEY: _TOKEN})
