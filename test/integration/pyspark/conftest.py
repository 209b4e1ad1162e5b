import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def remote():
    url = os.environ.get("FULGUR_REMOTE")
    if not url:
        pytest.skip("FULGUR_REMOTE is not set: run through go test ./test/integration")
    return url


@pytest.fixture(scope="session")
def spark(remote):
    from pyspark.sql import SparkSession

    s = SparkSession.builder.remote(remote).getOrCreate()
    s.conf.set("spark.sql.session.timeZone", "UTC")
    yield s
    s.stop()
