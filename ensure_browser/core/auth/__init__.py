"""Signing in as a person: temporary keys from the school's identity provider (no Qt).

One module per step or exchange, so another way in is one module more:

- :mod:`.errors`: :class:`~.errors.SignInError`, what a person reads when a sign-in fails;
- :mod:`.loopback`: the one-shot listener on 127.0.0.1 that receives the browser's redirect (RFC 8252);
- :mod:`.oidc`: OpenID Connect with authlib / joserfc (discovery, authorization code with PKCE, ID-token
  signature and claims, refresh);
- :mod:`.sts`: the storage server's STS API (``AssumeRoleWithWebIdentity``) and its answers in words;
- :mod:`.session`: :class:`~.session.SessionCredentials`, a minio-py credentials provider that renews
  the temporary keys before they expire;
- :mod:`.oidc_signin`: the steps together, for a profile of the OpenID Connect kind.

Tokens and temporary keys live in memory only (registered with :func:`ensure_browser.logs.register_secret`);
the refresh token goes to the OS keyring (:mod:`ensure_browser.core.profiles.secrets`).
"""
