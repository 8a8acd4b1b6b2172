from tests.faults.helpers import broker  # noqa: F401 - fixture
from tests.incidents.conftest import component, file_incident, party, route  # noqa: F401 - fixtures
