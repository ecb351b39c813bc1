"""Tests of the ledger: entries, their stored form and the hash chain."""
