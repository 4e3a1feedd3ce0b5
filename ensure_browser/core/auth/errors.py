"""What a person reads when signing in fails."""

from __future__ import annotations

from ensure_browser.core.profiles.store import ProfileError


class SignInError(ProfileError):
    """Signing in with a profile failed: ``message`` says what happened in plain words, ``detail`` is for
    the log."""

    expected = True  # a failure the window reports to people (ui/workers.py logs it without a traceback)


class SignInCancelled(SignInError):
    """The person stopped the sign-in."""
