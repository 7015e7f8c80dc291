"""A live communication check sent and collected by e-mail, UI-free.

The rules, each in its module; ``pocdrill live`` and the TUI's live board drive them:

* :mod:`~results.mail.settings`: the SMTP server and IMAP mailbox (file, environment,
  keyring); passwords never shown; TLS by default, plain text on loopback only;
* :mod:`~results.mail.tokens`: the address-free token in the subject tag and Message-ID;
* :mod:`~results.mail.compose`: the message from the scenario's text
  (:mod:`simulator.model.message`), the deadline in the recipient's local time;
* :mod:`~results.mail.plan`: who gets the check, reminders, escalations, a bounce's next
  contact, and the call list;
* :mod:`~results.mail.outbox`: sending through the store's outbox (queued, sending, sent,
  failed, unknown) at a rate limit; :mod:`~results.mail.smtp`: SMTP and ``.eml`` folders;
* :mod:`~results.mail.imap`, :mod:`~results.mail.classify`, :mod:`~results.mail.collect`:
  reading the answers mailbox, telling DSNs, automatic replies and replies apart, and
  recording each message once;
* :mod:`~results.mail.check` (plan, dry run, start, reopen), :mod:`~results.mail.watch`
  (the watcher's passes), :mod:`~results.mail.progress` (what a pass did, and the
  watcher's one line) and :mod:`~results.mail.status` (what the facilitator reads);
* :mod:`~results.mail.errors`: a server's failure as one line.

What is stored (:mod:`results.store.mail`) holds no address and no body.
"""
