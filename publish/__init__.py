"""Writing releases: atomic, deterministic, and never at the cost of the last good one."""
