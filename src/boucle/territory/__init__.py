"""Territorial material flow accounts: an organisation's material flow studies and their pages.

The computation is the pure-Python engine `boucle.engines.mfa`; this app stores a study's input
files and computed results, and shows them (indicator tables, Sankey diagram, time series,
comparisons, downloads).
"""
