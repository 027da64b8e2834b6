"""Fetching, raw snapshots and one small parser module per brand."""
