"""Signing in as a person does: the password, then a code from their authenticator app.

Each accepted code must be newer than the last one (a code works once), so the helper
remembers the last time step it used for each address and takes the next one the app
would accept, waiting for the clock when it has used them all.
"""

from __future__ import annotations

import datetime as dt
import time

from complaints.auth import two_factor
from complaints.common.clock import utcnow
from tests.factories import PASSWORD, TOTP_SECRET

_last_step: dict[str, int] = {}


def next_code(email: str, secret: str = TOTP_SECRET) -> str:
    """A code the app would show, not used for this address before."""
    while True:
        now = utcnow()
        step, into = divmod(int(now.timestamp()), two_factor.STEP_SECONDS)
        # The previous step's code is accepted until this step ends: use it only with time
        # to spare (a slow test would send it too late), so that three sign-ins fit a step.
        earliest = step - 1 if into < two_factor.STEP_SECONDS - 10 else step
        chosen = max(earliest, _last_step.get(email, earliest - 1) + 1)
        if chosen <= step + 1:
            _last_step[email] = chosen
            moment = dt.datetime.fromtimestamp(chosen * two_factor.STEP_SECONDS, tz=dt.UTC)
            return two_factor.current_code(secret, moment)
        time.sleep(1)


def sign_in(client, email: str, password: str = PASSWORD, *, secret: str = TOTP_SECRET):
    """Sign in through the real pages; returns the last response (a redirect)."""
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, response.data[:500]
    assert response.location.endswith("/sign-in/two-factor"), response.location
    response = client.post("/sign-in/two-factor", data={"code": next_code(email, secret)})
    assert response.status_code == 302, response.data[:500]
    return response
