"""Helpers of the Point of Sale that are not models: the payload cache's bytes."""
