"""What the registry tells other domains, without knowing them.

``kim_aktif`` is sent (after the transaction commits) with ``kim_id`` when a KIM becomes active:
approved, or unfrozen. Domains that deliver to active KIMs (diseminasi: running campaigns) listen.
"""

from django.dispatch import Signal

kim_aktif = Signal()
