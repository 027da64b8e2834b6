"""Prefect flows: orchestration only; the work happens in plain functions (kztariffs.pipeline)."""
