"""Token authentication and TLS, driven by secure_test.go with a dedicated driver."""
import os

import pytest
from pyspark.sql import SparkSession

MODE = os.environ.get("FULGUR_SECURE_MODE")
PORT = os.environ.get("FULGUR_PORT")

pytestmark = pytest.mark.skipif(not MODE, reason="run through go test ./test/integration")


def new_session(url):
    # A fresh client each time: getOrCreate would reuse the previous session.
    return SparkSession.builder.remote(url).create()


@pytest.mark.skipif(MODE != "token", reason="token mode")
def test_right_token():
    s = new_session(f"sc://localhost:{PORT}/;token=ABCDEFG")
    assert s.range(10).count() == 10
    s.stop()


@pytest.mark.skipif(MODE != "token", reason="token mode")
@pytest.mark.parametrize("suffix", ["", "/;token=WRONG"])
def test_missing_or_wrong_token(suffix):
    s = new_session(f"sc://localhost:{PORT}{suffix}")
    with pytest.raises(Exception) as e:
        s.range(10).count()
    assert "UNAUTHENTICATED" in str(e.value) or "authentication token" in str(e.value), str(e.value)


@pytest.mark.skipif(MODE != "tls", reason="tls mode")
def test_tls():
    s = new_session(f"sc://localhost:{PORT}/;use_ssl=true")
    assert s.range(10).count() == 10
    s.stop()
