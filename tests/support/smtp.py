"""A small SMTP server on a loopback port, for the tests of outgoing e-mail.

It speaks the part of RFC 5321 that ``smtplib`` uses (EHLO/HELO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT) and keeps what it receives: ``server.messages`` holds one ``Received`` per
delivered e-mail (envelope and the parsed ``email.message.EmailMessage``). ``refuse`` makes
it answer a permanent failure to the chosen command, to test how failures are recorded;
``credentials`` (a ``(user, password)``) makes it ask for ``AUTH PLAIN`` first, and
``logins`` lists the users that logged in. With a ``tls`` server context it offers
STARTTLS, or speaks TLS from the first byte with ``implicit_tls`` (port-465 style).
"""
from __future__ import annotations

import base64
import email
import email.policy
import socketserver
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@dataclass
class Received:
    mail_from: str
    rcpt_to: list[str]
    message: email.message.EmailMessage
    encrypted: bool = False

    def text(self, subtype: str = "html") -> str:
        """The decoded body part of MIME type ``text/<subtype>``."""
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None else ""


class _Handler(socketserver.StreamRequestHandler):
    timeout = 10
    _upgraded = None            # the TLS socket STARTTLS made (the server only knows the plain one)

    def finish(self) -> None:
        super().finish()
        if self._upgraded is not None:
            self._upgraded.close()

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        server: SmtpServer = self.server.owner
        self.reply("220 localhost test SMTP ready")
        mail_from, rcpt_to, authenticated = "", [], False
        encrypted = isinstance(self.request, ssl.SSLSocket)
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            command, _space, argument = raw.decode("utf-8", "replace").strip().partition(" ")
            verb = command.upper()
            if verb in server.refuse:
                self.reply(f"554 5.7.1 {server.refuse[verb]}")
                continue
            if verb == "EHLO":
                self.reply("250-localhost")
                self.reply("250-8BITMIME")
                if server.credentials:
                    self.reply("250-AUTH PLAIN")
                if server.tls and not encrypted:
                    self.reply("250-STARTTLS")
                self.reply("250 SMTPUTF8")
            elif verb == "STARTTLS" and server.tls and not encrypted:
                self.reply("220 2.0.0 Ready to start TLS")
                self.request = self._upgraded = server.tls.wrap_socket(self.request,
                                                                       server_side=True)
                self.rfile = self.request.makefile("rb")
                self.wfile = self.request.makefile("wb", buffering=0)
                mail_from, rcpt_to, authenticated, encrypted = "", [], False, True
            elif verb == "AUTH":
                _mechanism, _space, answer = argument.partition(" ")
                _zone, user, password = base64.b64decode(answer).decode().split("\0")
                if (user, password) == server.credentials:
                    authenticated = True
                    server.logins.append(user)
                    self.reply("235 2.7.0 Authentication successful")
                else:
                    self.reply("535 5.7.8 Authentication credentials invalid")
            elif verb in ("MAIL", "RCPT", "DATA") and server.credentials and not authenticated:
                self.reply("530 5.7.0 Authentication required")
            elif verb == "HELO":
                self.reply("250 localhost")
            elif verb == "MAIL":
                mail_from, rcpt_to = _address(argument), []
                self.reply("250 OK")
            elif verb == "RCPT":
                rcpt_to.append(_address(argument))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = self._read_data()
                message = email.message_from_bytes(data, policy=email.policy.default)
                with server.lock:
                    server.messages.append(Received(mail_from, rcpt_to, message, encrypted))
                self.reply("250 OK queued")
            elif verb in ("RSET", "NOOP"):
                mail_from, rcpt_to = ("", []) if verb == "RSET" else (mail_from, rcpt_to)
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 5.5.2 Command not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            line = self.rfile.readline()
            if not line or line in (b".\r\n", b".\n"):
                return b"".join(lines)
            lines.append(line[1:] if line.startswith(b"..") else line)


def _address(argument: str) -> str:
    """The address of ``FROM:<a@b>`` / ``TO:<a@b>`` (parameters after it left out)."""
    value = argument.partition(":")[2].strip()
    return value.split(">", 1)[0].lstrip("<")


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    implicit_tls: ssl.SSLContext | None = None

    def get_request(self):
        connection, address = super().get_request()
        if self.implicit_tls:
            connection = self.implicit_tls.wrap_socket(connection, server_side=True)
        return connection, address


class SmtpServer:
    """``with SmtpServer() as smtp:`` serves on ``smtp.port`` of 127.0.0.1 until the end."""

    host = "127.0.0.1"

    def __init__(self, tls: ssl.SSLContext | None = None, implicit_tls: bool = False) -> None:
        self.messages: list[Received] = []
        self.tls = tls
        self.refuse: dict[str, str] = {}          # verb -> reason of the 554 it gets
        self.credentials: tuple[str, str] | None = None
        self.logins: list[str] = []
        self.lock = threading.Lock()
        self._server = _TCPServer((self.host, 0), _Handler)
        self._server.owner = self
        self._server.implicit_tls = tls if implicit_tls else None
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name=f"test-smtp-{self.port}", daemon=True)

    def __enter__(self) -> SmtpServer:
        self._thread.start()
        return self

    @staticmethod
    def self_signed_context() -> ssl.SSLContext:
        """A server TLS context with the suite's self-signed certificate for ``localhost``
        (``smtp_test.pem``/``smtp_test.key`` beside this file: made once with ``openssl req
        -x509 -days 36500``, a test-only key), so the TLS tests need no tool at run time."""
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(_HERE / "smtp_test.pem"), str(_HERE / "smtp_test.key"))
        return context

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

