"""The demo accounts, as `make demo` prints them and the README lists them."""

DEMO_ACCOUNTS_TEXT = """
Demo accounts (development ENT, every password is "demo"):
  Étudiant              alice.martin   student, composante SCI, VET L3INF
                        bob.nguyen     student, composante DRT, VET M1DPR
  Connexion personnels  paul.admin     administrator
                        claire.resp    staff (make her responsable of SCI in Gestion → Rôles)
                        marc.resp      responsable of VET L3INF
                        nina.conseil   career adviser
"""
