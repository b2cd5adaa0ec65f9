"""The help pages' video tutorials, filmed from the demo by `manage.py build_tutorials`.

journeys.py says what is filmed (one journey per audience, each step with its caption),
camera.py how (a pointer, a highlight, time counted in frames), video.py and webvtt.py
the files it gives, build.py all of it for the command. The help page reads the result
through tremplin/pages/tutorials.py; the README ("Video tutorials") says how to run it.
"""
