"""Hypothesis profiles, chosen by ``TEXTMEND_HYPOTHESIS_PROFILE``.

- ``dev`` (the default locally): quick, for the edit-test loop.
- ``ci`` (the default when ``CI`` is set): thorough; the whole suite stays within
  CI's time budget on a 2-core machine (see docs/testing.md for the measured time).
- ``debug``: few examples, verbose output, to watch what hypothesis tries.

Deadlines are off in every profile: the machine is shared and a slow example is
the linearity tests' business (tests/test_linearity.py), not a flaky failure here.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Verbosity, settings

# The example plugin is a package of its own, installed by tests/test_testing.py.
collect_ignore = ["plugin_example"]

_COMMON = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}

settings.register_profile("dev", max_examples=25, **_COMMON)  # type: ignore[arg-type]
settings.register_profile("ci", max_examples=200, print_blob=True, **_COMMON)  # type: ignore[arg-type]
settings.register_profile(
    "debug", max_examples=10, verbosity=Verbosity.verbose, **_COMMON  # type: ignore[arg-type]
)

PROFILE = os.environ.get("TEXTMEND_HYPOTHESIS_PROFILE") or (
    "ci" if os.environ.get("CI", "").lower() in {"1", "true", "yes"} else "dev"
)
settings.load_profile(PROFILE)


def pytest_report_header() -> str:
    return f"hypothesis profile: {PROFILE} (TEXTMEND_HYPOTHESIS_PROFILE=dev|ci|debug)"
