# The toolkit's tests run over the same datasets as the symbiosis tests.
from tests.service.symbiosis.conftest import fixture_client, seed_client  # noqa: F401
