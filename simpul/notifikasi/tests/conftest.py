"""Real loopback servers for the notification tests (reusable: import these fixtures from
``simpul.notifikasi.tests.conftest`` or use ``simpul.notifikasi.testing`` directly)."""

import pytest

from simpul.notifikasi.testing import PerekamHttp, ServerSmtp, pengaturan_kanal


@pytest.fixture(scope="session")
def _perekam_sesi():
    with PerekamHttp() as h:
        yield h


@pytest.fixture
def perekam_http(_perekam_sesi):
    """The HTTP recorder on 127.0.0.1 (one per test session, emptied for each test)."""
    _perekam_sesi.reset()
    yield _perekam_sesi
    _perekam_sesi.reset()


@pytest.fixture(scope="session")
def _smtp_sesi():
    with ServerSmtp() as s:
        yield s


@pytest.fixture
def server_smtp(_smtp_sesi):
    """An aiosmtpd server on 127.0.0.1, emptied for each test."""
    _smtp_sesi.reset()
    yield _smtp_sesi
    _smtp_sesi.reset()


@pytest.fixture
def kanal_uji(settings, perekam_http, server_smtp):
    """Every channel configured and pointed at the loopback servers."""
    for k, v in pengaturan_kanal(perekam_http.url).items():
        setattr(settings, k, v)
    settings.MAILERS = server_smtp.mailers()
    settings.SIMPUL_OUTBOX = {"JEDA_DASAR": 30}
    return perekam_http, server_smtp
