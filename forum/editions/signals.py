"""What happens to an edition that other areas follow, so that editions never needs to know
them (they sit above it).

Every receiver runs inside the transaction of the change that sent the signal.
"""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent as edition_cloned.send(source, target=new_edition, now=…) once the new edition has
# its id; each area copies what it owns from source into target (shifting times with
# forum.editions.settings.moved) and returns {table name: rows copied}.
edition_cloned = _signals.signal("edition-cloned")
