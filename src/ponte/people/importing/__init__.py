"""Importing people from an HR export (CSV or XLSX).

``parsing``, ``columns``, ``values`` and ``validation`` are plain Python (no models): they turn
bytes into checked rows. ``apply`` writes them; ``services`` runs the whole flow for an ImportJob,
the CLI and the benchmark.
"""
