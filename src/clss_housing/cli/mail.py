"""
Sending a document by e-mail through the SMTP server named in the configuration file.

The ``[mail]`` table of the configuration file (``clss-housing.toml`` beside
the database, ``--config FILE`` or ``CLSS_HOUSING_CONFIG``) says how::

    [mail]
    host = "smtp.example.org"       # required
    port = 587                      # default 25 (465 with ssl = true)
    sender = "agenda@example.org"   # required: the From address
    starttls = true                 # upgrade the connection (default false)
    ssl = false                     # connect over TLS from the start (default false)
    username = "agenda"             # log in when given
    password_env = "CLSS_SMTP_PASSWORD"  # the environment variable holding the password

A password is never written in the file: only the name of the environment
variable that holds it.
"""

from __future__ import annotations

import os
import smtplib
import ssl as ssl_module
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any, Final

import attrs

from clss_housing.errors import ValidationError


__all__ = ["MailSettings", "check_address", "send_mail"]

_KEYS: Final = ("host", "port", "sender", "starttls", "ssl", "username", "password_env")


def check_address(value: str, field: str) -> str:
    """Return ``value`` if it is one plain e-mail address, else refuse it (naming ``field``)."""
    text = value.strip()
    _, address = parseaddr(text)
    if (not address or address != text or "@" not in address or any(c in text for c in "\r\n,;")
            or address.startswith("@") or address.endswith("@")):
        raise ValidationError(field, text, "is not one e-mail address (name@example.org)")
    return address


@attrs.frozen
class MailSettings:
    """How to reach the SMTP server (see the module docstring)."""

    host: str
    sender: str
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password_env: str | None = None

    @classmethod
    def from_table(cls, table: Mapping[str, Any], source: str) -> MailSettings:
        """
        Read the ``[mail]`` table of the configuration file ``source``.

        Raises:
            ValidationError: a missing or unknown key or a value of the wrong type,
                naming the file and the key.
        """
        unknown = sorted(set(table) - set(_KEYS))
        if unknown:
            raise ValidationError(f"{source}: mail.{unknown[0]}", None,
                                  f"is not a mail setting; known: {', '.join(_KEYS)}")
        for key in ("host", "sender"):
            if not isinstance(table.get(key), str) or not table[key].strip():
                raise ValidationError(f"{source}: mail.{key}", None, "is required (text)")
        use_ssl = table.get("ssl", False)
        port = table.get("port", 465 if use_ssl is True else 25)
        if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
            raise ValidationError(f"{source}: mail.port", port, "must be a port number 1–65535")
        for key in ("starttls", "ssl"):
            if not isinstance(table.get(key, False), bool):
                raise ValidationError(f"{source}: mail.{key}", table[key], "must be true or false")
        for key in ("username", "password_env"):
            if key in table and not isinstance(table[key], str):
                raise ValidationError(f"{source}: mail.{key}", None, "must be text")
        return cls(
            host=table["host"].strip(),
            sender=check_address(table["sender"], f"{source}: mail.sender"),
            port=port,
            starttls=table.get("starttls", False),
            ssl=use_ssl,
            username=table.get("username"),
            password_env=table.get("password_env"),
        )

    def password(self) -> str | None:
        """The password from its environment variable (``None`` when none is named)."""
        if self.password_env is None:
            return None
        value = os.environ.get(self.password_env)
        if value is None:
            raise ValidationError("mail.password_env", self.password_env,
                                  "names an environment variable that is not set")
        return value


def send_mail(
    settings: MailSettings, to: str, subject: str, text: str, html: str | None = None
) -> str:
    """
    Send one message (plain text, with an HTML alternative when given); return its Message-ID.

    Raises:
        ValidationError: the server could not be reached or refused the message
            (field ``mail.host``; the server's own answer is not echoed).
    """
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = check_address(to, "--mail-to")
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2])
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    password = settings.password()
    try:
        if settings.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.host, settings.port, timeout=30,
                context=ssl_module.create_default_context(),
            )
        else:
            client = smtplib.SMTP(settings.host, settings.port, timeout=30)
        with client:
            if settings.starttls:
                client.starttls(context=ssl_module.create_default_context())
            if settings.username is not None:
                client.login(settings.username, password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise ValidationError(
            "mail.host", f"{settings.host}:{settings.port}",
            f"did not take the message ({type(exc).__name__}); check the [mail] settings",
        ) from None
    return str(message["Message-ID"])
