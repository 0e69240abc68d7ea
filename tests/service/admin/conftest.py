from tests.service.submissions.fixtures import client, make_client  # noqa: F401
