"""Schemathesis against /openapi.json of a real server: no generated request gets a 5xx, and every
error uses the one shape.

Bounded: a few examples per operation, on SQLite (the PostgreSQL code paths run the same SQL and are
exercised by the rest of the suite on both databases)."""

from hypothesis import HealthCheck, given, settings
import schemathesis
from schemathesis.checks import not_a_server_error

from chipcontrols.ledger import Ledger

from api_server import api_for

EXAMPLES_PER_OPERATION = 12


def test_no_generated_request_gets_a_server_error(tmp_path):
    ledger = Ledger(f"sqlite:///{tmp_path}/ledger.sqlite")
    ledger.upgrade()
    with api_for(ledger) as live:
        schema = schemathesis.openapi.from_dict(live.as_("viewer").get("/openapi.json").json())
        operations = [result.ok() for result in schema.get_all_operations()]
        statuses = []
        assert len(operations) >= 25
        for operation in operations:
            role = "admin" if operation.path.startswith(("/keys", "/ledger")) else "officer"

            @given(case=operation.as_strategy())
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def fuzz(case):
                response = case.call(base_url=live.base, headers={"X-API-Key": live.keys[role]})
                statuses.append(response.status_code)
                case.validate_response(response, checks=[not_a_server_error])
                if response.status_code >= 400:
                    error = response.json()["error"]
                    assert error["code"] and error["message"], response.text

            fuzz()
        assert len(statuses) >= 10 * len(operations) and sum(200 <= c < 300 for c in statuses) >= 100  # it really ran
    ledger.dispose()
