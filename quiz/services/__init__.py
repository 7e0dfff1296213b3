"""Workflows over the models: plain functions, no request handling."""
