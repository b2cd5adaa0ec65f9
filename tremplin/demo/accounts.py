"""The demo accounts, as `make demo` prints them and the README lists them."""

DEMO_ACCOUNTS_TEXT = """
Demo accounts (development ENT, every password is "demo"):
  Étudiant              alice.martin   student, composante SCI, VET L3INF
                        bob.nguyen     student, composante DRT, VET M1DPR
  Connexion personnels  paul.admin     administrator
                        claire.resp    staff (make her responsable of SCI in Gestion → Rôles)
                        marc.resp      responsable of VET L3INF
                        nina.conseil   career adviser
                        david.drt      responsable of composante DRT
Graduates (Diplômé → Inscription; see the README's walkthrough):
  in the registry, diploma found     Moreau-Dupuis / Léa / 12/03/1998
  in the registry, other diploma     Lambert / Hugo / 05/07/1997
  absent from the registry           Garnier / Inès / 21/09/1995
  university address                 Girard / Tom / 02/01/2001 / tom.girard@etu.univ-demo.fr
  student who graduates              chloe.bernard (ENT), then in Gestion, upload
                                     tremplin/demo/data/diplomes-2026.csv
Companies (Entreprises / Partenaires → Connexion, password "Recruteur-demo-2026"):
  rh@biolab-auvergne.fr          BioLab Auvergne, accepted: signs in to the recruiter space
  contact@atelier-numerique.fr   Atelier Numérique, waiting: paul.admin decides in
                                 Gestion → Inscriptions de recruteurs à valider
"""
