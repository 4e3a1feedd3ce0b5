"""Signing in as a person (see :mod:`ensure_browser.core.auth`): the browser sign-in with its waiting
dialog (:mod:`.sign_in`), and who is signed in until when, renewal failures and "Sign out" (:mod:`.session_bar`)."""
