"""Throttling sign-in guesses without letting anyone lock a person out.

A hard lock after five wrong passwords hands an outsider who knows staff addresses (they
are guessable) a way to lock out the whole PSD. Instead, guesses are limited per client
address and per account over several windows at once, so each further burst of wrong
guesses waits longer (a minute, then a quarter of an hour, then an hour, then a day).
A browser that has signed in to the account before, with the second factor, carries a
device cookie (OWASP's "device cookies"): its attempts count against its own, separate
limit, so the person can still sign in from their usual place while their account is
under attack from elsewhere.

Counters live in Redis where ``REDIS_URL`` is set (shared by every app process), and in
the process's memory otherwise (the embedded default, one process).
"""

from __future__ import annotations

from dataclasses import dataclass

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

# Wrong guesses allowed, per window, before the next must wait.
ADDRESS_LIMITS = "20/minute;100/hour;300/day"
ACCOUNT_LIMITS = "5/minute;10/15 minutes;20/hour;50/day"
DEVICE_LIMITS = "10/minute;30/hour"
CODE_LIMITS = "5/5 minutes;15/hour"
# The public complaint form, per client address: its pages, and complaints sent.
PUBLIC_PAGE_LIMITS = "60/minute;600/hour"
PUBLIC_SEND_LIMITS = "3/10 minutes;10/day"
TRACKING_LIMITS = "10/10 minutes;30/day"  # asking for, and opening, Track my complaint links


@dataclass(frozen=True)
class Counter:
    """One thing whose wrong guesses are counted (an address, an account, a device)."""

    kind: str
    key: str


class Throttle:
    """Counts failures and says whether another attempt may be tried now."""

    def __init__(
        self,
        storage_uri: str,
        namespace: str = "complaints",
        limits: dict[str, str] | None = None,
    ) -> None:
        options = {"key_prefix": namespace} if storage_uri.startswith("redis") else {}
        self.storage: Storage = storage_from_string(storage_uri, **options)
        self.namespace = namespace
        self.limiter = MovingWindowRateLimiter(self.storage)
        chosen = {
            "address": ADDRESS_LIMITS,
            "account": ACCOUNT_LIMITS,
            "device": DEVICE_LIMITS,
            "code": CODE_LIMITS,
            "public_page": PUBLIC_PAGE_LIMITS,
            "public_send": PUBLIC_SEND_LIMITS,
            "tracking": TRACKING_LIMITS,
        } | (limits or {})
        self.limits: dict[str, list[RateLimitItem]] = {
            kind: parse_many(text) for kind, text in chosen.items()
        }

    def _items(self, counter: Counter) -> list[RateLimitItem]:
        return self.limits[counter.kind]

    def allows(self, *counters: Counter) -> bool:
        """Whether none of these has used up any of its windows."""
        return all(
            self.limiter.test(item, self.namespace, counter.kind, counter.key)
            for counter in counters
            for item in self._items(counter)
        )

    def failed(self, *counters: Counter) -> None:
        """Count one wrong guess against each of these."""
        for counter in counters:
            for item in self._items(counter):
                self.limiter.hit(item, self.namespace, counter.kind, counter.key)

    def take(self, *counters: Counter) -> bool:
        """Count one use against each of these; False once any has used up a window."""
        within = True
        for counter in counters:
            for item in self._items(counter):
                within = (
                    self.limiter.hit(item, self.namespace, counter.kind, counter.key) and within
                )
        return within

    def reset(self) -> None:
        """Forget every count (tests; an operator after an incident)."""
        self.storage.reset()


def address(value: str) -> Counter:
    return Counter("address", value)


def account(email: str) -> Counter:
    """Keyed by the address typed, known or not, so an unknown account is counted (and
    answered) exactly as a real one."""
    return Counter("account", email)


def device(nonce: str) -> Counter:
    return Counter("device", nonce)


def codes(user_id: int) -> Counter:
    return Counter("code", str(user_id))
