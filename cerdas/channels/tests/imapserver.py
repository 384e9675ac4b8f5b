"""A minimal IMAP4rev1 server on loopback, for the poller's tests.

It speaks what imaplib sends for Cerdas's poll (CAPABILITY, LOGIN, SELECT, UID SEARCH
UNSEEN, UID FETCH with BODY.PEEK[] or RFC822, UID STORE +FLAGS, NOOP, LOGOUT) and keeps
the \\Seen flag the way RFC 3501 says: FETCH RFC822 sets it, BODY.PEEK[] does not.
"""

import re
import socketserver
import threading
from dataclasses import dataclass, field

TOKEN = re.compile(rb'"((?:[^"\\]|\\.)*)"|(\([^)]*\))|(\S+)')


@dataclass
class StoredMail:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class Mailbox:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user, password
        self.mails: list[StoredMail] = []
        self.commands: list[str] = []  # every command name received, in order
        self.lock = threading.Lock()

    def add(self, raw: bytes, *, seen: bool = False) -> StoredMail:
        with self.lock:
            mail = StoredMail(len(self.mails) + 1, raw, {"\\Seen"} if seen else set())
            self.mails.append(mail)
            return mail

    def unseen(self) -> list[StoredMail]:
        return [m for m in self.mails if "\\Seen" not in m.flags]


def _args(line: bytes) -> list[bytes]:
    return [
        (quoted.replace(b'\\"', b'"').replace(b"\\\\", b"\\") if quoted is not None else None)
        or paren
        or bare
        for quoted, paren, bare in TOKEN.findall(line)
    ]


class Handler(socketserver.StreamRequestHandler):
    def send(self, line: bytes) -> None:
        self.wfile.write(line + b"\r\n")

    def handle(self) -> None:
        box: Mailbox = self.server.mailbox
        authed = False
        self.send(b"* OK [CAPABILITY IMAP4rev1] Cerdas test IMAP ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            parts = _args(line.rstrip(b"\r\n"))
            if len(parts) < 2:
                self.send(b"* BAD no command")
                continue
            tag, command, args = parts[0], parts[1].upper(), parts[2:]
            with box.lock:
                name = command + (b" " + args[0].upper() if command == b"UID" and args else b"")
                box.commands.append(name.decode())
            if command == b"CAPABILITY":
                self.send(b"* CAPABILITY IMAP4rev1")
            elif command == b"NOOP":
                pass
            elif command == b"LOGOUT":
                self.send(b"* BYE logging out")
                self.send(tag + b" OK LOGOUT completed")
                return
            elif command == b"LOGIN":
                if [a.decode() for a in args] != [box.user, box.password]:
                    self.send(tag + b" NO [AUTHENTICATIONFAILED] Invalid credentials")
                    continue
                authed = True
            elif not authed:
                self.send(tag + b" BAD authenticate first")
                continue
            elif command == b"SELECT":
                if args[0].upper() != b"INBOX":
                    self.send(tag + b" NO no such mailbox")
                    continue
                self.send(b"* %d EXISTS" % len(box.mails))
                self.send(b"* FLAGS (\\Seen \\Answered \\Flagged \\Deleted \\Draft)")
                self.send(b"* OK [UIDVALIDITY 1] UIDs valid")
                self.send(tag + b" OK [READ-WRITE] SELECT completed")
                continue
            elif command == b"UID":
                self.uid(tag, args[0].upper(), args[1:], box)  # answers its own tagged line
                continue
            else:
                self.send(tag + b" BAD unknown command")
                continue
            self.send(tag + b" OK " + command + b" completed")

    def uid(self, tag: bytes, sub: bytes, args: list[bytes], box: Mailbox) -> None:
        if sub == b"SEARCH" and args and args[0].upper() == b"UNSEEN":
            with box.lock:
                uids = b" ".join(str(m.uid).encode() for m in box.unseen())
            self.send(b"* SEARCH" + (b" " + uids if uids else b""))
        elif sub == b"FETCH":
            mail = self.find(args[0], box)
            what = args[1].upper() if len(args) > 1 else b""
            if mail is not None:
                if what == b"(RFC822)":
                    mail.flags.add("\\Seen")
                    item = b"RFC822"
                elif what == b"(BODY.PEEK[])":
                    item = b"BODY[]"
                else:
                    self.send(tag + b" BAD unsupported fetch")
                    return
                self.wfile.write(
                    b"* %d FETCH (UID %d %s {%d}\r\n" % (mail.uid, mail.uid, item, len(mail.raw))
                    + mail.raw
                    + b")\r\n"
                )
        elif sub == b"STORE" and len(args) == 3 and args[1].upper() == b"+FLAGS":
            mail = self.find(args[0], box)
            if mail is not None:
                mail.flags.update(f.decode() for f in args[2].strip(b"()").split())
                flags = " ".join(sorted(mail.flags)).encode()
                self.send(b"* %d FETCH (UID %d FLAGS (%s))" % (mail.uid, mail.uid, flags))
        else:
            self.send(tag + b" BAD unsupported UID command")
            return
        self.send(tag + b" OK UID " + sub + b" completed")

    @staticmethod
    def find(uid: bytes, box: Mailbox) -> StoredMail | None:
        return next((m for m in box.mails if str(m.uid).encode() == uid), None)


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve(mailbox: Mailbox):
    """Start a server for `mailbox`; returns (server, port). Stop with server.shutdown()."""
    server = Server(("127.0.0.1", 0), Handler)
    server.mailbox = mailbox
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    return server, server.server_address[1]
