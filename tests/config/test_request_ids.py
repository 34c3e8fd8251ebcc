"""Each request's id: our proxy's when it sent one, else made here; always in the answer."""

import logging
import re

import pytest

HEX32 = re.compile(r"^[0-9a-f]{32}$")
PROXY_ID = "0f8fad5bd9cb469fa16570867728950e"


@pytest.mark.parametrize(
    ("trusted", "kept"),
    [([], False), (["127.0.0.1"], True), (["10.0.0.0/8"], False)],
)
def test_the_id_is_the_trusted_proxys_or_a_new_one(db, client, settings, trusted, kept):
    settings.TRUSTED_PROXIES = trusted
    answer = client.get("/accounts/login/", HTTP_X_REQUEST_ID=PROXY_ID, REMOTE_ADDR="127.0.0.1")
    assert answer.status_code == 200
    assert HEX32.match(answer["X-Request-ID"])
    assert (answer["X-Request-ID"] == PROXY_ID) is kept


def test_an_id_that_is_not_a_uuid_is_replaced_even_from_the_proxy(db, client, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    answer = client.get("/accounts/login/", HTTP_X_REQUEST_ID="x\n{forged}", REMOTE_ADDR="127.0.0.1")
    assert HEX32.match(answer["X-Request-ID"])


def test_each_request_leaves_one_line_with_its_id(users, client, caplog):
    client.force_login(users.county)
    caplog.set_level(logging.INFO, logger="dibao.requests")
    answer = client.get("/households/?q=张三")
    lines = [record for record in caplog.records if record.name == "dibao.requests"]
    assert len(lines) == 1
    line = lines[0]
    assert (line.method, line.path, line.status, line.user_id) == (
        "GET",
        "/households/",
        200,
        users.county.pk,
    )
    assert "张三" not in line.getMessage()  # the query (a name searched for) is not logged
    assert HEX32.match(answer["X-Request-ID"])
