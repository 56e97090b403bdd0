"""Runners: how the pipeline's stages are run (here, in one process); never what they do."""
