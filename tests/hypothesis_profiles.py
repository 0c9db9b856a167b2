"""Hypothesis profiles of the hardening tests (issue 5).

``ci`` is what the hardening property tests use by default: few examples, no deadline, so the whole
module stays well under 30 s. ``long`` is for a real fuzzing run::

    python -m pytest tests/test_hardening_properties.py --hypothesis-profile=long

The profiles are registered when this module is imported. tests/conftest.py imports it, so that they
exist before Hypothesis' pytest plugin reads ``--hypothesis-profile``. Loading a profile is left to
the command line: the property tests pick ``long`` when it is the active profile and ``ci`` otherwise,
without changing the settings of any other test module.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

_SLOW_INPUTS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

settings.register_profile("ci", max_examples=25, deadline=None, suppress_health_check=_SLOW_INPUTS, derandomize=True)
settings.register_profile("long", max_examples=2_000, deadline=None, suppress_health_check=_SLOW_INPUTS)


def hardening_settings() -> settings:
    """The settings for the hardening property tests: ``long`` when loaded, else ``ci``."""
    current = getattr(settings, "get_current_profile_name", lambda: settings._current_profile)()
    return settings.get_profile("long" if current == "long" else "ci")
