"""Listeners to other domains' signals (connected in ``DiseminasiConfig.ready``)."""


def saat_kim_aktif(sender, kim_id: int, **kwargs) -> None:
    """A KIM approved or unfrozen while campaigns run receives the ones aimed at it."""
    from .tasks import kampanye_untuk_kim

    kampanye_untuk_kim.enqueue(kim_id)
