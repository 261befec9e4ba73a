"""UI tests drive real screens against the real server, through the same core fixtures."""

from tests.client.conftest import agency, device, keyring_backend, open_device  # noqa: F401
