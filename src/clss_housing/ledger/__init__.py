"""The tenant ledger: entry records, their stored form and the hash chain."""
