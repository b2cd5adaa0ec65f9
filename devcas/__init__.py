"""The development ENT: django-cas-server playing the university's CAS for the demo and tests.

`python -m devcas <command>` is its manage.py; devcas.testing starts it from a test-suite.
It is never deployed.
"""
