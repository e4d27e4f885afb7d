"""The marketplace's pages, one module per subject; each module lists its own routes."""
