"""Tests of the ``clss-housing`` command line."""
