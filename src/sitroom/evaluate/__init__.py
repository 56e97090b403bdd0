"""Evaluations: one module per ``sitroom eval`` target.

Each module ``sitroom.evaluate.<target>`` defines a click command named ``command``; the CLI
finds it by module name, so adding an evaluation is adding a module. Evaluations print numbers
(and ``--json`` prints them as one JSON object); they never assert.
"""
