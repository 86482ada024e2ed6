"""What the registration lifecycle tells other areas, so that it never needs to know them.

Badges, the agenda and others connect to these in their ``init_app``; every receiver runs
inside the transaction of the change that sent the signal.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent as status_changed.send(registration, before=…, after=…, now=…) after each change.
status_changed = _signals.signal("registration-status-changed")

# Sent as welcome_attachments.send(registration) while a welcome e-mail is written;
# each receiver returns a list of mail Attachments to send with it.
welcome_attachments = _signals.signal("registration-welcome-attachments")

# Sent as badge_roles.send(registration_ids=[…]) while badges are printed; each receiver
# returns {registration_id: role line}, e.g. "Speaker" for a delegate on a panel.
badge_roles = _signals.signal("registration-badge-roles")
