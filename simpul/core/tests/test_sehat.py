"""The liveness endpoint: answers from the database, discloses nothing, reads no session."""

import pytest

pytestmark = pytest.mark.django_db


def test_sehat_answers_ok_with_one_query_and_no_cookie(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        resp = client.get("/sehat/")
    assert resp.status_code == 200 and resp.json() == {"status": "ok"} and not resp.cookies
