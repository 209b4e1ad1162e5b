"""Runs scenarios.py on Fulgur and compares with the goldens real Spark produced."""
import os

import pytest

import scenarios

GOLDEN = os.path.join(scenarios.TESTDATA, "golden")


@pytest.mark.parametrize("scenario", scenarios.SCENARIOS, ids=lambda s: s.__name__)
def test_scenario(spark, scenario):
    with open(os.path.join(GOLDEN, scenario.__name__ + ".txt")) as f:
        want = f.read()
    assert scenario(spark) == want
