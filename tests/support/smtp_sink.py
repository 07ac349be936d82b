#!/usr/bin/python3
"""A real SMTP server for the mail tests: Debian's aiosmtpd, writing every
message it accepts to a folder as one JSON file.

    /usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:PORT \
        -c smtp_sink.FolderHandler FOLDER

(run with tests/support on PYTHONPATH). Each file holds the envelope, the
raw message and what Python's own e-mail parser makes of it (decoded
subject, text and HTML parts, defects), so the C++ tests check the mail as an
independent reader sees it. Recipients whose local part starts with
"reject" are refused at RCPT; with "slow" the server stores the message and
then waits 5 s before it answers the end of DATA (a window for killing a
sender between delivery and its record of it).
"""
import asyncio
import email
import email.policy
import json
import os
import uuid


class FolderHandler:
    def __init__(self, folder):
        self.folder = folder
        os.makedirs(folder, exist_ok=True)

    @classmethod
    def from_cli(cls, parser, *args):
        if len(args) != 1:
            parser.error("FolderHandler takes the folder to write to")
        return cls(args[0])

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.split("@")[0].startswith("reject"):
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "raw": raw.decode("utf-8", "replace"),
            "headers": [[k, str(v)] for k, v in message.items()],
            "subject": str(message["subject"]),
            "from": str(message["from"]),
            "to": str(message["to"]),
            "message_id": str(message["message-id"]),
            "date": str(message["date"]),
            "content_type": message.get_content_type(),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "defects": [type(d).__name__ for d in message.defects] +
                       [type(d).__name__ for part in message.walk()
                        for d in part.defects],
        }
        name = "%s.json" % uuid.uuid4().hex
        tmp = os.path.join(self.folder, "." + name)
        with open(tmp, "w", encoding="utf-8") as out:
            json.dump(record, out)
        os.rename(tmp, os.path.join(self.folder, name))
        # Stored before the late answer, as a real server queues a message
        # before it replies: a client that dies now leaves a delivered mail
        # it never heard about.
        if any(r.split("@")[0].startswith("slow") for r in envelope.rcpt_tos):
            await asyncio.sleep(5)
        return "250 Message accepted for delivery"
